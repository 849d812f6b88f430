package main

import (
	"fmt"
	"sync"
)

type Job struct{ ID int }

type Pool struct {
	jobs   chan Job
	closed bool
	wg     sync.WaitGroup
}

func NewPool(workers int) *Pool {
	p := &Pool{jobs: make(chan Job, 4)}
	for i := 0; i < workers; i++ {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for j := range p.jobs {
		_ = j.ID * 2
	}
}

// Submit checks closed without a lock: Close can run between the check and the send.
func (p *Pool) Submit(j Job) bool {
	if p.closed {
		return false
	}
	p.jobs <- j
	return true
}

func (p *Pool) Close() {
	p.closed = true
	close(p.jobs)
	p.wg.Wait()
}

func main() {
	p := NewPool(2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 20; i++ {
			p.Submit(Job{ID: i})
		}
	}()
	p.Close()
	<-done
	fmt.Println("closed")
}
