// select with a default case never blocks: a non-blocking send drops the value
// when nobody is ready, and a non-blocking receive reports "nothing yet".
package main

import "fmt"

func trySend(ch chan<- int, v int) bool {
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

func tryReceive(ch <-chan int) (int, bool) {
	select {
	case v := <-ch:
		return v, true
	default:
		return 0, false
	}
}

func main() {
	unbuffered := make(chan int)
	fmt.Println("send to unbuffered with no receiver:", trySend(unbuffered, 1))
	buffered := make(chan int, 1)
	fmt.Println("send to empty buffer:", trySend(buffered, 2))
	fmt.Println("send to full buffer:", trySend(buffered, 3))
	fmt.Println(tryReceive(buffered))
	fmt.Println(tryReceive(buffered))
	dropped := 0
	for i := range 5 {
		if !trySend(buffered, i) {
			dropped++
		}
	}
	fmt.Println("dropped", dropped, "kept", <-buffered)
}
