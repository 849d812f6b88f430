package main

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// ping stands in for a health check of one replica; replica 2 is down.
func ping(replica int) error {
	time.Sleep(time.Duration(replica) * 10 * time.Millisecond)
	if replica == 2 {
		return errors.New("replica 2 unreachable")
	}
	return nil
}

// allHealthy pings every replica at once and reports the first failure.
func allHealthy(replicas []int) error {
	errs := make(chan error, 2) // room for 2 results, but there are 6 senders
	for _, r := range replicas {
		go func() {
			errs <- ping(r) // blocks for good once the buffer is full and nobody reads
		}()
	}
	for range replicas {
		if err := <-errs; err != nil {
			return err // stop reading: later results have nowhere to go
		}
	}
	return nil
}

func main() {
	err := allHealthy([]int{1, 2, 3, 4, 5, 6})
	fmt.Println("health check:", err)
	time.Sleep(100 * time.Millisecond) // every ping has finished by now
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
