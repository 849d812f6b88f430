// The caller gives up after a timeout, but the worker still tries to send its
// result on an unbuffered channel nobody reads any more: it blocks forever.
// Each call leaks one goroutine, which NumGoroutine shows.
package main

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

func slowLookup(id int) (string, error) {
	result := make(chan string)
	go func() {
		time.Sleep(100 * time.Millisecond)
		result <- fmt.Sprint("user-", id)
	}()
	select {
	case name := <-result:
		return name, nil
	case <-time.After(10 * time.Millisecond):
		return "", errors.New("lookup timed out")
	}
}

func main() {
	for id := range 3 {
		_, err := slowLookup(id)
		fmt.Println(id, err)
	}
	time.Sleep(250 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
