// Compound assignments and loop conditions in the shapes the interpreter fuses
// (x op= y, x = x op k, loop tests on ints of several kinds), with the values Go
// gives at the edges: wrapping int8 and uint8, unsigned order, MinInt64 / -1,
// string and float accumulators, and a division by zero inside x /= d.
package main

import (
	"fmt"
	"math"
)

type stats struct {
	count int
	sum   float64
}

func (s *stats) add(v float64) {
	s.count += 1
	s.sum += v
}

func checksum(data []byte) uint8 {
	var c uint8
	for i := 0; i < len(data); i++ {
		c += data[i]
		c ^= c << 1
	}
	return c
}

func countdown(n uint) (steps int) {
	for n > 2 {
		n -= 3
		steps++
	}
	return steps
}

func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = n*3 + 1
		}
		steps += 1
	}
	return steps
}

func average(values []int, d int) int {
	total := 0
	for _, v := range values {
		total += v % 7
		total = total - 1
	}
	total /= d
	return total
}

func main() {
	var small int8 = 120
	for k := 0; k < 3; k++ {
		small += 5
	}
	fmt.Println("int8:", small)

	var b byte = 250
	b += 10
	fmt.Println("uint8:", b, checksum([]byte("leak lab")))

	fmt.Println("countdown:", countdown(10), countdown(2))
	fmt.Println("collatz:", collatz(27))

	x := 10
	x += x % 3
	x = x * x
	x -= x / 4
	fmt.Println("x:", x)

	min := math.MinInt64
	neg := -1
	min /= neg
	fmt.Println("min/-1:", min, math.MinInt64%neg)

	label := ""
	for i := 0; i < 4; i++ {
		label += string(rune('a' + i))
	}
	fmt.Println("label:", label)

	var s stats
	for i := 1; i <= 4; i++ {
		s.add(float64(i) / 2)
	}
	fmt.Println("stats:", s.count, s.sum)

	var u uint = 0
	u -= 1
	fmt.Println("uint wraps:", u > 1<<62)

	fmt.Println("average:", average([]int{3, 9, 20}, 2))
	fmt.Println("average:", average([]int{1}, 0))
}
