// The worker pool fixed: the producer closes jobs, the workers' range loops end,
// and a WaitGroup closes results once every worker is done.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * j
			}
		}()
	}
	go func() {
		defer close(jobs)
		for j := 1; j <= 5; j++ {
			jobs <- j
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum:", sum)
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
