// With long enough loops the overlap is practically certain: real Go reported
// "fatal error: concurrent map writes" in 200 of 200 runs (2 cores).
package main

import (
	"fmt"
	"sync"
)

func main() {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, key := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1_000_000 {
				counts[key] = i
			}
		}()
	}
	wg.Wait()
	fmt.Println("not reached in practice", len(counts))
}
