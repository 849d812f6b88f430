// main returning ends the program at once, even with goroutines still blocked;
// the exit code is 0 and nothing is reported.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	never := make(chan int)
	for range 3 {
		go func() {
			<-never
		}()
	}
	go func() {
		time.Sleep(time.Hour)
		fmt.Println("not reached")
	}()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
	fmt.Println("main returns")
}
