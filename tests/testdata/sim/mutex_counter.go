// A sync.Mutex makes a shared counter safe across 50 goroutines; defer Unlock
// releases the lock on every path.
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}

func (c *Counter) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func main() {
	c := Counter{n: make(map[string]int)}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if i%2 == 0 {
					c.Inc("even")
				} else {
					c.Inc("odd")
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println("even:", c.Get("even"), "odd:", c.Get("odd"))
}
