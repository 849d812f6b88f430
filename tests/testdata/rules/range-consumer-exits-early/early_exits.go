package rangeearly

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type record struct {
	id  int
	bad bool
}

func parse(line string) record {
	return record{id: len(line), bad: line == ""}
}

// Positive: the consumer returns on the first bad record.
func firstBad(lines []string) error {
	records := make(chan record)
	go func() {
		defer close(records)
		for _, l := range lines {
			records <- parse(l) // want "range-consumer-exits-early"
		}
	}()
	for r := range records {
		if r.bad {
			return errors.New("bad record")
		}
	}
	return nil
}

// Positive: a consumer goroutine stops on a context deadline checked in the loop.
func consumeUntilDeadline(nums []int) {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n // want "range-consumer-exits-early"
			time.Sleep(time.Millisecond)
		}
	}()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		for n := range out {
			if ctx.Err() != nil {
				return
			}
			fmt.Println(n)
		}
	}()
}

// Positive: break leaves the loop after enough items.
func takeFive(words []string) []string {
	stream := make(chan string)
	go func() {
		for _, w := range words {
			stream <- w // want "range-consumer-exits-early"
		}
		close(stream)
	}()
	var got []string
	for w := range stream {
		got = append(got, w)
		if len(got) == 5 {
			break
		}
	}
	return got
}

// Positive: a for-select consumer that gives up when the context ends.
func drainWithContext(ctx context.Context, n int) int {
	values := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			values <- i * i // want "range-consumer-exits-early"
		}
		close(values)
	}()
	sum := 0
	for {
		select {
		case v, ok := <-values:
			if !ok {
				return sum
			}
			sum += v
		case <-ctx.Done():
			return sum
		}
	}
}

// Positive: a small buffer only delays the block.
func bufferedStream(lines []string) (int, error) {
	records := make(chan record, 2)
	go func() {
		defer close(records)
		for _, l := range lines {
			records <- parse(l) // want "range-consumer-exits-early"
		}
	}()
	count := 0
	for r := range records {
		if r.bad {
			return count, errors.New("bad record")
		}
		count++
	}
	return count, nil
}

// Positive: a labelled break out of an outer loop also abandons the stream.
func searchPairs(target int, xs []int) bool {
	pairs := make(chan [2]int)
	go func() {
		for _, a := range xs {
			for _, b := range xs {
				pairs <- [2]int{a, b} // want "range-consumer-exits-early"
			}
		}
		close(pairs)
	}()
	found := false
search:
	for p := range pairs {
		for _, v := range p {
			if v == target {
				found = true
				break search
			}
		}
	}
	return found
}
