// Methods with value and pointer receivers on struct types; pointers to structs;
// a value-receiver method works on a copy.
package main

import "fmt"

type Point struct {
	X, Y int
}

func (p Point) Sum() int { return p.X + p.Y }

func (p Point) MovedBy(dx int) Point {
	p.X += dx
	return p
}

func (p *Point) Scale(k int) {
	p.X *= k
	p.Y *= k
}

type Stack struct {
	items []string
}

func (s *Stack) Push(v string) { s.items = append(s.items, v) }

func (s *Stack) Pop() (string, bool) {
	if len(s.items) == 0 {
		return "", false
	}
	last := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return last, true
}

func (s Stack) Len() int { return len(s.items) }

func main() {
	p := Point{X: 1, Y: 2}
	moved := p.MovedBy(10)
	fmt.Println("p:", p, "moved:", moved, "sum:", moved.Sum())
	p.Scale(3)
	fmt.Println("scaled:", p)

	pp := &p
	pp.Y = 100
	fmt.Println("through pointer:", p.Y, pp.Sum())
	fmt.Printf("%v %+v\n", p, p)

	var s Stack
	s.Push("a")
	s.Push("b")
	fmt.Println("len:", s.Len())
	for {
		v, ok := s.Pop()
		if !ok {
			break
		}
		fmt.Println("pop:", v)
	}
	var nilPoint *Point
	fmt.Println("nil pointer is nil:", nilPoint == nil)
}
