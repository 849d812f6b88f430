package fixtures

import (
	"errors"
	"fmt"
	"sync"
)

func earlyReturn(urls []string, get func(string) error) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			if err := get(u); err != nil {
				return
			}
			wg.Done() // want "waitgroup-done-missing"
		}(u)
	}
	wg.Wait()
}

func panicPath(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if n < 0 {
			panic("negative")
		}
		fmt.Println(n)
		wg.Done() // want "waitgroup-done-missing"
	}()
	wg.Wait()
}

func doneOnlyInBranch(ok bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if ok {
			wg.Done() // want "waitgroup-done-missing"
		}
	}()
	wg.Wait()
}

func worker(id int, wg *sync.WaitGroup, results chan<- int) {
	if id == 0 {
		return
	}
	results <- id
	wg.Done() // want "waitgroup-done-missing"
}

func startWorkers(results chan<- int) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(i, &wg, results)
	}
	wg.Wait()
}

func selectReturns(in <-chan int, quit <-chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		select {
		case v := <-in:
			fmt.Println(v)
		case <-quit:
			return
		}
		wg.Done() // want "waitgroup-done-missing"
	}()
	wg.Wait()
}

func switchReturns(kind int) error {
	var wg sync.WaitGroup
	var err error
	wg.Add(1)
	go func() {
		switch kind {
		case 0:
			err = errors.New("zero")
			return
		case 1:
			fmt.Println("one")
		}
		wg.Done() // want "waitgroup-done-missing"
	}()
	wg.Wait()
	return err
}

// Negatives.

func deferredDone(urls []string, get func(string) error) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			if err := get(u); err != nil {
				return
			}
		}(u)
	}
	wg.Wait()
}

func doneOnEveryPath(get func() error) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := get(); err != nil {
			wg.Done()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func doneAtEndNoBranches() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		fmt.Println("work")
		wg.Done()
	}()
	wg.Wait()
}

func goodWorker(id int, wg *sync.WaitGroup, results chan<- int) {
	defer wg.Done()
	if id == 0 {
		return
	}
	results <- id
}

func deferredClosureDone() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer func() {
			wg.Done()
		}()
		fmt.Println("work")
	}()
	wg.Wait()
}

func switchAllDone(kind int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		switch kind {
		case 0:
			wg.Done()
		default:
			wg.Done()
		}
	}()
	wg.Wait()
}
