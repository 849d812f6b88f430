package main

import (
	"errors"
	"testing"
	"time"
)

type Fetcher interface {
	Fetch(key string) (string, error)
}

type slowFetcher struct{ delay time.Duration }

func (s slowFetcher) Fetch(key string) (string, error) {
	time.Sleep(s.delay)
	if key == "" {
		return "", errors.New("empty key")
	}
	return "v:" + key, nil
}

type Cache struct {
	src     Fetcher
	timeout time.Duration
}

func NewCache(src Fetcher, timeout time.Duration) *Cache {
	return &Cache{src: src, timeout: timeout}
}

// Get gives up after the timeout; the fetch goroutine then blocks forever on its send.
func (c *Cache) Get(key string) (string, error) {
	type result struct {
		v   string
		err error
	}
	ch := make(chan result)
	go func() {
		v, err := c.src.Fetch(key)
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(c.timeout):
		return "", errors.New("timeout")
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		name    string
		delay   time.Duration
		wantErr bool
	}{
		{"fast", time.Millisecond, false},
		{"slow", 50 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCache(slowFetcher{delay: tt.delay}, 10*time.Millisecond)
			_, err := c.Get("k")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

func TestWorkersExit(t *testing.T) {
	done := make(chan struct{})
	go func() {
		time.Sleep(5 * time.Millisecond)
		close(done)
	}()
	<-done
}
