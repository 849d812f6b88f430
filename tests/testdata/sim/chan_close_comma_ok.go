// Receiving from a closed channel returns the buffered values first, then the
// zero value at once with ok == false; closing wakes every blocked receiver.
package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	close(ch)
	for range 4 {
		v, ok := <-ch
		fmt.Println(v, ok)
	}

	done := make(chan struct{})
	var wg sync.WaitGroup
	woken := make(chan int, 3)
	for id := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-done
			woken <- id
		}()
	}
	close(done)
	wg.Wait()
	close(woken)
	sum := 0
	for id := range woken {
		sum += id
	}
	fmt.Println("all woken, id sum:", sum)

	names := make(chan string)
	go func() {
		defer close(names)
		names <- "x"
	}()
	for n := range names {
		fmt.Println("got", n)
	}
	s, ok := <-names
	fmt.Printf("%q %v\n", s, ok)
}
