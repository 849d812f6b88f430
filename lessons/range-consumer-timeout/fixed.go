package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// queryRows streams rows until the query ends or ctx is done, then closes the channel.
func queryRows(ctx context.Context, total int) <-chan string {
	rows := make(chan string)
	go func() {
		defer close(rows) // tells the reader there is nothing more
		for i := 1; i <= total; i++ {
			select {
			case rows <- fmt.Sprint("row-", i):
			case <-ctx.Done():
				return // nobody will read the rest
			}
		}
	}()
	return rows
}

// exportReport writes rows until the producer closes the channel.
func exportReport(ctx context.Context) (written int, last string) {
	for row := range queryRows(ctx, 10) {
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
