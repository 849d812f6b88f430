// The busy for-select with time.After under Go 1.22 rules (go.mod go 1.22):
// before 1.23 every unfired timer stays in the runtime until it fires, so this
// loop piles up 200 pending 1-minute timers. The output is the same as in 1.23+;
// what differs is memory (the simulator's retained bytes), not behaviour.
// leaklab:go 1.22
package main

import (
	"fmt"
	"time"
)

func main() {
	events := make(chan int)
	go func() {
		for i := range 200 {
			events <- i
		}
		close(events)
	}()
	handled := 0
	for {
		select {
		case _, ok := <-events:
			if !ok {
				fmt.Println("handled", handled, "events")
				return
			}
			handled++
		case <-time.After(time.Minute):
			fmt.Println("idle for a minute")
			return
		}
	}
}
