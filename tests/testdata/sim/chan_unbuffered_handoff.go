// An unbuffered channel is a handoff: the sender waits until a receiver takes
// the value, so the two goroutines meet at every send.
package main

import "fmt"

func main() {
	ping := make(chan string)
	pong := make(chan string)
	go func() {
		for msg := range ping {
			pong <- msg + "!"
		}
		close(pong)
	}()
	for _, word := range []string{"one", "two", "three"} {
		ping <- word
		fmt.Println("reply:", <-pong)
	}
	close(ping)
	_, ok := <-pong
	fmt.Println("pong closed:", !ok)
	fmt.Println("len/cap:", len(ping), cap(ping))
}
