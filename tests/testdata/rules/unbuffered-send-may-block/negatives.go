package unbufferedsendok

import (
	"context"
	"errors"
	"sync"
	"time"
)

func compute(n int) int {
	time.Sleep(time.Millisecond)
	return n * 2
}

// Negative: a buffer of one holds the late result.
func withBuffer(n int) (int, error) {
	out := make(chan int, 1)
	go func() {
		out <- compute(n)
	}()
	select {
	case v := <-out:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// Negative: the sender selects on the context too, so it can give up as well.
func senderWatchesContext(ctx context.Context, n int) (int, error) {
	out := make(chan int)
	go func() {
		v := compute(n)
		select {
		case out <- v:
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Negative: every one of the n results is received, on every path.
func sumAll(n int) int {
	results := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			results <- compute(i)
		}(i)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-results
	}
	return total
}

// Negative: the buffer is sized to the number of goroutines, so an early return is fine.
func firstErrorBuffered(tasks []string) error {
	errc := make(chan error, len(tasks))
	for _, t := range tasks {
		go func(t string) {
			if t == "" {
				errc <- errors.New("empty task")
				return
			}
			errc <- nil
		}(t)
	}
	for range tasks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Negative: the channel goes to code we cannot see, which may drain it.
func handOff(n int, drain func(<-chan int)) {
	out := make(chan int)
	go func() {
		out <- compute(n)
	}()
	drain(out)
}

// Negative: classic fan-in with a WaitGroup closing the channel after all sends.
func fanIn(ns []int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			results <- compute(n)
		}(n)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

// Negative: the slow case only logs and the loop keeps waiting for the value.
func patientWait(n int) int {
	out := make(chan int)
	go func() {
		out <- compute(n)
	}()
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case v := <-out:
			return v
		case <-ticker.C:
			println("still waiting")
		}
	}
}

// Negative: the default case still receives, just later.
func receiveEventually(n int) int {
	out := make(chan int)
	go func() {
		out <- compute(n)
	}()
	select {
	case v := <-out:
		return v
	default:
		return <-out
	}
}

// Negative: the return that holds the receive is not a return before receiving.
func returnsTheReceive(n int, fast bool) int {
	if fast {
		out := make(chan int)
		go func() {
			out <- compute(n)
		}()
		return <-out
	}
	return 0
}

// Negative: an early return before an unrelated goroutine's channel is made and used.
func unrelatedEarlyReturn(n int) int {
	go func() {
		println("audit")
	}()
	if n < 0 {
		return 0
	}
	out := make(chan int)
	go func() {
		out <- compute(n)
	}()
	return <-out
}

// Negative: the goroutine sends either the value or the error, never both.
func valueOrError(n int) (int, error) {
	values := make(chan int)
	errs := make(chan error)
	go func() {
		if n < 0 {
			errs <- errors.New("negative")
			return
		}
		values <- compute(n)
	}()
	select {
	case v := <-values:
		return v, nil
	case err := <-errs:
		return 0, err
	}
}

// Negative: a new channel each attempt, with room for that attempt's one send.
func retryBuffered(d time.Duration) (int, error) {
	for attempt := 0; attempt < 3; attempt++ {
		ch := make(chan int, 1)
		go func() { ch <- compute(attempt) }()
		select {
		case v := <-ch:
			return v, nil
		case <-time.After(d):
		}
	}
	return 0, errors.New("gave up")
}

// Negative: one channel per item, each received once.
func perItem(items []int) int {
	sum := 0
	for _, it := range items {
		done := make(chan int)
		go func() { done <- compute(it) }()
		sum += <-done
	}
	return sum
}

// Negative: one buffer slot per host of a literal list, so every lookup can finish
// after the caller has given up.
func firstAddress(limit time.Duration) (string, error) {
	addrs := make(chan string, 3)
	for _, host := range []string{"db-1", "db-2", "db-3"} {
		go func() {
			time.Sleep(time.Duration(len(host)) * time.Millisecond)
			addrs <- host + ":5432"
		}()
	}
	select {
	case a := <-addrs:
		return a, nil
	case <-time.After(limit):
		return "", errors.New("no replica answered")
	}
}

// Negative: the first two of a batch, each with its own slot.
func firstTwo(batch []string, limit time.Duration) []string {
	done := make(chan string, 2)
	for _, item := range batch[:2] {
		go func() { done <- item }()
	}
	var out []string
	for range 2 {
		select {
		case d := <-done:
			out = append(out, d)
		case <-time.After(limit):
			return out
		}
	}
	return out
}

// Negative: a buffered channel as a semaphore. Each crawler takes a slot and gives it
// back itself, so a blocked one only waits for another to finish.
func crawl(urls []string, limit int) map[string]int {
	sem := make(chan struct{}, limit)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sizes := map[string]int{}
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			sizes[u] = len(u)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sizes
}
