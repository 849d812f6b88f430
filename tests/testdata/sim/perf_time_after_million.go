// The seed article's big case, in our own code: 1,000,000 iterations, each
// sending on a channel and sleeping 1ms, while a consumer selects on the channel
// and on a fresh time.After(10s) created every iteration. Real Go needs over 17
// minutes of wall time (1,000,000 x 1ms), so the regen script and the real-Go
// re-run skip it; the simulator must finish it in well under a second natively.
// Its golden is written by hand from perf_time_after_thousand.go, which is the
// same program with 1,000 iterations and runs in real Go: only the count differs.
// leaklab:slow-in-real-go
package main

import (
	"fmt"
	"runtime"
	"time"
)

const iterations = 1_000_000

func main() {
	values := make(chan int)
	total := make(chan int)
	go func() {
		received := 0
		for {
			select {
			case _, ok := <-values:
				if !ok {
					total <- received
					return
				}
				received++
			case <-time.After(10 * time.Second):
				fmt.Println("idle for 10s")
			}
		}
	}()
	for i := range iterations {
		values <- i
		time.Sleep(time.Millisecond)
	}
	close(values)
	fmt.Println("received:", <-total)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
