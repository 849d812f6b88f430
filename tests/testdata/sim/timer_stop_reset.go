// time.NewTimer: Stop before it fires returns true and nothing arrives; Reset
// rearms it; a fired timer's Stop returns false.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(50 * time.Millisecond)
	fmt.Println("stopped before firing:", t.Stop())
	select {
	case <-t.C:
		fmt.Println("unexpected value")
	case <-time.After(100 * time.Millisecond):
		fmt.Println("stopped timer sent nothing")
	}

	t.Reset(20 * time.Millisecond)
	<-t.C
	fmt.Println("fired after reset")
	fmt.Println("stop after firing:", t.Stop())

	fast := time.NewTimer(10 * time.Millisecond)
	slow := time.NewTimer(200 * time.Millisecond)
	select {
	case <-fast.C:
		fmt.Println("fast first")
	case <-slow.C:
		fmt.Println("slow first")
	}
	fmt.Println("slow stopped:", slow.Stop())
	fmt.Println("reset of a stopped timer:", slow.Reset(5*time.Millisecond))
	<-slow.C
	fmt.Println("slow fired after reset")
}
