package main

import (
	"fmt"
	"sync"
)

type registry struct {
	mu    *sync.RWMutex
	locks map[string]*sync.Mutex
	once  sync.Once
	wg    *sync.WaitGroup
	items map[string]int
}

func newRegistry() *registry {
	return &registry{
		mu:    &sync.RWMutex{},
		locks: map[string]*sync.Mutex{},
		wg:    &sync.WaitGroup{},
		items: map[string]int{},
	}
}

func (r *registry) lockFor(key string) *sync.Mutex {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.locks[key]
	if !ok {
		l = &sync.Mutex{}
		r.locks[key] = l
	}
	return l
}

func (r *registry) add(key string, n int) {
	l := r.lockFor(key)
	l.Lock()
	r.mu.Lock()
	r.items[key] += n
	r.mu.Unlock()
	l.Unlock()
}

func main() {
	r := newRegistry()
	for i := 0; i < 4; i++ {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.add("k", i)
			r.once.Do(func() { fmt.Println("first") })
		}()
	}
	r.wg.Wait()
	m := sync.Mutex{}
	m.Lock()
	m.Unlock()
	var wg sync.WaitGroup
	wg2 := sync.WaitGroup{}
	wg.Add(1)
	wg2.Add(1)
	go func() { wg.Done(); wg2.Done() }()
	wg.Wait()
	wg2.Wait()
	r.mu.RLock()
	fmt.Println(r.items["k"], len(r.locks))
	r.mu.RUnlock()
}
