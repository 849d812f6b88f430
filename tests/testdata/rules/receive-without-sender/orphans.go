package receiveorphan

import (
	"context"
	"fmt"
)

type event struct{ name string }

func handle(e event) { fmt.Println(e.name) }

// Positive: a listener ranges over a channel nobody writes.
func startListener() {
	events := make(chan event)
	go func() {
		for e := range events { // want "receive-without-sender"
			handle(e)
		}
	}()
}

// Positive: a goroutine waits for a stop signal that is never sent nor closed.
func startPoller(poll func()) {
	stop := make(chan struct{})
	go func() {
		poll()
		<-stop // want "receive-without-sender"
	}()
}

// Positive: the received value is assigned, but nothing sends it.
func waitForConfig() {
	config := make(chan string)
	go func() {
		c := <-config // want "receive-without-sender"
		fmt.Println("config", c)
	}()
}

// Positive: each of several workers waits on the same silent channel.
func startMany(n int) {
	wake := make(chan bool)
	for i := 0; i < n; i++ {
		go func() {
			if <-wake { // want "receive-without-sender"
				fmt.Println("woken")
			}
		}()
	}
}

// Positive: the channel is only measured, never written.
func measured() int {
	ready := make(chan int, 4)
	go func() {
		fmt.Println(<-ready) // want "receive-without-sender"
	}()
	return cap(ready) + len(ready)
}

// Positive: a single-case select is still a plain receive.
func singleCase(ctx context.Context) {
	results := make(chan int)
	go func() {
		select {
		case r := <-results: // want "receive-without-sender"
			fmt.Println(r)
		}
	}()
	<-ctx.Done()
}

// Positive: a named worker started with the channel as its argument.
func startNamed() {
	inbox := make(chan string)
	go consume(inbox)
}

func consume(in <-chan string) {
	for s := range in { // want "receive-without-sender"
		fmt.Println(s)
	}
}
