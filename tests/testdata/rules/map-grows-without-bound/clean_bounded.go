package bounded

import (
	"container/list"
	"errors"
	"sync"
	"time"
)

// A size-capped LRU cache: the len check evicts the oldest entry.

type entry struct {
	key   string
	value []byte
}

type LRU struct {
	mu    sync.Mutex
	max   int
	order *list.List
	items map[string]*list.Element
}

func NewLRU(max int) (*LRU, error) {
	if max <= 0 {
		return nil, errors.New("lru: max must be positive")
	}
	return &LRU{max: max, order: list.New(), items: make(map[string]*list.Element)}, nil
}

func (c *LRU) Put(key string, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*entry).value = value
		c.order.MoveToFront(el)
		return
	}
	if len(c.items) >= c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).key)
	}
	c.items[key] = c.order.PushFront(&entry{key: key, value: value})
}

// Sessions with an idle timeout, swept by a janitor.

type session struct {
	user     string
	lastSeen time.Time
}

type Sessions struct {
	mu   sync.Mutex
	idle time.Duration
	byID map[string]*session
}

func (s *Sessions) Touch(id, user string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = &session{user: user, lastSeen: now}
}

func (s *Sessions) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.byID {
		if now.Sub(sess.lastSeen) > s.idle {
			delete(s.byID, id)
		}
	}
}

// Requests in flight: each one removes itself when it is done.

type Server struct {
	mu       sync.Mutex
	inflight map[string]time.Time
}

func (s *Server) Serve(requestID string, handle func() error) error {
	s.mu.Lock()
	s.inflight[requestID] = time.Now()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.inflight, requestID)
		s.mu.Unlock()
	}()
	return handle()
}

// Per-minute counts: a fresh map starts each window, so the old one is collected.

type Window struct {
	mu     sync.Mutex
	counts map[string]time.Time
}

func NewWindow() *Window {
	return &Window{counts: make(map[string]time.Time)}
}

func (w *Window) See(client string, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.counts[client] = now
}

func (w *Window) Rotate() map[string]time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	old := w.counts
	w.counts = make(map[string]time.Time)
	return old
}

// Rebuilt after pruning: the survivors are copied into a map of the right size.

type Index struct {
	mu    sync.Mutex
	byKey map[string]int64
}

func (x *Index) Set(key string, version int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.byKey[key] = version
}

func (x *Index) Compact(oldest int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	kept := make(map[string]int64)
	for k, v := range x.byKey {
		if v >= oldest {
			kept[k] = v
		}
	}
	x.byKey = kept
}

// A dedup set cleared after every batch.

var seenInBatch = map[string]bool{}

func accept(messageID string) bool {
	if seenInBatch[messageID] {
		return false
	}
	seenInBatch[messageID] = true
	return true
}

func endBatch() {
	clear(seenInBatch)
}
