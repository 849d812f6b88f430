// int, float64, bool, string, byte and rune values, conversions, and strconv.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	var i int = 7
	var f float64 = 2.5
	var ok bool = i > 5
	var s string = "héllo"
	var b byte = s[0]
	var r rune = []rune(s)[1]

	fmt.Println(i/2, i%2, float64(i)/2, f*2, ok, !ok)
	fmt.Println(len(s), len([]rune(s)), b, string(b), r, string(r))
	fmt.Printf("%d %5d|%-4d| %x %X %b\n", i, i, i, 255, 255, 5)
	fmt.Printf("%.2f %g %v %8.3f\n", f, f, 1.0/3, 3.14159)
	fmt.Printf("%q %s %c\n", s, s, r)
	fmt.Printf("%t %v\n", ok, ok)

	n, err := strconv.Atoi("1234")
	fmt.Println(n+1, err)
	_, err = strconv.Atoi("12x")
	fmt.Println(err)
	fmt.Println(strconv.Itoa(99) + "!")
	fmt.Println(strconv.Quote("a\tb"), strconv.FormatInt(255, 2))

	bs := []byte("abc")
	bs[0] = 'A'
	fmt.Println(string(bs), bs)
	total := 0
	for _, c := range "abc" {
		total += int(c - 'a')
	}
	fmt.Println("total:", total)
	const big = 1 << 40
	fmt.Println(big, int64(big)>>38)
}
