package main

import (
	"testing"
	"time"
)

func fetch(d time.Duration, timeout time.Duration) (string, bool) {
	res := make(chan string, 1)
	go func() {
		time.Sleep(d)
		res <- "ok"
	}()
	select {
	case r := <-res:
		return r, true
	case <-time.After(timeout):
		return "", false
	}
}

func TestFetch(t *testing.T) {
	tests := []struct {
		name    string
		d       time.Duration
		wantOK  bool
	}{
		{"fast", time.Millisecond, true},
		{"slow", 50 * time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := fetch(tt.d, 10*time.Millisecond)
			if ok != tt.wantOK {
				t.Errorf("fetch(%v) ok = %v, want %v", tt.d, ok, tt.wantOK)
			}
		})
	}
}

func TestAlwaysFails(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		t.Fatalf("boom %d", 1)
	})
	t.Log("after")
}
