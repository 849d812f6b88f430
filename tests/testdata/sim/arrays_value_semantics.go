// Arrays are values: assignment and passing copy every element.
package main

import "fmt"

type Grid [3][3]int

func bump(a [4]int) [4]int {
	a[0] += 100
	return a
}

func bumpPtr(a *[4]int) {
	a[0] += 100
}

func main() {
	a := [4]int{1, 2, 3, 4}
	b := a
	b[1] = 20
	fmt.Println("a:", a, "b:", b)

	c := bump(a)
	fmt.Println("after bump a:", a, "c:", c)
	bumpPtr(&a)
	fmt.Println("after bumpPtr a:", a)

	var g Grid
	g[1][1] = 5
	h := g
	h[1][1] = 9
	fmt.Println(g[1][1], h[1][1], len(g), len(g[0]))
	fmt.Println("equal:", a == [4]int{101, 2, 3, 4}, g == h)

	sum := 0
	for i, v := range a {
		sum += i * v
	}
	fmt.Println("weighted sum:", sum)
	s := a[1:3]
	s[0] = 77
	fmt.Println("slice of array writes through:", a)
	auto := [...]string{"x", "y"}
	fmt.Println(len(auto), auto)
}
