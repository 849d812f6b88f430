package fixtures

import "sync"

type Account struct {
	mu      sync.Mutex
	rw      sync.RWMutex
	balance int
	log     []string
}

func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

func (a *Account) Snapshot() int {
	a.rw.RLock()
	defer a.rw.RUnlock()
	return a.balance
}

func (a *Account) Withdraw(n int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.Balance() < n { // want "mutex-locked-twice"
		return false
	}
	a.balance -= n
	return true
}

func (a *Account) Twice() {
	a.mu.Lock()
	a.balance++
	a.mu.Lock() // want "mutex-locked-twice"
	a.mu.Unlock()
}

func (a *Account) Upgrade(entry string) {
	a.rw.RLock()
	if len(a.log) > 100 {
		a.rw.Lock() // want "mutex-locked-twice"
		a.log = a.log[:0]
		a.rw.Unlock()
	}
	a.rw.RUnlock()
}

var registryMu sync.Mutex

func lockInBothBranches(ok bool) {
	registryMu.Lock()
	if ok {
		registryMu.Lock() // want "mutex-locked-twice"
	} else {
		registryMu.Unlock()
		return
	}
	registryMu.Unlock()
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	a.record("deposit") // want "mutex-locked-twice"
}

func (a *Account) record(what string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.log = append(a.log, what)
}

func localTwice() int {
	var mu sync.Mutex
	n := 0
	mu.Lock()
	n++
	mu.Lock() // want "mutex-locked-twice"
	mu.Unlock()
	return n
}

func (a *Account) ReadThenSnapshotWrite() int {
	a.rw.Lock()
	defer a.rw.Unlock()
	return a.Snapshot() // want "mutex-locked-twice"
}

// Negatives.

func (a *Account) UnlockBeforeRelock() {
	a.mu.Lock()
	a.balance++
	a.mu.Unlock()
	a.mu.Lock()
	a.balance++
	a.mu.Unlock()
}

func (a *Account) TwoReaders() int {
	a.rw.RLock()
	defer a.rw.RUnlock()
	return a.balance + len(a.log)
}

func (a *Account) CallsWithoutLock() int {
	return a.Balance() + 1
}

func (a *Account) DifferentMutexes() {
	a.mu.Lock()
	a.rw.Lock()
	a.balance++
	a.rw.Unlock()
	a.mu.Unlock()
}

func (a *Account) LoopLocksEachIteration(n int) {
	for i := 0; i < n; i++ {
		a.mu.Lock()
		a.balance++
		a.mu.Unlock()
	}
}

func (a *Account) ConditionalUnlock(ok bool) {
	a.mu.Lock()
	if ok {
		a.mu.Unlock()
		return
	}
	a.balance++
	a.mu.Unlock()
	a.mu.Lock()
	a.balance--
	a.mu.Unlock()
}

func (a *Account) LockInGoroutine(done chan bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	go func() {
		a.mu.Lock()
		a.balance++
		a.mu.Unlock()
		done <- true
	}()
}
