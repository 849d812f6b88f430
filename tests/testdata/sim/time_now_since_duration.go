// time.Now, time.Since, Sub and Duration arithmetic and printing. Elapsed times
// are compared, not printed, so the output does not depend on machine speed.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(40 * time.Millisecond)
	elapsed := time.Since(start)
	fmt.Println("slept at least 40ms:", elapsed >= 40*time.Millisecond)
	fmt.Println("well under a second:", elapsed < time.Second)
	later := time.Now()
	fmt.Println("later is after start:", later.After(start), later.Sub(start) >= elapsed)

	d := 1500 * time.Millisecond
	fmt.Println(d, d.Seconds(), d.Milliseconds(), time.Duration(90)*time.Second)
	fmt.Println(2*time.Hour+3*time.Minute, 250*time.Microsecond, time.Duration(42))
	fmt.Println(d > time.Second, d/3, d.Truncate(time.Second), time.Duration(0))
	deadline := start.Add(10 * time.Second)
	fmt.Println("deadline in future:", time.Until(deadline) > 0, deadline.Sub(start))
	fmt.Printf("%v %d %s\n", 3*time.Millisecond, 3*time.Millisecond, time.Minute)
}
