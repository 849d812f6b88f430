// WaitGroup's counter is 32 bits: Add takes its delta modulo 2^32, so Add(1<<32) adds
// nothing and Add(1<<63 - 1) is Add(-1): Go's negative-counter panic, not an overflow.
package main

import (
	"fmt"
	"sync"
)

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	var wg sync.WaitGroup
	wg.Add(1 << 32)
	fmt.Println("after 1<<32")
	wg.Add(9223372036854775807)
	fmt.Println("unreachable")
}
