// Closing a quit channel is a broadcast: every worker selecting on it returns,
// and NumGoroutine drops back to 1.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, quit <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case j := <-jobs:
			_ = j * id
		case <-quit:
			return
		}
	}
}

func main() {
	jobs := make(chan int)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for id := range 3 {
		wg.Add(1)
		go worker(id, jobs, quit, &wg)
	}
	for j := range 6 {
		jobs <- j
	}
	time.Sleep(10 * time.Millisecond)
	fmt.Println("while running:", runtime.NumGoroutine())
	close(quit)
	wg.Wait()
	fmt.Println("after quit:", goroutinesAfterExit())
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
