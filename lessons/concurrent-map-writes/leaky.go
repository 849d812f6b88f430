package main

import (
	"fmt"
	"runtime"
	"sync"
)

// hitCounter counts page views per path.
type hitCounter struct {
	counts map[string]int
}

func (c *hitCounter) record(path string) {
	c.counts[path]++ // two goroutines may write the map at the same moment
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
	fmt.Println("/home:", hits.counts["/home"], "/search:", hits.counts["/search"])
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
