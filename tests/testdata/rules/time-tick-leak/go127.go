package fixtures

import (
	"fmt"
	"time"
)

func startReporter(report func()) {
	go func() {
		for range time.Tick(time.Minute) { // want "time-tick-leak"
			report()
		}
	}()
}

func startSampler(sample func() int) {
	go func() {
		tick := time.Tick(time.Second) // want "time-tick-leak"
		for {
			<-tick
			fmt.Println(sample())
		}
	}()
}

// Negatives.

func waitHealthyLatest(check func() bool) {
	for range time.Tick(time.Second) {
		if check() {
			return
		}
	}
}

func goroutineWithExit(done <-chan struct{}) {
	go func() {
		tick := time.Tick(time.Second)
		for {
			select {
			case <-tick:
				fmt.Println("tick")
			case <-done:
				return
			}
		}
	}()
}

func pollNLatest(n int) {
	tick := time.Tick(time.Millisecond)
	for i := 0; i < n; i++ {
		<-tick
	}
}
