// A worker pool whose jobs channel is never closed: after the last job every
// worker waits in `range jobs` forever.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	jobs := make(chan int)
	results := make(chan int)
	for range 3 {
		go func() {
			for j := range jobs {
				results <- j * j
			}
		}()
	}
	go func() {
		for j := 1; j <= 5; j++ {
			jobs <- j
		}
		// missing: close(jobs)
	}()
	sum := 0
	for range 5 {
		sum += <-results
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("sum:", sum)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
