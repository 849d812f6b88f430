// context.WithCancel: Done is closed and Err says "context canceled" once cancel
// runs; cancelling a parent cancels its children; cancel is idempotent.
package main

import (
	"context"
	"errors"
	"fmt"
)

func main() {
	root := context.Background()
	fmt.Println("background err:", root.Err(), root.Done() == nil)

	parent, cancelParent := context.WithCancel(root)
	child, cancelChild := context.WithCancel(parent)
	defer cancelChild()
	select {
	case <-child.Done():
		fmt.Println("unexpected: child done early")
	default:
		fmt.Println("child still running, err:", child.Err())
	}
	cancelParent()
	<-child.Done()
	fmt.Println("child err:", child.Err())
	fmt.Println("parent err:", parent.Err(), errors.Is(parent.Err(), context.Canceled))
	cancelParent()
	fmt.Println("second cancel is harmless:", parent.Err())
	fmt.Println(context.Canceled)
}
