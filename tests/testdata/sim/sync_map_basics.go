// sync.Map basics: Store, Load, LoadOrStore, LoadAndDelete, Delete, Range
// (collected and sorted, since Range order is unspecified).
package main

import (
	"fmt"
	"slices"
	"sync"
)

func main() {
	var m sync.Map
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Store(fmt.Sprintf("k%d", i), i*i)
		}()
	}
	wg.Wait()

	v, ok := m.Load("k3")
	fmt.Println("k3:", v, ok)
	_, ok = m.Load("missing")
	fmt.Println("missing:", ok)
	actual, loaded := m.LoadOrStore("k1", 100)
	fmt.Println("LoadOrStore existing:", actual, loaded)
	actual, loaded = m.LoadOrStore("new", 7)
	fmt.Println("LoadOrStore new:", actual, loaded)
	old, loaded := m.LoadAndDelete("k0")
	fmt.Println("LoadAndDelete:", old, loaded)
	m.Delete("k2")

	var keys []string
	m.Range(func(key, value any) bool {
		keys = append(keys, fmt.Sprint(key, "=", value))
		return true
	})
	slices.Sort(keys)
	fmt.Println(keys)
}
