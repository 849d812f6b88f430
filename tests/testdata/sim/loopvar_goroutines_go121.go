// Go 1.21 semantics: the goroutines share one loop variable. They are started
// only after the loop has finished (main holds the lock), so all see 3.
// leaklab:go 1.21
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var gate sync.Mutex
	gate.Lock()
	results := make([]int, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		slot := i
		go func() {
			defer wg.Done()
			gate.Lock()
			results[slot] = i
			gate.Unlock()
		}()
	}
	gate.Unlock()
	wg.Wait()
	fmt.Println(results)
}
