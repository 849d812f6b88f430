// A nil channel blocks forever, so setting a select case's channel to nil
// disables that case: the classic way to merge two channels until both close.
package main

import "fmt"

func produce(prefix string, n int) chan string {
	ch := make(chan string)
	go func() {
		for i := range n {
			ch <- fmt.Sprint(prefix, i)
		}
		close(ch)
	}()
	return ch
}

func main() {
	a := produce("a", 2)
	b := produce("b", 3)
	countA, countB := 0, 0
	for a != nil || b != nil {
		select {
		case _, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			countA++
		case _, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			countB++
		}
	}
	fmt.Println("from a:", countA, "from b:", countB)

	var nilCh chan int
	select {
	case v := <-nilCh:
		fmt.Println("impossible", v)
	default:
		fmt.Println("nil channel never ready")
	}
}
