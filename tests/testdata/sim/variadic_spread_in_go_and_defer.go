package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

type logger struct {
	mu    sync.Mutex
	lines []string
}

func (l *logger) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func total(label string, xs ...int) {
	t := 0
	for _, x := range xs {
		t += x
	}
	fmt.Println(label, t, len(xs))
}

func main() {
	l := &logger{}
	var wg sync.WaitGroup
	parts := [][]any{{"a", 1}, {"b", 2}}
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.logf("%s=%d", p...)
		}()
	}
	wg.Wait()
	xs := []int{1, 2, 3}
	done := make(chan bool)
	go func(xs ...int) {
		total("goroutine", xs...)
		done <- true
	}(xs...)
	<-done
	go total("direct go", xs...)
	time.Sleep(time.Millisecond)
	defer total("deferred", xs...)
	defer fmt.Println([]any{"deferred", "native"}...)
	words := []any{"x", "y"}
	go fmt.Println(words...)
	time.Sleep(time.Millisecond)
	fmt.Println(len(l.lines), strings.Contains(strings.Join(l.lines, ","), "a=1"))
}
