// A goroutine loops on a ticker with no way out: even though the caller has
// moved on, the goroutine (and its ticker) stay alive for the whole program.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func startHeartbeat(beats chan<- int) {
	ticker := time.NewTicker(5 * time.Millisecond)
	go func() {
		n := 0
		for range ticker.C {
			n++
			select {
			case beats <- n:
			default:
			}
		}
	}()
}

func main() {
	beats := make(chan int, 1)
	startHeartbeat(beats)
	fmt.Println("first beat:", <-beats)
	time.Sleep(50 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
