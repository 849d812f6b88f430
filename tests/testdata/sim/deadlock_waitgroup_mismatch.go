// Add(3) but only two workers call Done: Wait never returns, and with nothing
// else able to run the runtime reports a deadlock.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(3)
	for i := range 2 {
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i+1) * 40 * time.Millisecond)
			fmt.Println("worker", i, "done")
		}()
	}
	wg.Wait()
	fmt.Println("not reached")
}
