package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

var (
	mu       sync.Mutex
	status   = "unknown" // what the dashboard shows for the backend
	finished int         // polls that got an answer or gave up
)

// poll asks the backend for its status in the background. The socket channel stands in
// for the network connection: this backend accepted it and then hung, so no byte will
// ever arrive on it.
func poll() {
	socket := make(chan string)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		reply := "timeout"
		select {
		case reply = <-socket:
		case <-ctx.Done(): // the read deadline passed: give up on this connection
		}
		mu.Lock()
		status = reply
		finished++
		mu.Unlock()
	}()
}

func main() {
	for i := 0; i < 3; i++ {
		poll() // the health checker polls every 10 ms
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // long after any sensible deadline
	mu.Lock()
	fmt.Println("backend status:", status)
	fmt.Println("polls finished:", finished, "of 3")
	mu.Unlock()
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
