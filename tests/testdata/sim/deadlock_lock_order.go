// Two goroutines take the same two mutexes in opposite order. Each holds one
// and waits for the other; main waits for both: every goroutine is asleep.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var accounts, audit sync.Mutex
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		accounts.Lock()
		time.Sleep(50 * time.Millisecond)
		audit.Lock()
		fmt.Println("transfer done")
		audit.Unlock()
		accounts.Unlock()
	}()
	go func() {
		defer wg.Done()
		audit.Lock()
		time.Sleep(50 * time.Millisecond)
		accounts.Lock()
		fmt.Println("report done")
		accounts.Unlock()
		audit.Unlock()
	}()
	fmt.Println("waiting for both")
	wg.Wait()
}
