// Goroutines sleeping for different durations wake in duration order; main
// waits long enough for all of them.
package main

import (
	"fmt"
	"time"
)

func main() {
	results := make(chan string, 3)
	for _, d := range []int{120, 20, 70} {
		go func() {
			time.Sleep(time.Duration(d) * time.Millisecond)
			results <- fmt.Sprint("woke after ", d, "ms")
		}()
	}
	for range 3 {
		fmt.Println(<-results)
	}
	time.Sleep(0)
	time.Sleep(-5 * time.Millisecond)
	fmt.Println("zero and negative sleeps return at once")
}
