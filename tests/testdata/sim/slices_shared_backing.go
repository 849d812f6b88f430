// A sub-slice shares its backing array: writes through one are visible through
// the other until an append outgrows the capacity. A 3-index slice caps the
// capacity, so the next append copies.
package main

import "fmt"

func main() {
	base := []int{0, 1, 2, 3, 4, 5}
	window := base[1:3]
	window[0] = 100
	fmt.Println("base:", base)

	window = append(window, 200)
	fmt.Println("append within capacity overwrote base[3]:", base)

	capped := base[1:3:3]
	capped = append(capped, 300)
	capped[0] = -1
	fmt.Println("capped copy:", capped, "base unchanged:", base)

	big := make([]byte, 1<<20)
	head := big[:3]
	fmt.Println("head len/cap:", len(head), cap(head))
	owned := append([]byte(nil), head...)
	fmt.Println("owned len/cap:", len(owned), cap(owned))
}
