// Closing a nil channel panics.
package main

import "fmt"

func main() {
	var ch chan string
	fmt.Println("closing a nil channel")
	close(ch)
}
