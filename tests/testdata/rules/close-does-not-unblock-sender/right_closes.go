package closeright

import (
	"sync"
	"time"
)

func measure(n int) int {
	time.Sleep(time.Millisecond)
	return n + 1
}

// Negative: the only sender closes after its last send.
func producerCloses(n int) []int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- measure(i)
		}
	}()
	var got []int
	for v := range out {
		got = append(got, v)
	}
	return got
}

// Negative: a separate goroutine closes after every sender is done.
func closeAfterWait(ns []int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			results <- measure(n)
		}(n)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	total := 0
	for r := range results {
		total += r
	}
	return total
}

// Negative: the closer waits for the senders before closing.
func waitThenClose(ns []int) {
	results := make(chan int, len(ns))
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			results <- measure(n)
		}(n)
	}
	wg.Wait()
	close(results)
	for r := range results {
		_ = r
	}
}

// Negative: every value is received before the close.
func receiveAllThenClose(n int) int {
	out := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			out <- measure(i)
		}(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-out
	}
	close(out)
	return sum
}

// Negative: closing a quit channel that goroutines only receive from is the right signal.
func stopWorkers(n int) {
	quit := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			<-quit
		}()
	}
	close(quit)
}

// Negative: a deferred close in the single sender of a fully drained stream.
func countdown(from int) []int {
	ticks := make(chan int)
	go func() {
		defer close(ticks)
		for i := from; i > 0; i-- {
			ticks <- i
		}
	}()
	var seen []int
	for t := range ticks {
		seen = append(seen, t)
	}
	return seen
}

// Negative: each sender reports on `done` after its send; the closer waits for both.
func doneThenClose() []int {
	values := make(chan int, 2)
	done := make(chan bool)
	go func() {
		values <- measure(1)
		done <- true
	}()
	go func() {
		values <- measure(2)
		done <- true
	}()
	<-done
	<-done
	close(values)
	var got []int
	for v := range values {
		got = append(got, v)
	}
	return got
}
