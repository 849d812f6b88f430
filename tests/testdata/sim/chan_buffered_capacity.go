// A buffered channel accepts sends without a receiver until the buffer is full;
// len reports the queued values, cap the buffer size; values come out FIFO.
package main

import "fmt"

func main() {
	jobs := make(chan int, 3)
	for i := 1; i <= 3; i++ {
		jobs <- i * 10
		fmt.Println("queued", i*10, "len", len(jobs), "cap", cap(jobs))
	}
	select {
	case jobs <- 40:
		fmt.Println("unexpected: buffer had room")
	default:
		fmt.Println("buffer full, send would block")
	}
	fmt.Println("first out:", <-jobs)
	jobs <- 40
	close(jobs)
	for v := range jobs {
		fmt.Println("drained", v)
	}
	fmt.Println("len after drain:", len(jobs))
}
