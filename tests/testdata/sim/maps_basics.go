// Maps: literal, make, insert, update, delete, comma-ok lookup, len, reading a
// nil map, and range (keys sorted before printing: iteration order is random).
package main

import (
	"fmt"
	"slices"
)

func main() {
	ages := map[string]int{"bob": 31, "ana": 25}
	ages["cy"] = 40
	ages["bob"]++
	fmt.Println(len(ages), ages["bob"], ages["nobody"])

	v, ok := ages["ana"]
	fmt.Println("ana:", v, ok)
	_, ok = ages["zed"]
	fmt.Println("zed present:", ok)

	delete(ages, "cy")
	delete(ages, "never-there")
	fmt.Println("after delete:", len(ages))

	keys := make([]string, 0, len(ages))
	total := 0
	for k, age := range ages {
		keys = append(keys, k)
		total += age
	}
	slices.Sort(keys)
	fmt.Println(keys, total)

	counts := make(map[rune]int)
	for _, r := range "banana" {
		counts[r]++
	}
	fmt.Println(counts['a'], counts['n'], counts['b'])
	fmt.Println(counts)

	var nilMap map[string]bool
	fmt.Println(nilMap["x"], len(nilMap), nilMap == nil)

	nested := map[string][]int{}
	nested["even"] = append(nested["even"], 2, 4)
	fmt.Println(nested)
}
