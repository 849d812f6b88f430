// leaklab:go 1.21
package loopvarok

import (
	"fmt"
	"sync"
)

// Negative: passed as an argument.
func asArgument(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fmt.Println(i)
		}(i)
	}
	wg.Wait()
}

// Negative: copied with `name := name` before the go statement.
func copied(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		name := name
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(name)
		}()
	}
	wg.Wait()
}

// Negative: the goroutine does not read the loop variable.
func unused(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("tick")
		}()
	}
	wg.Wait()
}

// Negative: the closure runs synchronously (no goroutine).
func synchronous(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		func() {
			total += i
		}()
	}
	return total
}

// Negative: the goroutine declares its own variable of the same name.
func shadowed(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := 7
			fmt.Println(i)
		}()
	}
	wg.Wait()
}

// Negative: a goroutine started after the loop.
func afterLoop(xs []int) {
	last := 0
	for _, x := range xs {
		last = x
	}
	done := make(chan bool)
	go func() {
		fmt.Println(last)
		done <- true
	}()
	<-done
}
