package nilchan

import "fmt"

var notifications chan string

// Positive: sending on a local nil channel.
func sendOnNil() {
	var out chan int
	go func() {
		out <- 1 // want "nil-channel-operation"
	}()
}

// Positive: receiving from a local nil channel.
func receiveFromNil() int {
	var in chan int
	return <-in // want "nil-channel-operation"
}

// Positive: ranging over a nil channel never starts nor ends.
func rangeOverNil() {
	var lines chan string
	go func() {
		for l := range lines { // want "nil-channel-operation"
			fmt.Println(l)
		}
	}()
}

// Positive: a package-level channel that nothing ever makes.
func notify(msg string) {
	go func() {
		notifications <- msg // want "nil-channel-operation"
	}()
}

// Positive: a var block declaring two nil channels.
func pair() {
	var (
		a chan int
		b chan int
	)
	go func() { a <- 1 }() // want "nil-channel-operation"
	fmt.Println(<-b)       // want "nil-channel-operation"
}

// Positive: the value is discarded but the receive still blocks.
func discard() {
	var signal chan struct{}
	<-signal // want "nil-channel-operation"
}
