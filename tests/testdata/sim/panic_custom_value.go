// An unrecovered panic with a string value prints it after "panic: "; deferred
// calls in every frame run first, innermost first.
package main

import "fmt"

func inner() {
	defer fmt.Println("inner deferred")
	panic("something went wrong")
}

func main() {
	defer fmt.Println("main deferred")
	inner()
}
