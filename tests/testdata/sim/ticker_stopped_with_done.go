// The fix for the heartbeat: a done channel ends the loop and a deferred Stop
// releases the ticker.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func startHeartbeat(done <-chan struct{}, exited chan<- struct{}) {
	go func() {
		defer close(exited)
		ticker := time.NewTicker(5 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
			case <-done:
				return
			}
		}
	}()
}

func main() {
	done := make(chan struct{})
	exited := make(chan struct{})
	startHeartbeat(done, exited)
	time.Sleep(30 * time.Millisecond)
	close(done)
	<-exited
	fmt.Println("goroutines:", goroutinesAfterExit())
}

// goroutinesAfterExit waits briefly for goroutines that already signalled they
// are done (wg.Done, close) to actually return: until then they still count.
func goroutinesAfterExit() int {
	for range 200 {
		if runtime.NumGoroutine() == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return runtime.NumGoroutine()
}
