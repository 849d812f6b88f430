// The same loops with go.mod at go 1.21: one variable is shared by all
// iterations, so every closure sees its final value.
// leaklab:go 1.21
package main

import "fmt"

func main() {
	var prints []func()
	for i := 0; i < 3; i++ {
		prints = append(prints, func() { fmt.Print(i, " ") })
	}
	for _, name := range []string{"a", "b", "c"} {
		prints = append(prints, func() { fmt.Print(name, " ") })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()
}
