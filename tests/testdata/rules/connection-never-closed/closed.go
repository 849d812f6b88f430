package connclosed

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// Negative: deferred close.
func hello(addr string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "HELLO\n")
	return bufio.NewReader(conn).ReadString('\n')
}

// Negative: the connection is returned to the caller.
func dial(addr string) (net.Conn, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return conn, nil
}

// Negative: stored in a long-lived struct that owns it.
type service struct{ db *sql.DB }

func newService(dsn string) (*service, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return &service{db: db}, nil
}

// Negative: closed in a goroutine after copying.
func proxy(client net.Conn, addr string) {
	go func() {
		upstream, err := net.Dial("tcp", addr)
		if err != nil {
			client.Close()
			return
		}
		defer upstream.Close()
		_, _ = io.Copy(upstream, client)
	}()
}

// Negative: handed to a helper that may close it.
func serve(addr string, handle func(net.Conn)) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	handle(conn)
	return nil
}

// Negative: closed explicitly with the error checked.
func writeReport(path, text string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Negative: sent to another goroutine that owns it.
func accept(ln net.Listener, conns chan<- net.Conn) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conns <- c
	}
}

// Negative: a file kept in a package-level registry.
var open = map[string]*os.File{}

func remember(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	open[path] = f
	return nil
}
