// context.WithCancel as a stop signal: workers watch ctx.Done() and return when
// cancel is called; forgetting cancel would leave them running.
package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

func poll(ctx context.Context, wg *sync.WaitGroup, ticks *int, mu *sync.Mutex) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Millisecond):
			mu.Lock()
			*ticks++
			mu.Unlock()
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	ticks := 0
	for range 4 {
		wg.Add(1)
		go poll(ctx, &wg, &ticks, &mu)
	}
	time.Sleep(40 * time.Millisecond)
	fmt.Println("polling:", runtime.NumGoroutine())
	cancel()
	wg.Wait()
	fmt.Println("after cancel:", goroutinesAfterExit(), "err:", ctx.Err())
	mu.Lock()
	fmt.Println("did some work:", ticks > 0)
	mu.Unlock()
}

// goroutinesAfterExit waits briefly for goroutines that already signalled they
// are done (wg.Done, close) to actually return: until then they still count.
func goroutinesAfterExit() int {
	for range 200 {
		if runtime.NumGoroutine() == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return runtime.NumGoroutine()
}
