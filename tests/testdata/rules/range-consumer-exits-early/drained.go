package rangeearlyok

import (
	"context"
	"errors"
)

func score(s string) int { return len(s) }

// Negative: the producer selects on the context that the consumer cancels.
func firstLong(ctx context.Context, words []string) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			select {
			case out <- w:
			case <-ctx.Done():
				return
			}
		}
	}()
	for w := range out {
		if score(w) > 10 {
			return w, nil
		}
	}
	return "", errors.New("none")
}

// Negative: the consumer reads everything.
func total(words []string) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- score(w)
		}
	}()
	sum := 0
	for s := range out {
		sum += s
	}
	return sum
}

// Negative: after breaking, the rest is drained so the producer can finish.
func firstThenDrain(words []string) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- score(w)
		}
	}()
	first := 0
	for s := range out {
		first = s
		break
	}
	for range out {
	}
	return first
}

// Negative: the buffer holds every value, so leaving early strands nobody.
func bufferedAll(words []string) int {
	out := make(chan int, len(words))
	go func() {
		defer close(out)
		for _, w := range words {
			out <- score(w)
		}
	}()
	for s := range out {
		if s > 3 {
			return s
		}
	}
	return 0
}

// Negative: `continue` skips items but keeps draining.
func skipShort(words []string) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- score(w)
		}
	}()
	long := 0
	for s := range out {
		if s < 3 {
			continue
		}
		long++
	}
	return long
}

// Negative: the for-select loop ends only when the channel is closed.
func untilClosed(words []string) int {
	out := make(chan int)
	go func() {
		for _, w := range words {
			out <- score(w)
		}
		close(out)
	}()
	n := 0
	for {
		select {
		case s, ok := <-out:
			if !ok {
				return n
			}
			n += s
		}
	}
}

// Negative: break inside a select only leaves the select, not the loop.
func breakInSelect(words []string) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- score(w)
		}
	}()
	n := 0
	for s := range out {
		switch {
		case s == 0:
			break
		default:
			n += s
		}
	}
	return n
}
