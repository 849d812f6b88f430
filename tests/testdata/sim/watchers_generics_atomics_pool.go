package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
)

type Handler func(key string, v int)

type Registry struct {
	mu       sync.Mutex
	watchers map[int]Handler
	nextID   int
	fired    atomic.Int64
}

func (r *Registry) Watch(h Handler) (cancel func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id := r.nextID
	r.nextID++
	r.watchers[id] = h
	return func() {
		r.mu.Lock()
		delete(r.watchers, id)
		r.mu.Unlock()
	}
}

func (r *Registry) Notify(key string, v int) {
	r.mu.Lock()
	ids := make([]int, 0, len(r.watchers))
	for id := range r.watchers {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	hs := make([]Handler, 0, len(ids))
	for _, id := range ids {
		hs = append(hs, r.watchers[id])
	}
	r.mu.Unlock()
	for _, h := range hs {
		h(key, v)
		r.fired.Add(1)
	}
}

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func (s *Stack[T]) Pop() (T, bool) {
	if len(s.items) == 0 {
		var zero T
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

type point struct{ x, y int }

func (p point) String() string { return "(" + strconv.Itoa(p.x) + "," + strconv.Itoa(p.y) + ")" }

func main() {
	r := &Registry{watchers: map[int]Handler{}}
	var seen []string
	cancel := r.Watch(func(k string, v int) { seen = append(seen, k+"="+strconv.Itoa(v)) })
	r.Watch(func(k string, v int) { seen = append(seen, "2:"+k) })
	r.Notify("a", 1)
	cancel()
	r.Notify("b", 2)
	fmt.Println(seen, r.fired.Load())

	var s Stack[string]
	s.Push("x")
	s.Push("y")
	v, ok := s.Pop()
	fmt.Println(v, ok, len(s.items))
	fmt.Println(Map([]int{1, 2, 3}, func(i int) string { return strconv.Itoa(i * i) }))

	p := point{1, 2}
	f := p.String
	g := point.String
	fmt.Println(f(), g(point{3, 4}), p)

	e1 := errors.New("one")
	e2 := fmt.Errorf("two: %w", e1)
	joined := errors.Join(e2, errors.New("three"))
	fmt.Println(errors.Is(joined, e1), joined)

	buf := strconv.AppendInt([]byte("n="), 42, 10)
	fmt.Println(string(buf))
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
	var pool = sync.Pool{New: func() any { return new([]byte) }}
	b := pool.Get().(*[]byte)
	pool.Put(b)
	fmt.Println(b != nil)
}
