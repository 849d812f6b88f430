// A goroutine waits to receive on a channel that no code ever sends to or
// closes. main keeps working, so this is a leak, not a deadlock.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func startListener(events chan string) {
	go func() {
		for e := range events {
			fmt.Println("event:", e)
		}
		fmt.Println("listener done")
	}()
}

func main() {
	for range 4 {
		startListener(make(chan string))
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
