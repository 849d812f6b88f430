// The fix for the timed-out sender: a buffer of one lets the worker deposit its
// result and return even when nobody reads it. No goroutine is left behind.
package main

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

func slowLookup(id int) (string, error) {
	result := make(chan string, 1)
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
