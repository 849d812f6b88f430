// recover in a deferred function stops a panic; deferred calls run while the
// panic unwinds; a recovered runtime error can be turned into an error value.
package main

import (
	"errors"
	"fmt"
)

func safeDivide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func unwinding() {
	defer fmt.Println("unwinding: deferred 1")
	defer fmt.Println("unwinding: deferred 2")
	panic("boom")
}

func catchValue() (caught any) {
	defer func() { caught = recover() }()
	unwinding()
	return "not reached"
}

func main() {
	fmt.Println(safeDivide(10, 2))
	fmt.Println(safeDivide(1, 0))
	fmt.Println("caught:", catchValue())

	func() {
		defer func() {
			r := recover()
			err, ok := r.(error)
			fmt.Println("error value:", ok, errors.Is(err, errSentinel))
		}()
		panic(errSentinel)
	}()
	fmt.Println("recover outside panic:", recover())
	fmt.Println("main continues")
}

var errSentinel = errors.New("sentinel")
