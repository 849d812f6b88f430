// Test-shaped program: the test passes, yet the code under test leaks a
// goroutine blocked on an unbuffered send; NumGoroutine makes it visible.
package main

import (
	"runtime"
	"testing"
	"time"
)

func search(query string) (string, bool) {
	found := make(chan string)
	go func() {
		time.Sleep(60 * time.Millisecond)
		found <- "result for " + query
	}()
	select {
	case r := <-found:
		return r, true
	case <-time.After(5 * time.Millisecond):
		return "", false
	}
}

func TestSearchTimesOut(t *testing.T) {
	before := runtime.NumGoroutine()
	_, ok := search("leaks")
	if ok {
		t.Fatal("expected a timeout")
	}
	time.Sleep(150 * time.Millisecond)
	t.Logf("goroutines before: %d, after: %d", before, runtime.NumGoroutine())
}
