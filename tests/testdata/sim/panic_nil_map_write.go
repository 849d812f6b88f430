// Reading a nil map is fine; writing to one panics.
package main

import "fmt"

func main() {
	var seen map[string]bool
	fmt.Println("read from nil map:", seen["x"])
	seen["x"] = true
}
