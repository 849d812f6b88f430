// Two goroutines write one map without a lock. The runtime's best-effort check
// catches overlapping writes and kills the program ("fatal error: concurrent
// map writes", not recoverable); when the writes happen not to overlap the
// program finishes. Both outcomes are allowed; on a 2-core machine real Go 1.27
// crashed in about 30% of runs.
// leaklab:outcomes 2
package main

import (
	"fmt"
	"sync"
)

func main() {
	hits := map[int]int{}
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				hits[i%16] += w
			}
		}()
	}
	wg.Wait()
	fmt.Println("finished without a crash, keys:", len(hits))
}
