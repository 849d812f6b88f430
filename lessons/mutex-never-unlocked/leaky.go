package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// sessions maps session tokens to user names; every request looks one up.
type sessions struct {
	mu      sync.Mutex
	byToken map[string]string
}

func (s *sessions) user(token string) (string, bool) {
	s.mu.Lock()
	name, ok := s.byToken[token]
	if !ok {
		return "", false // returns with the mutex still held
	}
	s.mu.Unlock()
	return name, true
}

func main() {
	s := &sessions{byToken: map[string]string{"t1": "ana", "t2": "bo"}}
	tokens := []string{"t1", "expired", "t2", "t1"}

	var answeredMu sync.Mutex
	answered := 0
	for i, token := range tokens {
		go func() { // one goroutine per incoming request, 10 ms apart
			time.Sleep(time.Duration(i) * 10 * time.Millisecond)
			s.user(token)
			answeredMu.Lock()
			answered++
			answeredMu.Unlock()
		}()
	}
	time.Sleep(100 * time.Millisecond) // every request has arrived by now
	answeredMu.Lock()
	fmt.Println("requests answered:", answered, "of", len(tokens))
	answeredMu.Unlock()
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
