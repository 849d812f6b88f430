// The 1,000-iteration twin of perf_time_after_million.go (identical except for
// the iteration count), run in real Go to back that program's hand-written
// golden: a consumer selects on a channel and on a fresh time.After(10s) per
// iteration; the producer sends every millisecond. The 10s timeout never fires;
// every iteration leaves a pending timer behind (kept alive until it fires
// before Go 1.23, collectable from 1.23 on).
package main

import (
	"fmt"
	"runtime"
	"time"
)

const iterations = 1_000

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
