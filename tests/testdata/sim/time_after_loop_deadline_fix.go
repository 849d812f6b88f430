// One timer created before the loop bounds the whole loop: it stops after about
// 50ms however busy the channel is.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	msgs := make(chan int)
	stop := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			time.Sleep(10 * time.Millisecond)
			select {
			case msgs <- i:
			case <-stop:
				return
			}
		}
	}()
	deadline := time.NewTimer(50 * time.Millisecond)
	defer deadline.Stop()
	received := 0
loop:
	for {
		select {
		case <-msgs:
			received++
		case <-deadline.C:
			break loop
		}
	}
	close(stop)
	fmt.Println("stopped on time:", received > 0 && received < 10)
	time.Sleep(30 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
