package main

import (
	"fmt"
	"math/rand/v2"
	"time"
)

func backoff(attempt int) time.Duration {
	base := 10 * time.Millisecond << attempt
	return base/2 + rand.N(base/2)
}

func main() {
	total := time.Duration(0)
	for i := 0; i < 4; i++ {
		d := backoff(i)
		if d < (10*time.Millisecond<<i)/2 || d >= 10*time.Millisecond<<i {
			fmt.Println("out of range", d)
		}
		total += d
	}
	fmt.Println(total > 0, rand.IntN(3) < 3)
}
