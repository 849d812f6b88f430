// An early return skips Unlock: the mutex stays locked forever and every later
// Lock blocks. main does not need the lock, so nothing crashes; the waiters leak.
package main

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
)

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

func (s *Store) Put(key string, v int) error {
	s.mu.Lock()
	if v < 0 {
		return errors.New("negative value") // returns with the lock held
	}
	s.data[key] = v
	s.mu.Unlock()
	return nil
}

func main() {
	s := &Store{data: map[string]int{}}
	fmt.Println(s.Put("a", 1))
	fmt.Println(s.Put("b", -1))
	for i := range 3 {
		go func() {
			_ = s.Put(fmt.Sprint("k", i), i)
			fmt.Println("not reached")
		}()
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
