package main

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// lookup stands in for a slow backend call.
func lookup(key string) (string, error) {
	time.Sleep(200 * time.Millisecond)
	return "value-of-" + key, nil
}

type result struct {
	value string
	err   error
}

// fetchWithTimeout gives up after limit; the lookup goroutine can always finish.
func fetchWithTimeout(key string, limit time.Duration) (string, error) {
	results := make(chan result, 1) // room for the one send: it never waits
	go func() {
		v, err := lookup(key)
		results <- result{v, err}
	}()
	select {
	case r := <-results:
		return r.value, r.err
	case <-time.After(limit):
		return "", errors.New("timeout")
	}
}

func main() {
	for i := 0; i < 3; i++ {
		_, err := fetchWithTimeout(fmt.Sprint("user-", i), 50*time.Millisecond)
		fmt.Println("request", i, "error:", err)
	}
	time.Sleep(time.Second) // every lookup has long finished by now
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
