// Dereferencing a nil pointer panics with a runtime error (SIGSEGV).
package main

import "fmt"

type Node struct {
	Value int
	Next  *Node
}

func main() {
	head := &Node{Value: 1}
	fmt.Println("head:", head.Value)
	fmt.Println("next:", head.Next.Value)
}
