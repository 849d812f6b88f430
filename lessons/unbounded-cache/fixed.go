package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var errNoSession = errors.New("no such session")

const (
	idleTimeout = 30 * time.Minute // a session unused this long is signed out
	sweepEvery  = 5 * time.Minute  // how often Login looks for expired sessions
)

// session is what the server remembers about one signed-in visitor.
type session struct {
	user     string
	lastSeen time.Time
	profile  []byte // loaded at login, used to render every page
}

// Server is the API process's state: it lives for weeks, and every request goes through it.
type Server struct {
	mu        sync.Mutex
	now       func() time.Time
	nextID    int
	sessions  map[string]*session // by session ID, the cookie the browser sends back
	lastSweep time.Time
}

func NewServer(now func() time.Time) *Server {
	return &Server{now: now, sessions: make(map[string]*session), lastSweep: now()}
}

// loadProfile stands in for reading the user's profile from the database (1 KiB).
func loadProfile(user string) []byte {
	profile := make([]byte, 1024)
	copy(profile, user)
	return profile
}

// Login starts a session for user and returns its ID.
func (s *Server) Login(user string) (string, error) {
	if user == "" {
		return "", errors.New("login: empty user name")
	}
	profile := loadProfile(user)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if now.Sub(s.lastSweep) >= sweepEvery {
		s.expireLocked(now) // sessions now end: after 30 idle minutes
	}
	s.nextID++
	id := fmt.Sprintf("sess-%05d", s.nextID)
	s.sessions[id] = &session{user: user, lastSeen: now, profile: profile}
	return id, nil
}

// expireLocked deletes every session idle for longer than idleTimeout; s.mu is held.
func (s *Server) expireLocked(now time.Time) {
	for id, sess := range s.sessions {
		if now.Sub(sess.lastSeen) > idleTimeout {
			delete(s.sessions, id)
		}
	}
	s.lastSweep = now
}

// Handle serves one request carrying the session cookie id.
func (s *Server) Handle(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return errNoSession
	}
	now := s.now()
	if now.Sub(sess.lastSeen) > idleTimeout {
		delete(s.sessions, id) // expired, even if no sweep has run yet
		return errNoSession
	}
	sess.lastSeen = now
	return nil
}

// Held is how many sessions the server keeps in memory (its admin page shows it).
func (s *Server) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// server is the process's one Server: it lives as long as the process does.
var server *Server

// visit is one browser tab: a session and the pages it will still view, one a minute.
type visit struct {
	id    string
	pages int
}

func main() {
	// The server reads the time through its now function, so this program can play four
	// hours of traffic in a moment: clock moves on by a minute per turn of the loop.
	clock := time.Now()
	server = NewServer(func() time.Time { return clock })

	// Four hours of traffic: every minute a new visitor signs in, views three pages in
	// three minutes and closes the tab. Nobody clicks "log out".
	const visitors = 240
	served, rejected := 0, 0
	var open []visit
	for minute := 0; minute < visitors || len(open) > 0; minute++ {
		if minute < visitors {
			id, err := server.Login(fmt.Sprintf("user%03d", minute))
			if err != nil {
				fmt.Println("login failed:", err)
				return
			}
			open = append(open, visit{id: id, pages: 3})
		}
		still := open[:0]
		for _, v := range open {
			if err := server.Handle(v.id); err != nil {
				rejected++
			} else {
				served++
			}
			v.pages--
			if v.pages > 0 {
				still = append(still, v)
			}
		}
		open = still
		clock = clock.Add(time.Minute)
	}
	fmt.Println("visitors:", visitors, "pages served:", served, "rejected:", rejected)
	fmt.Println("sessions held:", server.Held())
}
