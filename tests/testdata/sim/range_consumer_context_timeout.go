// The consumer stops early when its context times out, but the producer keeps
// sending on an unbuffered channel: after the consumer quits, the producer is
// blocked in a send forever.
package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

func produce(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range n {
			out <- i
		}
	}()
	return out
}

func consume(ctx context.Context, in <-chan int) int {
	handled := 0
	for v := range in {
		select {
		case <-ctx.Done():
			return handled
		default:
		}
		_ = v
		handled++
		time.Sleep(20 * time.Millisecond)
	}
	return handled
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	handled := consume(ctx, produce(100))
	fmt.Println("stopped early:", handled < 100, "ctx:", ctx.Err())
	time.Sleep(50 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
