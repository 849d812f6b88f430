package httpbounded

import (
	"context"
	"io"
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

// Negative: a client with a Timeout.
func getPage(u string) ([]byte, error) {
	resp, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Negative: the request carries a deadline.
func withDeadline(u string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Negative: the caller's context bounds the request.
func withCallerContext(ctx context.Context, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Negative: the timeout is set right after the literal.
func configured() *http.Client {
	c := &http.Client{}
	c.Timeout = 2 * time.Second
	return c
}

// Negative: the context is attached later with WithContext.
func attachedLater(ctx context.Context, u string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req = req.WithContext(ctx)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Negative: a Get method of something that is not an HTTP client.
type cache map[string]string

func (c cache) Get(k string) string { return c[k] }

func lookup(c cache) string {
	return c.Get("key")
}

// Negative: a client literal with Timeout among other fields.
func transportClient(t http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: t,
		Timeout:   30 * time.Second,
	}
}
