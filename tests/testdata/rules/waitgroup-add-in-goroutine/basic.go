package fixtures
// leaklab:vet-may-fail: go vet (1.25+ waitgroup analyzer) reports the Add-inside-goroutine cases this fixture exists to show.

import (
	"fmt"
	"sync"
)

var globalWG sync.WaitGroup

func addInLoop(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func(s string) {
			wg.Add(1) // want "waitgroup-add-in-goroutine"
			defer wg.Done()
			fmt.Println(s)
		}(it)
	}
	wg.Wait()
}

func addSingle() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1) // want "waitgroup-add-in-goroutine"
		fmt.Println("work")
		wg.Done()
	}()
	wg.Wait()
}

func addGlobal(n int) {
	for i := 0; i < n; i++ {
		go func() {
			globalWG.Add(1) // want "waitgroup-add-in-goroutine"
			defer globalWG.Done()
		}()
	}
	globalWG.Wait()
}

type Pool struct {
	wg sync.WaitGroup
}

func (p *Pool) Start(jobs []func()) {
	for _, j := range jobs {
		go func(job func()) {
			p.wg.Add(1) // want "waitgroup-add-in-goroutine"
			defer p.wg.Done()
			job()
		}(j)
	}
}

func (p *Pool) Stop() {
	p.wg.Wait()
}

func addLaterInGoroutine(ch chan int) {
	var wg sync.WaitGroup
	go func() {
		v := <-ch
		wg.Add(v) // want "waitgroup-add-in-goroutine"
		wg.Done()
	}()
	wg.Wait()
}

func addViaPointer(wg *sync.WaitGroup) {
	go func() {
		wg.Add(1) // want "waitgroup-add-in-goroutine"
		defer wg.Done()
	}()
	wg.Wait()
}

// Negatives.

func addBeforeGo(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(s string) {
			defer wg.Done()
			fmt.Println(s)
		}(it)
	}
	wg.Wait()
}

func addAllUpFront(items []string) {
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

func childAddedByCountedParent(items []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, it := range items {
			wg.Add(1)
			go func(s string) {
				defer wg.Done()
				fmt.Println(s)
			}(it)
		}
	}()
	wg.Wait()
}

type counter struct{ n int }

func (c *counter) Add(d int) { c.n += d }

func notAWaitGroup(c *counter, done chan bool) {
	go func() {
		c.Add(1)
		done <- true
	}()
}

func goroutineWithoutGroup(out chan<- int) {
	go func() {
		out <- 1
	}()
}

func addInOwnFunction() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	wg.Wait()
}
