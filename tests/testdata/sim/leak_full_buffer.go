// A buffer only postpones blocking: with capacity 2 and 5 results, the sender
// blocks on the third send once the reader stops after the first result.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func firstResult() int {
	results := make(chan int, 2)
	go func() {
		for i := 1; i <= 5; i++ {
			results <- i * 100
		}
		fmt.Println("sender finished")
	}()
	return <-results
}

func main() {
	fmt.Println("first:", firstResult())
	time.Sleep(30 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
