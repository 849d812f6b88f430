package connleak

import (
	"bufio"
	"database/sql"
	"fmt"
	"net"
	"os"
	"time"
)

// Positive: a TCP connection opened per call and never closed.
func hello(addr string) (string, error) {
	conn, err := net.Dial("tcp", addr) // want "connection-never-closed"
	if err != nil {
		return "", err
	}
	fmt.Fprintf(conn, "HELLO\n")
	return bufio.NewReader(conn).ReadString('\n')
}

// Positive: inside a goroutine started per address.
func probeAll(addrs []string) {
	for _, a := range addrs {
		go func(a string) {
			conn, err := net.DialTimeout("tcp", a, time.Second) // want "connection-never-closed"
			if err != nil {
				return
			}
			fmt.Println("reachable", conn.RemoteAddr())
		}(a)
	}
}

// Positive: a database handle opened per request.
func countUsers(dsn string) (int, error) {
	db, err := sql.Open("postgres", dsn) // want "connection-never-closed"
	if err != nil {
		return 0, err
	}
	var n int
	err = db.QueryRow("select count(*) from users").Scan(&n)
	return n, err
}

// Positive: a file read line by line, never closed.
func firstLine(path string) (string, error) {
	f, err := os.Open(path) // want "connection-never-closed"
	if err != nil {
		return "", err
	}
	s := bufio.NewScanner(f)
	s.Scan()
	return s.Text(), s.Err()
}

// Positive: a created file, written and forgotten.
func writeReport(path, text string) error {
	f, err := os.Create(path) // want "connection-never-closed"
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	return err
}

// Positive: a listener opened in a loop of attempts.
func tryPorts(ports []int) int {
	for _, p := range ports {
		ln, err := net.Listen("tcp", fmt.Sprintf(":%d", p)) // want "connection-never-closed"
		if err == nil {
			fmt.Println("free", ln.Addr())
			return p
		}
	}
	return 0
}

// Positive: the connection is discarded outright.
func touch(addr string) error {
	_, err := net.Dial("udp", addr) // want "connection-never-closed"
	return err
}
