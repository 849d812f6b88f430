package receivefed

import (
	"context"
	"fmt"
)

// Negative: the function sends and closes.
func feed(items []string) {
	ch := make(chan string)
	done := make(chan struct{})
	go func() {
		for s := range ch {
			fmt.Println(s)
		}
		close(done)
	}()
	for _, it := range items {
		ch <- it
	}
	close(ch)
	<-done
}

// Negative: a stop channel closed later.
func stoppable(work func()) func() {
	stop := make(chan struct{})
	go func() {
		work()
		<-stop
	}()
	return func() { close(stop) }
}

// Negative: the channel is handed to code that may write it.
func register(subscribe func(chan<- int)) {
	updates := make(chan int)
	subscribe(updates)
	go func() {
		for u := range updates {
			fmt.Println(u)
		}
	}()
}

// Negative: the receive is one case of a select that can leave on the context.
func cancellable(ctx context.Context) {
	never := make(chan int)
	go func() {
		select {
		case v := <-never:
			fmt.Println(v)
		case <-ctx.Done():
		}
	}()
}

// Negative: a parameter channel is written by the caller.
func listen(in <-chan int) {
	go func() {
		for v := range in {
			fmt.Println(v)
		}
	}()
}

// Negative: sending from another goroutine counts.
func pingPong() {
	ping := make(chan int)
	go func() {
		fmt.Println(<-ping)
	}()
	go func() {
		ping <- 1
	}()
}

// Negative: the channel is stored in a struct that others use.
type hub struct{ in chan int }

func newHub() *hub {
	in := make(chan int)
	go func() {
		for v := range in {
			fmt.Println(v)
		}
	}()
	return &hub{in: in}
}
