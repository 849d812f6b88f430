// A goroutine waits on a WaitGroup whose counter never reaches zero (one Done is
// missing). main does not wait, so there is no deadlock report: the waiter and
// the goroutine feeding it leak.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
	}()
	collected := make(chan string)
	go func() {
		wg.Wait()
		collected <- "all done"
	}()
	time.Sleep(20 * time.Millisecond)
	select {
	case msg := <-collected:
		fmt.Println(msg)
	default:
		fmt.Println("still waiting for the second Done")
	}
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
