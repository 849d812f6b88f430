// fmt.Println, Printf, Sprintf, Sprint and Errorf with the common verbs, on
// structs, pointers to structs, slices, maps (printed with sorted keys) and nil.
package main

import (
	"errors"
	"fmt"
)

type Job struct {
	ID   int
	Name string
	Tags []string
}

type Level int

func (l Level) String() string { return fmt.Sprintf("L%d", int(l)) }

func main() {
	j := Job{ID: 7, Name: "sync", Tags: []string{"a", "b"}}
	fmt.Println(j)
	fmt.Printf("%v|%+v\n", j, j)
	fmt.Printf("%v\n", &j)
	fmt.Printf("%d %s %q %v %t\n", 42, "str", "quoted", 3.5, false)
	fmt.Printf("%x %X %08b %3c|\n", "hi", 3054, 5, 'z')
	fmt.Printf("%6.2f|%-6s|%6s|%%\n", 3.14159, "ab", "cd")
	fmt.Println(map[string]int{"z": 1, "a": 2, "m": 3})
	fmt.Println([]any{1, "two", nil, 4.5, true})
	fmt.Println(Level(3), []Level{1, 2})
	fmt.Printf("%v %d\n", Level(4), Level(4))

	s := fmt.Sprintf("%s-%03d", "id", 9)
	fmt.Println(s, len(s))
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c"), fmt.Sprintln("x", 1) == "x 1\n")
	err := fmt.Errorf("load %q: %w", "cfg", errors.New("missing"))
	fmt.Println(err)
	fmt.Println(errors.Unwrap(err))
	var nilSlice []int
	var nilMap map[string]int
	var nilErr error
	fmt.Println(nilSlice, nilMap, nilErr)
	fmt.Printf("%v %s\n", nilErr, []string{"q", "r"})
}
