// Fan-out with an unbuffered error channel: the caller returns at the first
// error, and every other worker blocks forever trying to report its own.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func checkAll(hosts []string) error {
	errs := make(chan error)
	for i, h := range hosts {
		go func() {
			time.Sleep(time.Duration(i+1) * 40 * time.Millisecond)
			errs <- fmt.Errorf("%s unreachable", h)
		}()
	}
	for range hosts {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

func main() {
	fmt.Println(checkAll([]string{"a", "b", "c", "d"}))
	time.Sleep(250 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
