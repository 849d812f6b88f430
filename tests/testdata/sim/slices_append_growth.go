// Slices: make with length and capacity, literals, append with growth, copy,
// len, cap, and slicing with two and three indices.
package main

import "fmt"

func main() {
	s := make([]int, 3, 5)
	fmt.Println(s, len(s), cap(s))
	s = append(s, 1, 2)
	fmt.Println(s, len(s), cap(s))

	var grown []int
	caps := []int{}
	last := -1
	for i := 0; i < 20; i++ {
		grown = append(grown, i)
		if cap(grown) != last {
			last = cap(grown)
			caps = append(caps, last)
		}
	}
	fmt.Println("capacities seen:", caps)

	lit := []string{"a", "b", "c", "d", "e"}
	fmt.Println(lit[1:3], len(lit[1:3]), cap(lit[1:3]))
	fmt.Println(lit[:2], lit[3:], lit[:])
	three := lit[1:3:4]
	fmt.Println(three, len(three), cap(three))

	dst := make([]string, 2)
	n := copy(dst, lit)
	fmt.Println("copied", n, dst)
	n = copy(lit, []string{"z"})
	fmt.Println("copied", n, lit)

	var nilSlice []int
	fmt.Println(nilSlice == nil, len(nilSlice), cap(nilSlice))
	nilSlice = append(nilSlice, 7)
	fmt.Println(nilSlice)
	matrix := [][]int{{1, 2}, {3, 4}}
	matrix[1] = append(matrix[1], 5)
	fmt.Println(matrix, len(matrix[1]))
}
