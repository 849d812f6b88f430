// Every for form: 3-clause, condition only, infinite with break, and range over
// an int, a slice, an array, a map (summed), a string (runes) and a channel.
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		fmt.Print(i, " ")
	}
	fmt.Println()

	n := 1
	for n < 100 {
		n *= 3
	}
	fmt.Println("condition loop:", n)

	steps := 0
	for {
		steps++
		if steps == 4 {
			break
		}
	}
	fmt.Println("infinite loop broke after", steps)

	for i := range 3 {
		fmt.Print("r", i, " ")
	}
	fmt.Println()

	for i, s := range []string{"x", "y"} {
		fmt.Println("slice", i, s)
	}
	arr := [3]int{5, 6, 7}
	for i := range arr {
		arr[i] *= 2
	}
	fmt.Println("array", arr)

	sum := 0
	for _, v := range map[string]int{"a": 1, "b": 2, "c": 3} {
		sum += v
	}
	fmt.Println("map sum", sum)

	for i, r := range "aé!" {
		fmt.Println("string", i, string(r))
	}

	ch := make(chan int, 3)
	ch <- 10
	ch <- 20
	ch <- 30
	close(ch)
	for v := range ch {
		fmt.Println("chan", v)
	}
	for range 2 {
		fmt.Println("bare range")
	}
}
