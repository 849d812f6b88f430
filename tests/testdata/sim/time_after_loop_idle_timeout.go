// time.After inside a for-select creates a NEW timer on every iteration. As an
// idle timeout that is right: it fires only after a quiet gap. As an overall
// limit ("stop after 100ms") it never fires while messages keep coming.
package main

import (
	"fmt"
	"time"
)

func feed(ch chan<- int, n int, every time.Duration) {
	for i := range n {
		time.Sleep(every)
		ch <- i
	}
}

func main() {
	msgs := make(chan int)
	go feed(msgs, 15, 10*time.Millisecond)
	received := 0
loop:
	for {
		select {
		case <-msgs:
			received++
		case <-time.After(100 * time.Millisecond):
			break loop
		}
	}
	fmt.Println("meant to stop after 100ms, but received", received, "messages first")
	fmt.Println("the timeout fired only once the sender went quiet")
}
