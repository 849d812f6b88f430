package main

import (
	"fmt"
	"runtime"
	"time"
)

// runJob sums a job's data. A helper goroutine waits for the job to finish so it can
// wipe the scratch buffer afterwards (the data may be private).
func runJob(id int) int {
	scratch := make([]byte, 64<<10) // 64 KiB working buffer
	finished := make(chan struct{})
	go func() {
		<-finished // returns once runJob closes finished
		for i := range scratch {
			scratch[i] = 0
		}
	}()
	defer close(finished) // on every return: tell the helper the job is over

	sum := 0
	for i := range scratch {
		scratch[i] = byte(id)
		sum += int(scratch[i])
	}
	return sum
}

func main() {
	fmt.Println("goroutines at start:", runtime.NumGoroutine())
	for id := 1; id <= 3; id++ {
		fmt.Println("job", id, "sum:", runJob(id))
	}
	time.Sleep(50 * time.Millisecond) // every helper has reached its receive by now
	runtime.GC()
	fmt.Println("goroutines at end:", runtime.NumGoroutine())
}
