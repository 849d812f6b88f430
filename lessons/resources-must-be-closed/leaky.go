package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
)

// conn is one session with the database server.
type conn struct{ id int }

// DB is a pool of at most maxConns connections, as database/sql keeps one after
// SetMaxOpenConns. A query takes a connection from idle and holds it until its rows
// are closed.
type DB struct {
	idle     chan *conn
	maxConns int
	orders   map[int][]string // order id -> item names; "" stands for a NULL column
}

func Open(maxConns int, orders map[int][]string) *DB {
	db := &DB{idle: make(chan *conn, maxConns), maxConns: maxConns, orders: orders}
	for i := 1; i <= maxConns; i++ {
		db.idle <- &conn{id: i}
	}
	return db
}

// Query waits for a free connection (forever, when every one is taken) and returns
// the order's items as rows that hold that connection.
func (db *DB) Query(orderID int) (*Rows, error) {
	c := <-db.idle
	return &Rows{db: db, conn: c, items: db.orders[orderID], at: -1}, nil
}

var errNull = errors.New("converting NULL to string is unsupported")

// Rows is a query's result. Until it is closed, its connection serves nobody else.
type Rows struct {
	db     *DB
	conn   *conn
	items  []string
	at     int
	closed bool
}

// Next moves to the next row. After the last one it closes the rows, as database/sql does.
func (r *Rows) Next() bool {
	r.at++
	if r.at >= len(r.items) {
		r.Close()
		return false
	}
	return true
}

func (r *Rows) Scan(dest *string) error {
	if r.items[r.at] == "" {
		return fmt.Errorf("sql: Scan error on column index 0, name %q: %w", "name", errNull)
	}
	*dest = r.items[r.at]
	return nil
}

// Close gives the connection back to the pool; closing twice is harmless.
func (r *Rows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.db.idle <- r.conn
}

// orderItems is the handler's query: the names of the items of one order.
func orderItems(db *DB, orderID int) ([]string, error) {
	rows, err := db.Query(orderID)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err // returns with the rows, and their connection, still open
		}
		names = append(names, name)
	}
	rows.Close()
	return names, nil
}

// serve answers one request, giving up after 50 ms as an HTTP server's timeout would.
func serve(db *DB, orderID int) string {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	reply := make(chan string, 1) // room for a late answer, so the handler never blocks on it
	go func() {
		names, err := orderItems(db, orderID)
		if err != nil {
			reply <- "error: " + err.Error()
			return
		}
		reply <- strings.Join(names, ", ")
	}()
	select {
	case answer := <-reply:
		return answer
	case <-ctx.Done():
		return "timeout"
	}
}

func main() {
	db := Open(2, map[int][]string{
		1: {"tea", "scones"},
		2: {"coffee", ""}, // an item whose name was never filled in
		3: {""},
		4: {"jam"},
	})
	for _, id := range []int{1, 2, 3, 4, 1} {
		fmt.Printf("order %d: %s\n", id, serve(db, id))
	}
	fmt.Println("idle connections:", len(db.idle), "of", db.maxConns)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
