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
	go func() { // the query: sends rows until done or cancelled, then closes the channel
		defer close(rows)
		for i := 1; i <= total; i++ {
			select {
			case rows <- fmt.Sprint("row-", i):
			case <-ctx.Done(): // nobody will read the rest
				return
			}
		}
	}()
	for row := range rows { // ends when the query closes rows
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
