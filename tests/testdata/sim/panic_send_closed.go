// Sending on a closed channel panics; the deferred print still runs.
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	close(ch)
	defer fmt.Println("deferred print runs while panicking")
	fmt.Println("sending on closed channel")
	ch <- 1
	fmt.Println("not reached")
}
