package fixtures

import (
	"fmt"
	"sync"
)

var registry = map[string]int{}

var cache map[int]string

func countWords(words []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++ // want "concurrent-map-write"
		}(w)
	}
	wg.Wait()
	return counts
}

func twoGoroutines() {
	m := map[string]bool{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		m["a"] = true // want "concurrent-map-write"
	}()
	go func() {
		defer wg.Done()
		delete(m, "b") // want "concurrent-map-write"
	}()
	wg.Wait()
}

func parentAndChild(done chan bool) {
	m := make(map[int]int)
	go func() {
		m[1] = 1 // want "concurrent-map-write"
		done <- true
	}()
	m[2] = 2
}

func register(name string) {
	registry[name] = len(name) // want "concurrent-map-write"
}

func startRegistrations(names []string) {
	for _, n := range names {
		go register(n)
	}
}

func globalFromLoop(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			cache[id] = fmt.Sprint(id) // want "concurrent-map-write"
		}(id)
	}
	wg.Wait()
}

func partlyLocked(keys []string) {
	m := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			mu.Lock()
			m[k]++
			mu.Unlock()
			m[k+"!"] = 1 // want "concurrent-map-write"
		}(k)
	}
	wg.Wait()
}

// Negatives.

func lockedWrites(words []string) map[string]int {
	counts := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}

func syncMap(words []string) {
	var m sync.Map
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			m.Store(w, true)
		}(w)
	}
	wg.Wait()
}

func writesBeforeAndAfter(words []string) map[string]int {
	m := make(map[string]int)
	m["start"] = 1
	var wg sync.WaitGroup
	for range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
		}()
	}
	wg.Wait()
	for _, w := range words {
		m[w]++
	}
	return m
}

func singleGoroutineThenWait() map[int]int {
	m := make(map[int]int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[1] = 1
	}()
	wg.Wait()
	m[2] = 2
	return m
}

func perGoroutineMap(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			local := make(map[int]int)
			local[id] = id
			fmt.Println(local)
		}(id)
	}
	wg.Wait()
}

func sliceByIndex(ids []int) []int {
	out := make([]int, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func(i, id int) {
			defer wg.Done()
			out[i] = id * 2
		}(i, id)
	}
	wg.Wait()
	return out
}

func receiveBeforeWrite(done chan bool) {
	m := make(map[int]int)
	go func() {
		m[1] = 1
		done <- true
	}()
	<-done
	m[2] = 2
}
