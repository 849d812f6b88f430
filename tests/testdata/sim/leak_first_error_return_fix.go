// The fix for the first-error fan-out: an error channel with room for every
// worker lets the late ones report and return even after the caller left.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func checkAll(hosts []string) error {
	errs := make(chan error, len(hosts))
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
