// Deadlock detection waits for pending timers: while a goroutine sleeps, main's
// blocked receive is not a deadlock. Once the sleeper exits without sending,
// it is.
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int)
	go func() {
		time.Sleep(100 * time.Millisecond)
		fmt.Println("sleeper woke and exits without sending")
	}()
	go func() {
		time.Sleep(10 * time.Millisecond)
		ch <- 1
	}()
	fmt.Println("first:", <-ch)
	fmt.Println("second:", <-ch)
}
