// leaklab:go 1.22
package fixtures

import (
	"context"
	"fmt"
	"time"
)

func pollUntilReady(ready func() bool) {
	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
	for range t.C {
		if ready() {
			return
		}
	}
}

func heartbeat(n int) {
	tick := time.NewTicker(10 * time.Millisecond) // want "ticker-not-stopped"
	for i := 0; i < n; i++ {
		<-tick.C
		fmt.Println("beat", i)
	}
}

func timeoutTimer(ch <-chan int) int {
	timer := time.NewTimer(time.Minute) // want "ticker-not-stopped"
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		return -1
	}
}

// Negatives.

func stoppedByDefer(ready func() bool) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		if ready() {
			return
		}
	}
}

func stoppedInDeferredClosure(n int) {
	t := time.NewTicker(time.Second)
	defer func() {
		t.Stop()
		fmt.Println("stopped")
	}()
	for i := 0; i < n; i++ {
		<-t.C
	}
}

func returnedTicker(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	return t
}

func timerStopped(ctx context.Context, ch <-chan int) int {
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		return -1
	case <-ctx.Done():
		return 0
	}
}
