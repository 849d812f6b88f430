// time.NewTicker delivers ticks at a period until Stop; after Stop no more ticks
// arrive.
package main

import (
	"fmt"
	"time"
)

func main() {
	ticker := time.NewTicker(20 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-ticker.C
		fmt.Println("tick", i)
	}
	ticker.Stop()
	select {
	case <-ticker.C:
		fmt.Println("unexpected tick after Stop")
	case <-time.After(100 * time.Millisecond):
		fmt.Println("no tick after Stop")
	}
	ticker.Reset(10 * time.Millisecond)
	<-ticker.C
	fmt.Println("tick after Reset")
	ticker.Stop()
}
