package main

import "fmt"

func main() {
	fmt.Println("\101\x42\u0043\U0001F600 \a\b\f\v|\t|\\|\"|'")
	fmt.Println('\106', '\x41', '\u00e9', '\'', 'é', '\000')
	fmt.Println(len("\u00e9"), len("é"), len("\303\251"), "\303\251")
	fmt.Printf("%q %q %q %q %q\n", "\x00\x7f", '\n', '\'', '"', '\x07')
	fmt.Printf("%q\n", "a\x07\x08\x0c\x0b\u0085\x01\x7f")
	s := "日本\u8a9e"
	for i, r := range s {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println(len(s))
}
