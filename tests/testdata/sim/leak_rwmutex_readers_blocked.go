// A writer takes the RWMutex and forgets to unlock on one path: every reader
// after it blocks in RLock forever.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

type Cache struct {
	mu    sync.RWMutex
	items map[string]string
}

func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	if v == "" {
		return // forgot c.mu.Unlock()
	}
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}

func main() {
	c := &Cache{items: map[string]string{}}
	c.Set("a", "1")
	fmt.Println("a =", c.Get("a"))
	c.Set("b", "")
	for range 3 {
		go func() {
			fmt.Println("never printed:", c.Get("a"))
		}()
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
