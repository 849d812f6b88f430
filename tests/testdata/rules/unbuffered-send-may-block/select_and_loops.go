package unbufferedsend

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type reply struct {
	body string
	err  error
}

func query(name string) reply {
	time.Sleep(50 * time.Millisecond)
	return reply{body: "hello " + name}
}

// Positive: the caller gives up on a timer; the lookup goroutine is left holding the value.
func lookupWithTimer(name string) (string, error) {
	replies := make(chan reply)
	go func() {
		replies <- query(name) // want "unbuffered-send-may-block"
	}()
	select {
	case r := <-replies:
		return r.body, r.err
	case <-time.After(10 * time.Millisecond):
		return "", errors.New("lookup timed out")
	}
}

// Positive: cancellation through the context has the same effect.
func lookupWithContext(ctx context.Context, name string) (string, error) {
	replies := make(chan reply)
	go func() {
		r := query(name)
		replies <- r // want "unbuffered-send-may-block"
	}()
	select {
	case r := <-replies:
		return r.body, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Positive: a non-blocking receive with default moves on at once.
func pollOnce(name string) (string, bool) {
	replies := make(chan reply)
	go func() {
		replies <- query(name) // want "unbuffered-send-may-block"
	}()
	select {
	case r := <-replies:
		return r.body, true
	default:
		return "", false
	}
}

// Positive: the first error ends the collecting loop; later senders stay blocked.
func validateAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func(s string) {
			if s == "" {
				errc <- errors.New("empty item") // want "unbuffered-send-may-block"
				return
			}
			errc <- nil // want "unbuffered-send-may-block"
		}(it)
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Positive: only the fastest mirror is read; the other goroutines wait forever.
func fastestMirror(mirrors []string) string {
	first := make(chan string)
	for _, m := range mirrors {
		go func(m string) {
			first <- query(m).body // want "unbuffered-send-may-block"
		}(m)
	}
	return <-first
}

// Positive: a buffer of one is too small for three racing goroutines.
func raceThree() int {
	winner := make(chan int, 1)
	for i := 0; i < 3; i++ {
		go func(id int) {
			time.Sleep(time.Duration(id) * time.Millisecond)
			winner <- id // want "unbuffered-send-may-block"
		}(i)
	}
	select {
	case id := <-winner:
		return id
	case <-time.After(time.Second):
		return -1
	}
}

// Positive: the function can return before it ever receives.
func loadBoth(a, b string) (string, error) {
	left := make(chan string)
	go func() {
		left <- query(a).body // want "unbuffered-send-may-block"
	}()
	right := query(b)
	if right.err != nil {
		return "", right.err
	}
	return <-left + right.body, nil
}

// Positive: nothing ever receives the progress report.
func reportProgress(total int) {
	progress := make(chan int)
	go func() {
		for i := 0; i < total; i++ {
			progress <- i // want "unbuffered-send-may-block"
		}
	}()
	fmt.Println("started", total)
}

// Positive: the sender is a named function started with `go`; the send is reported there.
func fetchInto(name string, out chan<- reply) {
	out <- query(name) // want "unbuffered-send-may-block"
}

func lookupNamed(name string) (string, error) {
	replies := make(chan reply)
	go fetchInto(name, replies)
	select {
	case r := <-replies:
		return r.body, r.err
	case <-time.After(time.Second):
		return "", errors.New("timeout")
	}
}

// Positive: every timed-out attempt strands its own goroutine.
func retryUnbuffered(name string) (string, error) {
	for attempt := 0; attempt < 3; attempt++ {
		ch := make(chan reply)
		go func() {
			ch <- query(name) // want "unbuffered-send-may-block"
		}()
		select {
		case r := <-ch:
			return r.body, r.err
		case <-time.After(time.Duration(attempt+1) * time.Millisecond):
		}
	}
	return "", errors.New("gave up")
}

// A literal list of three senders and room for two: the third blocks once the caller
// has taken the first result.
func oneSlotShort() string {
	replies := make(chan string, 2)
	for _, peer := range []string{"a", "b", "c"} {
		go func() {
			replies <- peer // want "unbuffered-send-may-block"
		}()
	}
	return <-replies
}
