// A channel field that was never made is nil: a goroutine receiving from it
// blocks forever, and closing it would panic instead.
package main

import (
	"fmt"
	"runtime"
	"time"
)

type Worker struct {
	jobs chan int
}

func (w *Worker) Start() {
	go func() {
		for j := range w.jobs {
			fmt.Println("job", j)
		}
	}()
}

func main() {
	w := &Worker{}
	w.Start()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("jobs is nil:", w.jobs == nil)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
