// makechan's limit: a buffer must fit in maxAlloc, so a huge buffered channel of strings
// panics, while a channel of zero-size elements may have any capacity.
package main

import "fmt"

func main() {
	big := make(chan struct{}, 1<<62)
	fmt.Println("zero-size elements: any size", cap(big))
	defer func() { fmt.Println("recovered:", recover()) }()
	_ = make(chan string, 9223372036854775807)
	fmt.Println("unreachable")
}
