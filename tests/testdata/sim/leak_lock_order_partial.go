// The same lock-order inversion while main keeps running: no fatal error, the
// two goroutines are stuck forever (a partial deadlock is a leak).
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	var a, b sync.Mutex
	go func() {
		a.Lock()
		time.Sleep(40 * time.Millisecond)
		b.Lock()
	}()
	go func() {
		b.Lock()
		time.Sleep(40 * time.Millisecond)
		a.Lock()
	}()
	time.Sleep(150 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
