// time.Tick returns a ticker channel with no way to stop it: fine for a loop
// that lives as long as the program.
package main

import (
	"fmt"
	"time"
)

func main() {
	count := 0
	for range time.Tick(15 * time.Millisecond) {
		count++
		fmt.Println("tick", count)
		if count == 3 {
			break
		}
	}
	fmt.Println("done after", count, "ticks")
}
