package main

import "fmt"

type session struct {
	user  string
	hits  int
	token [32]byte
}

// store keeps the sessions of logged-in users; logout deletes them.
type store struct {
	byID map[int]*session
}

func newStore() *store { return &store{byID: make(map[int]*session)} }

func (s *store) login(id int, user string) { s.byID[id] = &session{user: user} }

func (s *store) logout(id int) error {
	if _, ok := s.byID[id]; !ok {
		return fmt.Errorf("no session %d", id)
	}
	delete(s.byID, id)
	return nil
}

var sessions = newStore()

func main() {
	for id := 0; id < 20000; id++ {
		sessions.login(id, "user")
	}
	for id := 0; id < 20000; id++ {
		if err := sessions.logout(id); err != nil {
			fmt.Println(err)
		}
	}
	// REBUILD
	fmt.Println("sessions:", len(sessions.byID))
}
