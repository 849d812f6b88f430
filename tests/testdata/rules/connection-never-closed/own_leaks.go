package ownleak

import (
	"context"
	"errors"
	"os"
	"strings"
)

// Pool hands out sessions from a fixed set; a session goes back on Close.
type Pool struct{ free chan *Session }

type Session struct {
	pool *Pool
	user string
}

func NewPool(n int) *Pool {
	p := &Pool{free: make(chan *Session, n)}
	for i := 0; i < n; i++ {
		p.free <- &Session{pool: p}
	}
	return p
}

func (p *Pool) Acquire(ctx context.Context) (*Session, error) {
	select {
	case s := <-p.free:
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Session) Close() { s.pool.free <- s }

var errForbidden = errors.New("forbidden")

// Positive: the permission check returns with the session still taken.
func rename(ctx context.Context, p *Pool, user, name string) error {
	sess, err := p.Acquire(ctx) // want "connection-never-closed"
	if err != nil {
		return err
	}
	if user != "admin" {
		return errForbidden
	}
	sess.user = name
	sess.Close()
	return nil
}

// Positive: a switch arm returns before the Close.
func handle(ctx context.Context, p *Pool, op string) error {
	sess, err := p.Acquire(ctx) // want "connection-never-closed"
	if err != nil {
		return err
	}
	switch op {
	case "ping":
	case "drop":
		return errForbidden
	}
	sess.Close()
	return nil
}

// Spool is a temporary file deleted on Close.
type Spool struct{ f *os.File }

func newSpool() (Spool, error) {
	f, err := os.CreateTemp("", "spool")
	if err != nil {
		return Spool{}, err
	}
	return Spool{f: f}, nil
}

func (s Spool) Close() error {
	s.f.Close()
	return os.Remove(s.f.Name())
}

// Positive: a value type with a Close method, never closed at all.
func stage(data string) error {
	sp, err := newSpool() // want "connection-never-closed"
	if err != nil {
		return err
	}
	_, err = sp.f.WriteString(data)
	return err
}

// Lease holds a named lock until Close.
type Lease struct {
	key   string
	locks map[string]bool
}

func acquireLease(locks map[string]bool, key string) *Lease {
	locks[key] = true
	return &Lease{key: key, locks: locks}
}

func (l *Lease) Close() { delete(l.locks, l.key) }

// Positive: a single-result constructor; the empty-input return keeps the lease.
func process(locks map[string]bool, key, input string) string {
	l := acquireLease(locks, key) // want "connection-never-closed"
	if input == "" {
		return ""
	}
	l.Close()
	return strings.ToUpper(input)
}

// Positive: inside a goroutine, the lease is kept when the goroutine ends.
func background(locks map[string]bool, keys []string) {
	go func() {
		for _, k := range keys {
			l := acquireLease(locks, k) // want "connection-never-closed"
			if k == "" {
				continue
			}
			l.Close()
		}
	}()
}
