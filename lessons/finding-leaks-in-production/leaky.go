package main

import (
	"fmt"
	"runtime"
	"time"
)

// firstReply asks every replica and returns the fastest answer.
func firstReply(replicas []string) string {
	replies := make(chan string)
	for i, name := range replicas {
		go func() {
			// Each replica answers after its own latency.
			time.Sleep(time.Duration(i+1) * 30 * time.Millisecond)
			replies <- name + " ok" // only the first send is ever received
		}()
	}
	return <-replies
}

// checkNoLeaks works like goleak.VerifyNone: it runs f, then gives goroutines that are
// still finishing a little time before reporting the ones that remain.
func checkNoLeaks(name string, f func()) {
	before := runtime.NumGoroutine()
	f()
	extra := 0
	for attempt := 0; attempt < 20; attempt++ {
		extra = runtime.NumGoroutine() - before
		if extra <= 0 {
			fmt.Println("leak check:", name, "passed")
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("leak check:", name, "FAILED,", extra, "goroutines still running")
}

func main() {
	checkNoLeaks("firstReply", func() {
		fmt.Println("reply:", firstReply([]string{"db-1", "db-2", "db-3"}))
	})
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
