// Closures capture variables, not values: the counter keeps its state between
// calls and two closures created from the same call share one variable.
package main

import "fmt"

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func pair() (inc func(), get func() int) {
	shared := 10
	inc = func() { shared += 5 }
	get = func() int { return shared }
	return
}

func apply(xs []int, f func(int) int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	next := counter()
	fmt.Println(next(), next(), next())
	other := counter()
	fmt.Println("other starts fresh:", other())

	inc, get := pair()
	inc()
	inc()
	fmt.Println("shared:", get())

	factor := 3
	triple := func(x int) int { return x * factor }
	fmt.Println(apply([]int{1, 2, 3}, triple))
	factor = 10
	fmt.Println("after factor change:", apply([]int{1, 2, 3}, triple))

	total := 0
	func() {
		total += 42
	}()
	fmt.Println("total:", total)
}
