// context.WithTimeout: Done closes when the timeout passes and Err reports
// "context deadline exceeded"; work that finishes first is not interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func fetch(ctx context.Context, d time.Duration) (string, error) {
	select {
	case <-time.After(d):
		return "data", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	v, err := fetch(ctx, 5*time.Millisecond)
	fmt.Printf("fast: %q %v\n", v, err)
	v, err = fetch(ctx, 400*time.Millisecond)
	fmt.Printf("slow: %q %v\n", v, err)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	_, hasDeadline := ctx.Deadline()
	fmt.Println("has deadline:", hasDeadline)

	short, cancelShort := context.WithTimeout(context.Background(), time.Hour)
	cancelShort()
	fmt.Println("cancelled before timeout:", short.Err())
}
