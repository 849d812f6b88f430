package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// sessionStore guards users and sessions with one mutex each.
type sessionStore struct {
	usersMu    sync.Mutex
	online     map[string]int // user -> open sessions
	sessionsMu sync.Mutex
	sessions   map[string]string // session id -> user
}

// login takes usersMu, then sessionsMu.
func (s *sessionStore) login(user, id string) {
	s.usersMu.Lock()
	defer s.usersMu.Unlock()
	time.Sleep(10 * time.Millisecond) // load the profile while holding the lock
	s.sessionsMu.Lock()
	defer s.sessionsMu.Unlock()
	s.online[user]++
	s.sessions[id] = user
}

// expire takes the same two mutexes in the opposite order.
func (s *sessionStore) expire(id string) {
	s.sessionsMu.Lock()
	defer s.sessionsMu.Unlock()
	// Write an audit record first.
	time.Sleep(10 * time.Millisecond)
	s.usersMu.Lock() // login holds usersMu and waits for sessionsMu: neither moves
	defer s.usersMu.Unlock()
	s.online[s.sessions[id]]--
	delete(s.sessions, id)
}

// summary takes usersMu, then sessionsMu, like login.
func (s *sessionStore) summary() string {
	s.usersMu.Lock()
	defer s.usersMu.Unlock()
	s.sessionsMu.Lock()
	defer s.sessionsMu.Unlock()
	return fmt.Sprintf("%d sessions, ana has %d, bo has %d", len(s.sessions), s.online["ana"], s.online["bo"])
}

func main() {
	store := sessionStore{online: map[string]int{"ana": 1}, sessions: map[string]string{"s1": "ana"}}
	go store.login("bo", "s2")
	go store.expire("s1")
	report := make(chan string, 1)
	go func() {
		time.Sleep(5 * time.Millisecond)
		report <- store.summary() // queues behind the stuck login
	}()
	time.Sleep(100 * time.Millisecond) // both 10 ms operations should be long done
	select {
	case line := <-report:
		fmt.Println("summary:", line)
	default:
		fmt.Println("summary: not ready")
	}
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
