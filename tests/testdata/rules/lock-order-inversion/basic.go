package fixtures

import "sync"

var (
	usersMu  sync.Mutex
	ordersMu sync.Mutex
	users    = map[string]int{}
	orders   = map[string]int{}
)

func addOrder(user string) {
	usersMu.Lock()
	defer usersMu.Unlock()
	ordersMu.Lock()
	defer ordersMu.Unlock()
	orders[user]++
}

func purgeUser(user string) {
	ordersMu.Lock()
	defer ordersMu.Unlock()
	usersMu.Lock() // want "lock-order-inversion"
	defer usersMu.Unlock()
	delete(users, user)
}

type Bank struct {
	ledgerMu sync.Mutex
	feesMu   sync.Mutex
	rw       sync.RWMutex
	cacheMu  sync.Mutex
	total    int
}

func (b *Bank) Charge(n int) {
	b.ledgerMu.Lock()
	b.feesMu.Lock()
	b.total += n
	b.feesMu.Unlock()
	b.ledgerMu.Unlock()
}

func (b *Bank) Refund(n int) {
	b.feesMu.Lock()
	b.ledgerMu.Lock() // want "lock-order-inversion"
	b.total -= n
	b.ledgerMu.Unlock()
	b.feesMu.Unlock()
}

func (b *Bank) Read() int {
	b.rw.RLock()
	defer b.rw.RUnlock()
	b.cacheMu.Lock()
	defer b.cacheMu.Unlock()
	return b.total
}

func (bank *Bank) Invalidate() {
	bank.cacheMu.Lock()
	defer bank.cacheMu.Unlock()
	bank.rw.Lock() // want "lock-order-inversion"
	bank.total = 0
	bank.rw.Unlock()
}

func goroutinesInvert(done chan bool) {
	var a, b sync.Mutex
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	go func() {
		b.Lock()
		a.Lock() // want "lock-order-inversion"
		a.Unlock()
		b.Unlock()
		done <- true
	}()
}

type Graph struct {
	nodesMu sync.Mutex
	edgesMu sync.Mutex
	n       int
}

func (g *Graph) lockEdges() int {
	g.edgesMu.Lock()
	defer g.edgesMu.Unlock()
	return g.n
}

func (g *Graph) AddNode() {
	g.nodesMu.Lock()
	defer g.nodesMu.Unlock()
	g.n += g.lockEdges()
}

func (g *Graph) AddEdge() {
	g.edgesMu.Lock()
	defer g.edgesMu.Unlock()
	g.nodesMu.Lock() // want "lock-order-inversion"
	g.n++
	g.nodesMu.Unlock()
}

var (
	configMu sync.RWMutex
	statsMu  sync.Mutex
	hits     int
)

func reload() {
	configMu.Lock()
	statsMu.Lock()
	hits = 0
	statsMu.Unlock()
	configMu.Unlock()
}

func record() {
	statsMu.Lock()
	if hits > 10 {
		configMu.RLock() // want "lock-order-inversion"
		hits--
		configMu.RUnlock()
	}
	statsMu.Unlock()
}

// Negatives.

func addOrderAgain(user string) {
	usersMu.Lock()
	defer usersMu.Unlock()
	ordersMu.Lock()
	defer ordersMu.Unlock()
	orders[user] += 2
}

func sequential(user string) {
	ordersMu.Lock()
	orders[user] = 0
	ordersMu.Unlock()
	usersMu.Lock()
	users[user] = 0
	usersMu.Unlock()
}

func (b *Bank) Both(n int) {
	b.ledgerMu.Lock()
	defer b.ledgerMu.Unlock()
	b.feesMu.Lock()
	defer b.feesMu.Unlock()
	b.total += 2 * n
}

func transfer(from, to *Bank, n int) {
	from.ledgerMu.Lock()
	defer from.ledgerMu.Unlock()
	to.ledgerMu.Lock()
	defer to.ledgerMu.Unlock()
	from.total -= n
	to.total += n
}

func separateLocals(done chan bool) {
	var a, b sync.Mutex
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
		done <- true
	}()
}

func otherLocals(done chan bool) {
	var a, b sync.Mutex
	go func() {
		b.Lock()
		b.Unlock()
		a.Lock()
		a.Unlock()
		done <- true
	}()
}
