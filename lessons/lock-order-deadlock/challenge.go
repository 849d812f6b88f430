package main

import (
	"fmt"
	"sync"
)

// store keeps who is online and which session belongs to whom, each behind its own lock.
type store struct {
	usersMu    sync.Mutex
	online     map[string]int
	sessionsMu sync.Mutex
	sessions   map[string]string
}

func newStore() *store {
	return &store{online: map[string]int{"ana": 1}, sessions: map[string]string{"s1": "ana"}}
}

// login locks usersMu, then sessionsMu.
func (s *store) login(user, id string) {
	s.usersMu.Lock()
	defer s.usersMu.Unlock()
	s.sessionsMu.Lock()
	defer s.sessionsMu.Unlock()
	s.online[user]++
	s.sessions[id] = user
}

// expire locks them the other way round.
func (s *store) expire(id string) {
	s.sessionsMu.Lock()
	defer s.sessionsMu.Unlock()
	s.usersMu.Lock()
	defer s.usersMu.Unlock()
	s.online[s.sessions[id]]--
	delete(s.sessions, id)
}

func main() {
	s := newStore()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.login("bo", "s2")
	}()
	go func() {
		defer wg.Done()
		s.expire("s1")
	}()
	wg.Wait()
	fmt.Println("sessions:", len(s.sessions))
}
