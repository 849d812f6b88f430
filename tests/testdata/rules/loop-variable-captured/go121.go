// leaklab:go 1.21
package loopvar

import (
	"fmt"
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

func (g *group) Wait() { g.wg.Wait() }

// Positive: the classic counter capture.
func printIndexes(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(i) // want "loop-variable-captured"
		}()
	}
	wg.Wait()
}

// Positive: the range value.
func printNames(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("hello", name) // want "loop-variable-captured"
		}()
	}
	wg.Wait()
}

// Positive: both key and value, each reported once.
func printPairs(m map[string]int) {
	var wg sync.WaitGroup
	for k, v := range m {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(k, // want "loop-variable-captured"
				v) // want "loop-variable-captured"
		}()
	}
	wg.Wait()
}

// Positive: an errgroup-style Go callback.
func viaGroup(urls []string) {
	var g group
	for _, u := range urls {
		g.Go(func() error {
			fmt.Println("fetch", u) // want "loop-variable-captured"
			return nil
		})
	}
	g.Wait()
}

// Positive: the goroutine sits in a nested block of the loop.
func nestedBlock(items []int) {
	done := make(chan bool, len(items))
	for idx, it := range items {
		if it > 0 {
			go func() {
				fmt.Println(idx) // want "loop-variable-captured"
				done <- true
			}()
		} else {
			done <- false
		}
	}
	for range items {
		<-done
	}
}

// Positive: the copy happens after the go statement, too late.
func copyTooLate(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(i * 2) // want "loop-variable-captured"
		}()
		j := i
		_ = j
	}
	wg.Wait()
}
