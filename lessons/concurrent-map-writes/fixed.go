package main

import (
	"fmt"
	"runtime"
	"sync"
)

// hitCounter counts page views per path; mu guards counts.
type hitCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *hitCounter) record(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts[path]++
}

func (c *hitCounter) get(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[path]
}

func main() {
	hits := hitCounter{counts: map[string]int{}}
	var wg sync.WaitGroup
	for _, path := range []string{"/home", "/search"} {
		wg.Add(1)
		go func() { // one goroutine per handler, like a server would run them
			defer wg.Done()
			for i := 0; i < 300000; i++ {
				hits.record(path)
			}
		}()
	}
	wg.Wait()
	fmt.Println("/home:", hits.get("/home"), "/search:", hits.get("/search"))
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
