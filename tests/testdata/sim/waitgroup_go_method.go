// sync.WaitGroup.Go (Go 1.25+) starts a goroutine and does Add/Done for it.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := range 10 {
		wg.Go(func() {
			mu.Lock()
			total += i
			mu.Unlock()
		})
	}
	wg.Wait()
	fmt.Println("total:", total)
	wg.Go(func() { fmt.Println("one more") })
	wg.Wait()
}
