package nilchanok

import "fmt"

var jobs chan int

func init() {
	jobs = make(chan int, 8)
}

// Negative: the package-level channel is made in init.
func enqueue(j int) {
	jobs <- j
}

// Negative: declared then made before use.
func declaredThenMade() {
	var out chan int
	out = make(chan int, 1)
	out <- 1
	fmt.Println(<-out)
}

// Negative: a nil channel in a select case disables that case on purpose.
func mergeTwo(a, b chan int) int {
	sum := 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			sum += v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sum += v
		}
	}
	return sum
}

// Negative: the nil channel only disables the timeout case until it is set.
func optionalTimeout(in chan int, limit chan struct{}) int {
	var timeout chan struct{}
	if limit != nil {
		timeout = limit
	}
	select {
	case v := <-in:
		return v
	case <-timeout:
		return -1
	}
}

// Negative: assigned from a parameter.
func fromParam(src chan int) int {
	var in chan int
	in = src
	return <-in
}

// Negative: the address is taken and filled elsewhere.
func filled(fill func(*chan int)) int {
	var in chan int
	fill(&in)
	return <-in
}

// Negative: declared with a value.
func withValue() int {
	var in = make(chan int, 1)
	in <- 2
	return <-in
}
