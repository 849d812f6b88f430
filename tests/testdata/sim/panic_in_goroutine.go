// A panic in any goroutine ends the whole program, even while main sleeps.
package main

import (
	"fmt"
	"time"
)

func main() {
	go func() {
		time.Sleep(10 * time.Millisecond)
		var m map[int]int
		m[1] = 1
	}()
	fmt.Println("main sleeps")
	time.Sleep(2 * time.Second)
	fmt.Println("not reached")
}
