// The fix: the producer also watches the context, so when the consumer gives up
// the producer's pending send is abandoned and it returns.
package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

func produce(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range n {
			select {
			case out <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func consume(ctx context.Context, in <-chan int) int {
	handled := 0
	for range in {
		if ctx.Err() != nil {
			return handled
		}
		handled++
		time.Sleep(20 * time.Millisecond)
	}
	return handled
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	handled := consume(ctx, produce(ctx, 100))
	cancel()
	fmt.Println("stopped early:", handled < 100, "ctx:", ctx.Err())
	time.Sleep(50 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
