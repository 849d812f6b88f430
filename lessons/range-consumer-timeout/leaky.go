package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// exportReport streams rows from a query and writes them until the deadline passes.
func exportReport(ctx context.Context, total int) (written int, last string) {
	rows := make(chan string)
	go func() { // the query: sends every row, then closes the channel
		defer close(rows)
		for i := 1; i <= total; i++ {
			rows <- fmt.Sprint("row-", i) // blocks forever once the reader has left
		}
	}()
	for row := range rows {
		select {
		case <-ctx.Done():
			return written, last // stops reading; the query is still sending
		default:
		}
		time.Sleep(50 * time.Millisecond) // write the row to a slow file
		written++
		last = row
	}
	return written, last
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 125*time.Millisecond)
	defer cancel()
	n, last := exportReport(ctx, 10)
	fmt.Println("exported", n, "rows, last", last, "- ctx:", ctx.Err())
	time.Sleep(100 * time.Millisecond) // the query has had plenty of time to finish
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
