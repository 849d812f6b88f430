// Test-shaped program: go test -v runs TestX functions in source order; t.Log
// and t.Logf lines appear under the test, prefixed with file:line.
package main

import (
	"strings"
	"testing"
)

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func TestReverse(t *testing.T) {
	got := reverse("leak")
	t.Log("reversed:", got)
	if got != "kael" {
		t.Fatalf("reverse = %q", got)
	}
}

func TestRepeat(t *testing.T) {
	for n := range 3 {
		t.Logf("n=%d -> %q", n, strings.Repeat("go", n))
	}
}
