// A select without default blocks until one case can proceed; a send case and a
// receive case in one select.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int)
	replies := make(chan int)
	go func() {
		time.Sleep(20 * time.Millisecond)
		v := <-requests
		replies <- v * 2
	}()
	pending := 21
	for received := false; !received; {
		select {
		case requests <- pending:
			fmt.Println("request sent")
		case r := <-replies:
			fmt.Println("reply", r)
			received = true
		}
	}
	var forever chan int
	go func() { <-forever }()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("done")
}
