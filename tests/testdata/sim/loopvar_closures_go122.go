// Go 1.22+: every loop iteration has its own variable, so closures created in
// the loop remember different values.
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
