// defer runs in LIFO order when the function returns; arguments are evaluated
// when the defer statement runs; a deferred closure can change a named result.
package main

import "fmt"

func order() {
	for i := range 3 {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

func argsNow() {
	x := 1
	defer fmt.Println("deferred x =", x)
	x = 2
	fmt.Println("x is now", x)
}

func double() (result int) {
	defer func() { result *= 2 }()
	return 21
}

func cleanup(name string) func() {
	fmt.Println("open", name)
	return func() { fmt.Println("close", name) }
}

func main() {
	order()
	argsNow()
	fmt.Println("double:", double())
	func() {
		defer cleanup("a")()
		defer cleanup("b")()
		fmt.Println("using a and b")
	}()
	fmt.Println("end of main")
}
