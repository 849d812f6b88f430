// context.WithDeadline with an absolute time; a deadline already in the past is
// done at once; a child cannot outlive its parent's deadline.
package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	deadline := time.Now().Add(30 * time.Millisecond)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	child, cancelChild := context.WithTimeout(ctx, time.Hour)
	defer cancelChild()
	got, _ := child.Deadline()
	fmt.Println("child keeps the earlier deadline:", got.Equal(deadline))
	<-child.Done()
	fmt.Println("child:", child.Err())
	fmt.Println("parent:", ctx.Err())

	past, cancelPast := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancelPast()
	select {
	case <-past.Done():
		fmt.Println("past deadline: done immediately,", past.Err())
	default:
		fmt.Println("unexpected: not done")
	}
}
