package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Frame is one raw video frame: 128 KiB.
type Frame [1 << 17]byte

// brightness stands in for an analysis pass over the frame; it only reads it.
func brightness(f *Frame, level int) int {
	time.Sleep(10 * time.Millisecond) // the analysis takes a while
	n := 0
	for _, px := range f {
		if int(px) >= level {
			n++
		}
	}
	return n
}

func main() {
	var frame Frame
	for i := range frame {
		frame[i] = byte(i % 251)
	}

	levels := []int{50, 100, 150, 200, 250, 0, 25, 75}
	counts := make([]int, len(levels))
	var wg sync.WaitGroup
	for i, level := range levels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i] = brightness(&frame, level) // shares one frame: 8 bytes per call
		}()
	}
	wg.Wait()
	fmt.Println("pixels at or above each level:", counts)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
