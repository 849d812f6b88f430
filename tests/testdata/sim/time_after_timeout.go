// select with time.After: the timeout case wins when the work is slower, the
// work wins when it is faster.
package main

import (
	"fmt"
	"time"
)

func work(d time.Duration) <-chan string {
	out := make(chan string, 1)
	go func() {
		time.Sleep(d)
		out <- fmt.Sprint("finished in ", d)
	}()
	return out
}

func main() {
	select {
	case r := <-work(10 * time.Millisecond):
		fmt.Println(r)
	case <-time.After(150 * time.Millisecond):
		fmt.Println("timeout")
	}
	select {
	case r := <-work(300 * time.Millisecond):
		fmt.Println(r)
	case <-time.After(30 * time.Millisecond):
		fmt.Println("timeout after 30ms")
	}
}
