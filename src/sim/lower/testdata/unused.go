// Unused names as Go reports them (go build -gcflags=-e), each beside look-alikes Go
// accepts: compound assignments and x++ count as uses, a plain = does not.
package main

import (
	"errors"
	"fmt"
	str "strings"
	"os"
	_ "time"
	"sync"
)

type store struct {
	mu    sync.Mutex
	items map[string]int
}

func newStore() *store { return &store{items: map[string]int{}} }

func (s *store) get(key string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[key]
	if !ok {
		return 0, errors.New("missing " + key)
	}
	return v, nil
}

func load(s *store, keys []string) (total int) {
	for _, k := range keys {
		v, err := s.get(k)
		if err != nil {
			continue
		}
		total += v
	}
	return
}

func main() {
	a := 0
	a++
	b := 0
	b += 2
	s := newStore()
	c, err := s.get("a")
	_ = c
	var d int
	d = 3
	e := struct{ x int }{}
	e.x = 1
	g := 1
	func() { g = 2 }()
	h := 1
	func() { _ = h }()
	x := 1
	{
		x := 2
		_ = x
	}
	var y, z = 1, 2
	_ = y
	for i, v := range []int{1} {
		_ = i
	}
	switch t := interface{}(1).(type) {
	case int:
	}
	switch u := interface{}(1).(type) {
	case string:
		fmt.Println(u)
	}
	ch := make(chan int, 1)
	ch <- 1
	select {
	case got := <-ch:
		_ = got
	}
	ch <- 2
	select {
	case lost := <-ch:
	}
	n, m := 1, 2
	n, m = m, n
	if w := load(s, nil); w > 0 {
		fmt.Println("w")
	}
	fmt.Println(a, b)
}

// want 8:2: "strings" imported as str and not used
// want 9:2: "os" imported and not used
// want 48:5: declared and not used: err
// want 50:6: declared and not used: d
// want 54:2: declared and not used: g
// want 58:2: declared and not used: x
// want 63:9: declared and not used: z
// want 65:9: declared and not used: v
// want 68:9: t declared and not used
// want 83:7: declared and not used: lost
