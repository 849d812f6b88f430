package fixtures

import (
	"log"
	"sync"
)

type job struct{ id int }

// The +1 was meant for a collector that was later removed: Wait never returns.
func runAll(jobs []job, handle func(job) error) {
	var wg sync.WaitGroup
	wg.Add(len(jobs) + 1) // want "waitgroup-count-mismatch"
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			if err := handle(j); err != nil {
				log.Printf("job %d: %v", j.id, err)
			}
		}()
	}
	wg.Wait()
}

// One fewer than the workers: the last Done panics.
func runButLast(jobs []job, handle func(job) error) {
	var wg sync.WaitGroup
	wg.Add(len(jobs) - 1) // want "waitgroup-count-mismatch"
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			_ = handle(j)
		}()
	}
	wg.Wait()
}

// Negative: the +1 is the collector started before the loop.
func runWithCollector(jobs []job, handle func(job) error) []error {
	var wg sync.WaitGroup
	errs := make(chan error, len(jobs))
	var collected []error
	wg.Add(len(jobs) + 1)
	go func() {
		defer wg.Done()
		for range jobs {
			if err := <-errs; err != nil {
				collected = append(collected, err)
			}
		}
	}()
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			errs <- handle(j)
		}()
	}
	wg.Wait()
	return collected
}
