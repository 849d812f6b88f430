package fixtures

import (
	"fmt"
	"sync"
)

func tooFewGoroutines() {
	var wg sync.WaitGroup
	wg.Add(3) // want "waitgroup-count-mismatch"
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	wg.Wait()
}

func tooManyGoroutines() {
	var wg sync.WaitGroup
	wg.Add(1) // want "waitgroup-count-mismatch"
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	wg.Wait()
}

func conditionalInLoop(items []string) {
	var wg sync.WaitGroup
	wg.Add(len(items)) // want "waitgroup-count-mismatch"
	for _, it := range items {
		if it == "" {
			continue
		}
		go func(s string) {
			defer wg.Done()
			fmt.Println(s)
		}(it)
	}
	wg.Wait()
}

func goInsideIf(items []int) {
	var wg sync.WaitGroup
	wg.Add(len(items)) // want "waitgroup-count-mismatch"
	for _, v := range items {
		if v%2 == 0 {
			go func(n int) {
				defer wg.Done()
				fmt.Println(n)
			}(v)
		}
	}
	wg.Wait()
}

func countedLoopTooShort() {
	var wg sync.WaitGroup
	wg.Add(5) // want "waitgroup-count-mismatch"
	for i := 0; i < 4; i++ {
		go func() {
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func namedWorkers(out chan<- int) {
	var wg sync.WaitGroup
	wg.Add(2) // want "waitgroup-count-mismatch"
	go produce(1, &wg, out)
	wg.Wait()
}

func produce(n int, wg *sync.WaitGroup, out chan<- int) {
	defer wg.Done()
	out <- n
}

func rangeIntTooMany() {
	var wg sync.WaitGroup
	wg.Add(2) // want "waitgroup-count-mismatch"
	for range 3 {
		go func() {
			defer wg.Done()
		}()
	}
	wg.Wait()
}

// Negatives.

func perElement(items []string) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, it := range items {
		go func(s string) {
			defer wg.Done()
			fmt.Println(s)
		}(it)
	}
	wg.Wait()
}

func addOneBeforeEach(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		if it == "" {
			continue
		}
		wg.Add(1)
		go func(s string) {
			defer wg.Done()
			fmt.Println(s)
		}(it)
	}
	wg.Wait()
}

func exactTwo() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	wg.Wait()
}

func countedLoopMatches() {
	const workers = 4
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func runtimeCount(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() { defer wg.Done() }()
	}
	wg.Wait()
}

func unrelatedGoroutine(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { ch <- 1 }()
	go func() { defer wg.Done() }()
	wg.Wait()
}

func namedWorkersMatch(out chan<- int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go produce(1, &wg, out)
	go produce(2, &wg, out)
	wg.Wait()
}
