// A large array passed by value is copied on every call and into every
// goroutine: changes made by the callee never reach the caller. Passing a
// pointer or a slice shares one copy.
package main

import (
	"fmt"
	"sync"
)

type Frame [64 * 1024]byte

func fillByValue(f Frame) byte {
	f[0] = 1
	return f[0]
}

func fillByPointer(f *Frame) {
	f[0] = 2
}

func main() {
	var frame Frame
	fmt.Println("callee saw:", fillByValue(frame), "caller has:", frame[0])
	fillByPointer(&frame)
	fmt.Println("after pointer call:", frame[0])

	var wg sync.WaitGroup
	sums := make([]int, 4)
	for i := range 4 {
		wg.Add(1)
		go func(copyOfFrame Frame) {
			defer wg.Done()
			copyOfFrame[1] = byte(i)
			sums[i] = int(copyOfFrame[0]) + int(copyOfFrame[1])
		}(frame)
	}
	wg.Wait()
	fmt.Println("per-goroutine copies:", sums, "original:", frame[1])
	fmt.Println("array length:", len(frame))
}
