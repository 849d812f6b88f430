package main

import (
	"context"
	"fmt"
	"net/http"
)

// Negative: blocking main forever is the usual "serve forever" idiom.
func main() {
	go func() {
		_ = http.ListenAndServe(":8080", nil)
	}()
	select {}
}

// Negative: a select with cases in a goroutine.
func waitForStop(ctx context.Context) {
	go func() {
		select {
		case <-ctx.Done():
			fmt.Println("stopped")
		}
	}()
}

// Negative: a plain function (not started as a goroutine) that blocks its caller.
func blockCaller() {
	select {}
}

// Negative: a goroutine that returns instead of parking.
func returnsInstead() {
	go func() {
		fmt.Println("work")
	}()
}

// Negative: a function literal that is only stored, never started.
func stored() func() {
	return func() {
		select {}
	}
}

// Negative: a deferred literal runs in the caller.
func deferred() {
	defer func() {
		fmt.Println("cleanup")
	}()
}
