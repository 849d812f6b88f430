package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

// startThumbnails resizes every image in the background and sends the count
// on done once all workers have finished.
func startThumbnails(files []string, done chan<- int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	resized := 0
	wg.Add(len(files))
	for _, name := range files {
		go func() {
			if !strings.HasSuffix(name, ".png") {
				return // skipped files never reach wg.Done below
			}
			time.Sleep(10 * time.Millisecond) // resize the image
			mu.Lock()
			resized++
			mu.Unlock()
			wg.Done()
		}()
	}
	go func() {
		wg.Wait() // the counter stops at 1: this waits forever
		done <- resized
	}()
}

func main() {
	done := make(chan int, 1)
	startThumbnails([]string{"cat.png", "notes.txt", "dog.png"}, done)
	select {
	case n := <-done:
		fmt.Println("thumbnails ready:", n)
	case <-time.After(200 * time.Millisecond):
		fmt.Println("thumbnails: no answer after 200ms")
	}
	time.Sleep(10 * time.Millisecond) // let finished goroutines exit
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
