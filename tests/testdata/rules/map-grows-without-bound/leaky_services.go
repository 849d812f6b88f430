package services

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Sessions of a web server, by session ID: nobody logs out, nothing expires.

type Session struct {
	User     string
	LastSeen time.Time
}

type SessionStore struct {
	mu       sync.Mutex
	sessions map[string]*Session
	nextID   int
}

func NewSessionStore() *SessionStore {
	return &SessionStore{sessions: make(map[string]*Session)}
}

func (s *SessionStore) Create(user string) (string, error) {
	if user == "" {
		return "", errors.New("create session: empty user")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	id := fmt.Sprintf("sess-%d", s.nextID)
	s.sessions[id] = &Session{User: user, LastSeen: time.Now()} // want "map-grows-without-bound"
	return id, nil
}

func (s *SessionStore) Get(id string) (*Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	return sess, ok
}

// Count is shown on a status page: printing the size is not a bound.
func (s *SessionStore) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Spans collected per request ID, for a tracing endpoint that nobody purges.

type Span struct {
	Name     string
	Duration time.Duration
}

type Tracer struct {
	mu    sync.RWMutex
	spans map[string][]Span
}

func (t *Tracer) Record(requestID string, s Span) {
	t.mu.Lock()
	t.spans[requestID] = append(t.spans[requestID], s) // want "map-grows-without-bound"
	t.mu.Unlock()
}

func (t *Tracer) Trace(requestID string) []Span {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.spans[requestID]
}

// Jobs keyed by a counter: every submission gets a new key.

type Job struct {
	Command string
	Done    bool
}

type Queue struct {
	mu   sync.Mutex
	next int
	jobs map[int]*Job
}

func (q *Queue) Submit(cmd string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.next++
	q.jobs[q.next] = &Job{Command: cmd} // want "map-grows-without-bound"
	return q.next
}

func (q *Queue) Finish(id int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	job, ok := q.jobs[id]
	if !ok {
		return fmt.Errorf("finish: no job %d", id)
	}
	job.Done = true // finished jobs stay in the map
	return nil
}

// A struct without a lock, but the process holds one for good in a package variable.

type dedup struct {
	seen map[string]time.Time
}

var processed = &dedup{seen: map[string]time.Time{}}

func (d *dedup) markDone(messageID string, at time.Time) {
	d.seen[messageID] = at // want "map-grows-without-bound"
}

func (d *dedup) done(messageID string) bool {
	_, ok := d.seen[messageID]
	return ok
}

func handleMessage(id string) {
	if processed.done(id) {
		return
	}
	processed.markDone(id, time.Now())
}
