// sync.Once runs its function exactly once, even when many goroutines call Do.
package main

import (
	"fmt"
	"sync"
)

var (
	once   sync.Once
	config map[string]string
	inits  int
)

func load() map[string]string {
	once.Do(func() {
		inits++
		config = map[string]string{"mode": "safe"}
	})
	return config
}

func main() {
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = load()["mode"]
		}()
	}
	wg.Wait()
	fmt.Println("mode:", load()["mode"], "inits:", inits)
	var other sync.Once
	for i := range 3 {
		other.Do(func() { fmt.Println("first call only:", i) })
	}
}
