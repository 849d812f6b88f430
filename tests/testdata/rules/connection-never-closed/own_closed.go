package ownclean

import (
	"context"
	"strings"
)

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

// Negative: the deferred Close right after the error check.
func rename(ctx context.Context, p *Pool, user, name string) error {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	defer sess.Close()
	if user != "admin" {
		return context.Canceled
	}
	sess.user = name
	return nil
}

// Negative: closed by hand on every path.
func touch(ctx context.Context, p *Pool, user string) error {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	if user == "" {
		sess.Close()
		return context.Canceled
	}
	sess.user = user
	sess.Close()
	return nil
}

// Negative: returned to the caller, who owns it.
func acquireFor(ctx context.Context, p *Pool, user string) (*Session, error) {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	sess.user = user
	return sess, nil
}

// Worker keeps a session for its lifetime and closes it in Stop.
type Worker struct{ sess *Session }

func (w *Worker) Stop() { w.sess.Close() }

// Negative: stored in a struct that closes it.
func (w *Worker) Start(ctx context.Context, p *Pool) error {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	w.sess = sess
	return nil
}

func release(s *Session) { s.Close() }

// Negative: passed to a helper that closes it.
func audit(ctx context.Context, p *Pool, user string) error {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	sess.user = user
	release(sess)
	return nil
}

// Negative: handed to a goroutine that closes it.
func async(ctx context.Context, p *Pool, done chan<- string) error {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	go func() {
		defer sess.Close()
		done <- sess.user
	}()
	return nil
}

// Counter has no Close method: nothing to release.
type Counter struct{ n int }

func newCounter() *Counter { return &Counter{} }

func (c *Counter) Add(s string) { c.n += len(s) }

// Negative: a value of the file's own type without a Close method.
func count(words []string) int {
	c := newCounter()
	for _, w := range words {
		c.Add(strings.TrimSpace(w))
	}
	return c.n
}

// Negative: a Close in a deferred function literal.
func visit(ctx context.Context, p *Pool, users []string) error {
	sess, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	defer func() {
		sess.user = ""
		sess.Close()
	}()
	for _, u := range users {
		if u == "" {
			return context.Canceled
		}
		sess.user = u
	}
	return nil
}

// Negative: main's return ends the process, which releases everything.
func main() {
	p := NewPool(1)
	sess, err := p.Acquire(context.Background())
	if err != nil {
		return
	}
	sess.user = "boot"
}
