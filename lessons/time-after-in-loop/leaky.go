package main

import (
	"fmt"
	"runtime"
	"time"
)

// refresh stands in for reloading prices from the database.
func refresh() {
	time.Sleep(time.Millisecond)
}

// warmUp refreshes the cache every 10 ms during a 60 ms warm-up window, then returns.
func warmUp() {
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			refresh()
		case <-time.After(60 * time.Millisecond): // a new 60 ms timer on every pass
			return
		}
	}
}

func main() {
	done := make(chan string, 1)
	go func() {
		warmUp()
		done <- "warm-up finished"
	}()
	select {
	case msg := <-done:
		fmt.Println(msg)
	case <-time.After(200 * time.Millisecond):
		fmt.Println("warm-up still running after 200ms")
	}
	time.Sleep(10 * time.Millisecond) // let a finished warm-up goroutine exit
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
