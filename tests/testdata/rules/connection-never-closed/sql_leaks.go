package sqlleak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var (
	errNotFound  = errors.New("not found")
	errAmbiguous = errors.New("more than one order")
)

type Order struct {
	ID    int
	Total int
}

// Positive: a Scan error returns before the Close at the end.
func orderTotals(db *sql.DB, customer int) ([]Order, error) {
	rows, err := db.Query("SELECT id, total FROM orders WHERE customer = $1", customer) // want "connection-never-closed"
	if err != nil {
		return nil, err
	}
	var out []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Total); err != nil {
			return nil, fmt.Errorf("scan order: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	return out, nil
}

// Positive: a second row means the customer is ambiguous; that return keeps the rows open
// (a Next that returns false has closed them, one that returns true has not).
func onlyOrder(ctx context.Context, db *sql.DB, customer int) (Order, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, total FROM orders WHERE customer = $1", customer) // want "connection-never-closed"
	if err != nil {
		return Order{}, err
	}
	if !rows.Next() {
		rows.Close()
		return Order{}, errNotFound
	}
	var o Order
	if err := rows.Scan(&o.ID, &o.Total); err != nil {
		rows.Close()
		return Order{}, err
	}
	if rows.Next() {
		return Order{}, errAmbiguous
	}
	rows.Close()
	return o, nil
}

// Positive: the error is looked at only after the rows are used, and nothing closes them.
func columns(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT * FROM orders LIMIT 0") // want "connection-never-closed"
	if err == nil {
		return rows.Columns()
	}
	return nil, err
}

// Positive: a statement run with Query for its side effect; the rows are never closed.
func touch(db *sql.DB, id int) error {
	rows, err := db.Query("UPDATE sessions SET seen = now() WHERE id = $1", id) // want "connection-never-closed"
	if err != nil {
		return err
	}
	_ = rows.Err()
	return nil
}

// Positive: the rows are discarded outright.
func purge(ctx context.Context, db *sql.DB) error {
	_, err := db.QueryContext(ctx, "DELETE FROM sessions WHERE expired") // want "connection-never-closed"
	return err
}

// Positive: the first failing statement returns with the transaction open.
func transfer(ctx context.Context, db *sql.DB, from, to, amount int) error {
	tx, err := db.BeginTx(ctx, nil) // want "connection-never-closed"
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Positive: a found row returns from inside the loop, past the Close after it.
func findByTotal(db *sql.DB, total int) (int, error) {
	rows, err := db.Query("SELECT id, total FROM orders") // want "connection-never-closed"
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Total); err == nil && o.Total == total {
			return o.ID, nil
		}
	}
	rows.Close()
	return 0, errNotFound
}

// Positive: a background refresh whose goroutine returns early on a bad row.
func refresh(db *sql.DB, cache map[int]int) {
	go func() {
		rows, err := db.Query("SELECT id, total FROM orders") // want "connection-never-closed"
		if err != nil {
			return
		}
		for rows.Next() {
			var o Order
			if rows.Scan(&o.ID, &o.Total) != nil {
				return
			}
			cache[o.ID] = o.Total
		}
		rows.Close()
	}()
}
