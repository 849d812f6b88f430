// Indexing past the length panics with a runtime error naming index and length.
package main

import "fmt"

func main() {
	items := []string{"a", "b", "c"}
	i := 5
	fmt.Println("len", len(items))
	fmt.Println(items[i])
}
