// leaklab:go 1.22
package fixtures

import (
	"fmt"
	"time"
)

func waitHealthy(check func() bool) {
	for range time.Tick(time.Second) { // want "time-tick-leak"
		if check() {
			return
		}
	}
}

func pollN(n int) {
	tick := time.Tick(100 * time.Millisecond) // want "time-tick-leak"
	for i := 0; i < n; i++ {
		<-tick
		fmt.Println("poll", i)
	}
}

func selectWithTick(done <-chan struct{}) {
	tick := time.Tick(time.Second) // want "time-tick-leak"
	for {
		select {
		case <-tick:
			fmt.Println("tick")
		case <-done:
			return
		}
	}
}

func goroutineReturns(done <-chan struct{}) {
	go func() {
		for {
			select {
			case <-time.Tick(time.Second): // want "time-tick-leak"
				fmt.Println("tick")
			case <-done:
				return
			}
		}
	}()
}

// Negatives.

func pollForever(work func()) {
	for range time.Tick(time.Second) {
		work()
	}
}

func tickerStopped(check func() bool) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		if check() {
			return
		}
	}
}

func main() {
	go func() {
		for range time.Tick(time.Second) {
			fmt.Println("background")
		}
	}()
	for range time.Tick(time.Minute) {
		fmt.Println("main loop")
	}
}
