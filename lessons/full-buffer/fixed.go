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
	errs := make(chan error, len(replicas)) // one slot per sender: no send ever waits
	for _, r := range replicas {
		go func() {
			errs <- ping(r) // always completes, even after allHealthy has returned
		}()
	}
	for range replicas {
		if err := <-errs; err != nil {
			return err // unread results stay in the buffer and are collected with it
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
