package workersok

import (
	"fmt"
	"sync"
)

func work(j int) int { return j + 1 }

// Negative: jobs closed after the last send.
func poolClosed(js []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				_ = work(j)
			}
		}()
	}
	for _, j := range js {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
}

// Negative: deferred close in the producer.
func deferredClose(js []int) {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for _, j := range js {
			jobs <- j
		}
	}()
	for w := 0; w < 2; w++ {
		go func() {
			for j := range jobs {
				fmt.Println(work(j))
			}
		}()
	}
}

// Negative: the jobs channel is returned to a caller who owns closing it.
func newPool(n int) chan<- int {
	jobs := make(chan int)
	for w := 0; w < n; w++ {
		go func() {
			for j := range jobs {
				_ = work(j)
			}
		}()
	}
	return jobs
}

// Negative: a server-style producer that sends forever keeps the pool alive on purpose.
func serveForever(next func() int) {
	jobs := make(chan int)
	for w := 0; w < 4; w++ {
		go func() {
			for j := range jobs {
				_ = work(j)
			}
		}()
	}
	for {
		jobs <- next()
	}
}

// Negative: workers select on a quit channel instead of ranging.
func quitWorkers(js []int) {
	jobs := make(chan int)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case j := <-jobs:
				_ = work(j)
			case <-quit:
				return
			}
		}
	}()
	for _, j := range js {
		jobs <- j
	}
	close(quit)
}

// Negative: a named worker whose caller closes the channel.
func namedClosed(js []int) {
	jobs := make(chan int)
	done := make(chan bool)
	go drain(jobs, done)
	for _, j := range js {
		jobs <- j
	}
	close(jobs)
	<-done
}

func drain(jobs <-chan int, done chan<- bool) {
	for j := range jobs {
		_ = work(j)
	}
	done <- true
}
