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
	for _, name := range files {
		wg.Add(1) // one Add per goroutine, right before it starts
		go func() {
			defer wg.Done() // first line: runs on every return path
			if !strings.HasSuffix(name, ".png") {
				return
			}
			time.Sleep(10 * time.Millisecond) // resize the image
			mu.Lock()
			resized++
			mu.Unlock()
		}()
	}
	go func() {
		wg.Wait()
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
