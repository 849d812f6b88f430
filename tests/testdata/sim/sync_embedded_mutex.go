package main

import (
	"fmt"
	"sync"
)

type counter struct {
	sync.Mutex
	n map[string]int
}

type stats struct {
	*sync.RWMutex
	hits int
}

func (c *counter) inc(k string) {
	c.Lock()
	defer c.Unlock()
	c.n[k]++
}

func main() {
	c := &counter{n: map[string]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.inc("a")
		}()
	}
	wg.Wait()
	s := stats{RWMutex: &sync.RWMutex{}}
	s.Lock()
	s.hits++
	s.Unlock()
	s.RLock()
	fmt.Println(c.n["a"], s.hits)
	s.RUnlock()
}
