// When several select cases are ready, Go picks one uniformly at random: the
// output is one of two lines.
// leaklab:outcomes 2
package main

import "fmt"

func main() {
	left := make(chan string, 1)
	right := make(chan string, 1)
	left <- "left"
	right <- "right"
	select {
	case v := <-left:
		fmt.Println("chose", v)
	case v := <-right:
		fmt.Println("chose", v)
	}
	fmt.Println("still buffered:", len(left)+len(right))
}
