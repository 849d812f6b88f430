package httpnotimeout

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Positive: the package-level Get uses the default client.
func getPage(u string) ([]byte, error) {
	resp, err := http.Get(u) // want "http-client-without-timeout"
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Positive: Post as well.
func postJSON(u, body string) (int, error) {
	resp, err := http.Post(u, "application/json", strings.NewReader(body)) // want "http-client-without-timeout"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Positive: a request without a context through the default client.
func doPlain(u string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req) // want "http-client-without-timeout"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Positive: a background context has no deadline either.
func doBackground(u string) (int, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req) // want "http-client-without-timeout"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Positive: a client literal without Timeout.
func newClient() *http.Client {
	return &http.Client{} // want "http-client-without-timeout"
}

// Positive: a client value with a transport but still no Timeout.
type api struct{ client http.Client }

func newAPI(t http.RoundTripper) api {
	return api{client: http.Client{Transport: t}} // want "http-client-without-timeout"
}

// Positive: Head from a goroutine that can hang forever.
func pingAsync(u string, done chan<- int) {
	go func() {
		resp, err := http.Head(u) // want "http-client-without-timeout"
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
}

// Positive: the default client's PostForm.
func submit(u string, form url.Values) error {
	resp, err := http.DefaultClient.PostForm(u, form) // want "http-client-without-timeout"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
