// Test-shaped program: t.Fatal marks the test failed and stops it (deferred
// calls still run); the next test still runs; go test exits with status 1.
package main

import (
	"fmt"
	"testing"
)

func parsePort(s string) (int, error) {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad port %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func TestParsePortBad(t *testing.T) {
	defer func() {
		t.Log("cleanup ran")
	}()
	_, err := parsePort("80a")
	if err != nil {
		t.Fatal("unexpected error:", err)
	}
	t.Log("not reached")
}

func TestParsePortGood(t *testing.T) {
	p, err := parsePort("8080")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("port %d", p)
}
