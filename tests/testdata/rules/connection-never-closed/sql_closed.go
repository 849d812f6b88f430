package sqlclean

import (
	"context"
	"database/sql"
	"errors"
)

var errNotFound = errors.New("not found")

type Order struct {
	ID    int
	Total int
}

type Store struct{ db *sql.DB }

// Negative: the usual shape, a deferred Close right after the error check.
func (s *Store) Totals(customer int) ([]Order, error) {
	rows, err := s.db.Query("SELECT id, total FROM orders WHERE customer = $1", customer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Total); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Negative: closed by hand before every return.
func (s *Store) First(customer int) (Order, error) {
	rows, err := s.db.Query("SELECT id, total FROM orders WHERE customer = $1", customer)
	if err != nil {
		return Order{}, err
	}
	if !rows.Next() {
		rows.Close()
		return Order{}, errNotFound
	}
	var o Order
	err = rows.Scan(&o.ID, &o.Total)
	rows.Close()
	return o, err
}

// Negative: the rows are returned; the caller closes them.
func (s *Store) open(ctx context.Context) (*sql.Rows, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, total FROM orders")
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Negative: the caller of open, which closes what it was given.
func (s *Store) Count(ctx context.Context) (int, error) {
	rows, err := s.open(ctx)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// OrderIter owns its rows and closes them in Close.
type OrderIter struct{ rows *sql.Rows }

func (it *OrderIter) Close() error { return it.rows.Close() }

// Negative: stored in an iterator that closes it.
func (s *Store) Iterate(ctx context.Context) (*OrderIter, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, total FROM orders")
	if err != nil {
		return nil, err
	}
	return &OrderIter{rows: rows}, nil
}

func scanAll(rows *sql.Rows) ([]Order, error) {
	defer rows.Close()
	var out []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.Total); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Negative: passed to a helper that closes it.
func (s *Store) All() ([]Order, error) {
	rows, err := s.db.Query("SELECT id, total FROM orders")
	if err != nil {
		return nil, err
	}
	return scanAll(rows)
}

// Negative: Rollback deferred, Commit at the end (the Rollback after it does nothing).
func (s *Store) Transfer(ctx context.Context, from, to, amount int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to); err != nil {
		return err
	}
	return tx.Commit()
}

// Negative: rolled back by hand on the error path, committed otherwise.
func (s *Store) Rename(id int, name string) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE users SET name = $1 WHERE id = $2", name, id); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Negative: closed in a deferred function that also reports the Close error.
func (s *Store) Sum() (total int, err error) {
	rows, err := s.db.Query("SELECT total FROM orders")
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	for rows.Next() {
		var t int
		if err := rows.Scan(&t); err != nil {
			return 0, err
		}
		total += t
	}
	return total, rows.Err()
}

// Negative: the error is checked as `err == nil`; the Close is on the only path with rows.
func (s *Store) Exists(id int) bool {
	rows, err := s.db.Query("SELECT 1 FROM orders WHERE id = $1", id)
	if err == nil {
		defer rows.Close()
		return rows.Next()
	}
	return false
}
