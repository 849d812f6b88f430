package main

import (
	"context"
	"fmt"
	"runtime"
)

type cache struct {
	data map[string]string
}

func (c *cache) get(key string) string {
	return c.data[key]
}

// fetch returns the value, or gives up when ctx is cancelled first.
func fetch(ctx context.Context, c *cache, key string) (string, error) {
	result := make(chan string) // unbuffered: the send waits for a receiver
	go func() {
		result <- c.get(key)
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	go cancel() // shutdown arrives while the request is in flight
	c := &cache{data: map[string]string{"user:1": "ana"}}
	v, err := fetch(ctx, c, "user:1")
	fmt.Println("value:", v, "error:", err)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
