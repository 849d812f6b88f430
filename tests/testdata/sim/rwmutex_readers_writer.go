// sync.RWMutex: many readers may hold RLock together; a writer waits for them
// and excludes everyone.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Config struct {
	mu      sync.RWMutex
	version int
}

func (c *Config) Read() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version
}

func (c *Config) Bump() {
	c.mu.Lock()
	c.version++
	c.mu.Unlock()
}

func main() {
	cfg := &Config{version: 1}
	cfg.mu.RLock()
	cfg.mu.RLock()
	fmt.Println("two readers hold the lock")
	writerDone := make(chan struct{})
	go func() {
		cfg.Bump()
		close(writerDone)
	}()
	time.Sleep(30 * time.Millisecond)
	select {
	case <-writerDone:
		fmt.Println("writer ran while readers held the lock")
	default:
		fmt.Println("writer waits for readers")
	}
	cfg.mu.RUnlock()
	cfg.mu.RUnlock()
	<-writerDone
	fmt.Println("version after write:", cfg.Read())

	var wg sync.WaitGroup
	sum := 0
	var sumMu sync.Mutex
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := cfg.Read()
			sumMu.Lock()
			sum += v
			sumMu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println("readers saw total:", sum)
}
