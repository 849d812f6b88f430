package main

import (
	"fmt"
	"sync"
	"time"
)

type Lease struct {
	holder string
}

type LeaseManager struct {
	mu      sync.Mutex
	cond    *sync.Cond
	current *Lease
	granted []string
}

func NewLeaseManager() *LeaseManager {
	m := &LeaseManager{}
	m.cond = sync.NewCond(&m.mu)
	return m
}

func (m *LeaseManager) Acquire(who string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for m.current != nil {
		m.cond.Wait()
	}
	m.current = &Lease{holder: who}
	m.granted = append(m.granted, who)
}

func (m *LeaseManager) Release() {
	m.cond.L.Lock()
	m.current = nil
	m.cond.L.Unlock()
	m.cond.Signal()
}

func main() {
	m := NewLeaseManager()
	var wg sync.WaitGroup
	for _, who := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Acquire(who)
			time.Sleep(10 * time.Millisecond)
			m.Release()
		}()
	}
	wg.Wait()
	fmt.Println(len(m.granted), m.current == nil)

	ready := false
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func() {
			c.L.Lock()
			for !ready {
				c.Wait()
			}
			c.L.Unlock()
			done <- i
		}()
	}
	time.Sleep(time.Millisecond)
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	sum := 0
	for i := 0; i < 3; i++ {
		sum += <-done
	}
	fmt.Println("sum", sum)
}
