package bodyclosed

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

// Negative: deferred close after the error check.
func read(u string) ([]byte, error) {
	resp, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Negative: closed in a deferred literal that also drains it.
func drained(u string) (int, error) {
	resp, err := client.Get(u)
	if err != nil {
		return 0, err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}()
	return resp.StatusCode, nil
}

// Negative: the response is returned to the caller, who owns it.
func open(u string) (*http.Response, error) {
	resp, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Negative: handed to a helper that closes it.
func handled(u string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	return consume(resp)
}

func consume(r *http.Response) error {
	defer r.Body.Close()
	_, err := io.Copy(io.Discard, r.Body)
	return err
}

// Negative: explicit close on the only path.
func explicit(u string) (string, error) {
	resp, err := client.Get(u)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return string(b), err
}

// Negative: a Get that is not HTTP (the result is not used as a response).
type store map[string]int

func (s store) Get(k string) (int, bool) {
	v, ok := s[k]
	return v, ok
}

func count(s store) int {
	v, ok := s.Get("n")
	if !ok {
		return 0
	}
	fmt.Println(v)
	return v
}

// Negative: the body is handed to a closer we cannot see.
func streamed(u string, sink func(io.ReadCloser)) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	sink(resp.Body)
	return nil
}
