// Directional channel types in a three-stage pipeline: generate -> square ->
// print. Each stage owns and closes its output channel.
package main

import "fmt"

func generate(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- i
		}
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * v
		}
	}()
	return out
}

func collect(in <-chan int, results chan<- int) {
	total := 0
	for v := range in {
		fmt.Println("value", v)
		total += v
	}
	results <- total
}

func main() {
	results := make(chan int)
	go collect(square(generate(4)), results)
	fmt.Println("total", <-results)
	var sendOnly chan<- int = results
	fmt.Println("cap of send-only view:", cap(sendOnly))
}
