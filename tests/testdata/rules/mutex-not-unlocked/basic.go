package fixtures

import (
	"errors"
	"sync"
)

type Cache struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
}

var globalMu sync.Mutex
var counter int

func (c *Cache) SetEarlyReturn(k string, v int) error {
	c.mu.Lock() // want "mutex-not-unlocked"
	if v < 0 {
		return errors.New("negative")
	}
	c.items[k] = v
	c.mu.Unlock()
	return nil
}

func (c *Cache) GetNeverUnlocked(k string) int {
	c.rw.RLock() // want "mutex-not-unlocked"
	return c.items[k]
}

func bumpGlobal() {
	globalMu.Lock() // want "mutex-not-unlocked"
	counter++
}

func localInSwitch(kind int) int {
	var mu sync.Mutex
	mu.Lock() // want "mutex-not-unlocked"
	switch kind {
	case 1:
		mu.Unlock()
		return 1
	case 2:
		return 2
	}
	mu.Unlock()
	return 0
}

func (c *Cache) LoopBreaksWhileLocked(keys []string) int {
	n := 0
	for _, k := range keys {
		c.mu.Lock() // want "mutex-not-unlocked"
		if k == "stop" {
			break
		}
		n += c.items[k]
		c.mu.Unlock()
	}
	return n
}

func goroutineKeepsLock(c *Cache, done chan struct{}) {
	go func() {
		c.mu.Lock() // want "mutex-not-unlocked"
		c.items["x"]++
		close(done)
	}()
}

func (c *Cache) ContinueSkipsUnlock(keys []string) {
	for _, k := range keys {
		c.mu.Lock() // want "mutex-not-unlocked"
		if k == "" {
			continue
		}
		delete(c.items, k)
		c.mu.Unlock()
	}
}

// Negatives.

func (c *Cache) DeferUnlock(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k == "" {
		return 0
	}
	return c.items[k]
}

func (c *Cache) UnlockOnEveryPath(k string, v int) error {
	c.mu.Lock()
	if v < 0 {
		c.mu.Unlock()
		return errors.New("negative")
	}
	c.items[k] = v
	c.mu.Unlock()
	return nil
}

func (c *Cache) DeferredClosureUnlocks() {
	c.rw.RLock()
	defer func() {
		c.rw.RUnlock()
	}()
	_ = len(c.items)
}

func (c *Cache) lock() {
	c.mu.Lock()
}

func (c *Cache) unlock() {
	c.mu.Unlock()
}

func (c *Cache) LoopUnlocksEachTime(keys []string) int {
	n := 0
	for _, k := range keys {
		c.mu.Lock()
		if k == "skip" {
			c.mu.Unlock()
			continue
		}
		n += c.items[k]
		c.mu.Unlock()
	}
	return n
}

func (c *Cache) SwitchUnlocksAll(kind int) int {
	c.mu.Lock()
	switch kind {
	case 1:
		c.mu.Unlock()
		return 1
	default:
		c.mu.Unlock()
		return 2
	}
}

func panicsWhileLocked(c *Cache) {
	c.mu.Lock()
	if c.items == nil {
		panic("no items")
	}
	c.mu.Unlock()
}

func (c *Cache) RWBothPaired() {
	c.rw.RLock()
	n := len(c.items)
	c.rw.RUnlock()
	c.rw.Lock()
	c.items["n"] = n
	c.rw.Unlock()
}

func (c *Cache) ReturnBeforeDefer(k string) int {
	c.mu.Lock() // want "mutex-not-unlocked"
	if k == "" {
		return 0
	}
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) DeferRightAfterLockInBranch(k string) int {
	if k == "" {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}
