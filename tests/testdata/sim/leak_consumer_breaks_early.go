// The consumer breaks out of its range loop after finding what it wanted; the
// generator is left blocked on its next send.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func naturals() <-chan int {
	out := make(chan int)
	go func() {
		for i := 1; ; i++ {
			out <- i
		}
	}()
	return out
}

func main() {
	for n := range naturals() {
		if n*n > 50 {
			fmt.Println("first square over 50:", n*n)
			break
		}
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
