// sync.WaitGroup with Add before each go statement and a deferred Done; results
// collected under a mutex and sorted, so the output does not depend on order.
package main

import (
	"fmt"
	"slices"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var squares []int
	for i := 1; i <= 5; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			squares = append(squares, n*n)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	slices.Sort(squares)
	fmt.Println(squares)

	var empty sync.WaitGroup
	empty.Wait()
	fmt.Println("waiting on a zero counter returns at once")
}
