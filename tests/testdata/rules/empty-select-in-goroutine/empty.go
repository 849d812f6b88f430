package emptyselect

import (
	"fmt"
	"net/http"
	"sync"
)

type group struct{ wg sync.WaitGroup }

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		_ = f()
	}()
}

// Positive: a goroutine parks itself after starting the real work.
func startServer(addr string) {
	go func() {
		go func() {
			_ = http.ListenAndServe(addr, nil)
		}()
		select {} // want "empty-select-in-goroutine"
	}()
}

// Positive: a goroutine that "waits" after logging.
func keepAlive() {
	go func() {
		fmt.Println("alive")
		select {} // want "empty-select-in-goroutine"
	}()
}

// Positive: inside a loop of started goroutines.
func spawn(n int) {
	for i := 0; i < n; i++ {
		go func(id int) {
			fmt.Println("worker", id)
			select {} // want "empty-select-in-goroutine"
		}(i)
	}
}

// Positive: in a branch of the goroutine.
func maybeBlock(fail bool) {
	go func() {
		if fail {
			select {} // want "empty-select-in-goroutine"
		}
		fmt.Println("done")
	}()
}

// Positive: in a callback run as a goroutine by an errgroup-like Go method.
func viaGroup(g *group) {
	g.Go(func() error {
		fmt.Println("started")
		select {} // want "empty-select-in-goroutine"
	})
}

// Positive: a named function started with `go`.
func startNamed() {
	go parkForever()
}

func parkForever() {
	fmt.Println("parking")
	select {} // want "empty-select-in-goroutine"
}
