package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// queryRows streams rows from a query, one at a time, and closes the channel at the end.
func queryRows(total int) <-chan string {
	rows := make(chan string)
	go func() {
		defer close(rows)
		for i := 1; i <= total; i++ {
			rows <- fmt.Sprint("row-", i) // blocks forever once the reader has left
		}
	}()
	return rows
}

// exportReport writes rows until the deadline passes, then gives up.
func exportReport(ctx context.Context) (written int, last string) {
	for row := range queryRows(10) {
		select {
		case <-ctx.Done():
			return written, last // stops reading; the producer is still sending
		default:
		}
		time.Sleep(30 * time.Millisecond) // write the row to a slow file
		written++
		last = row
	}
	return written, last
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 75*time.Millisecond)
	defer cancel()
	n, last := exportReport(ctx)
	fmt.Println("exported", n, "rows, last", last, "- ctx:", ctx.Err())
	time.Sleep(100 * time.Millisecond) // the producer has had plenty of time to finish
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
