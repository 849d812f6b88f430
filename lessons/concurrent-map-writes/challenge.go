package main

import (
	"fmt"
	"sync"
)

// hitCounter counts requests per path, with no lock around its map.
type hitCounter struct {
	hits map[string]int
}

func (c *hitCounter) record(path string) {
	c.hits[path]++
}

func main() {
	c := &hitCounter{hits: make(map[string]int)}
	var wg sync.WaitGroup
	for _, path := range []string{"/home", "/about"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.record(path)
		}()
	}
	wg.Wait()
	fmt.Println("paths:", len(c.hits))
}
