// switch with values, without a tag, with fallthrough and a default; labeled
// break and continue out of nested loops.
package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	case n%2 == 0:
		return "even"
	default:
		return "odd"
	}
}

func day(d int) string {
	switch d {
	case 0, 6:
		return "weekend"
	case 1:
		fallthrough
	case 2:
		return "early week"
	default:
		return "midweek"
	}
}

func main() {
	for _, n := range []int{-3, 0, 4, 7} {
		fmt.Println(n, classify(n))
	}
	fmt.Println(day(0), day(1), day(2), day(4))

	switch x := 5; x {
	case 5:
		fmt.Println("five")
		if x > 1 {
			break
		}
		fmt.Println("not printed")
	}

outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Println("pair", i, j)
		}
	}

	found := -1
search:
	for _, row := range [][]int{{1, 2}, {3, 42}, {42, 0}} {
		for _, v := range row {
			if v == 42 {
				found = v
				break search
			}
		}
	}
	fmt.Println("found", found)
}
