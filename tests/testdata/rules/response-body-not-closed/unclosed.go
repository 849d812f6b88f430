package bodyleak

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

// Positive: only the status is read.
func status(u string) (int, error) {
	resp, err := client.Get(u) // want "response-body-not-closed"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Positive: the body is read but never closed.
func read(u string) ([]byte, error) {
	resp, err := client.Get(u) // want "response-body-not-closed"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Positive: decoding does not close the body.
func decode(u string, v any) error {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req) // want "response-body-not-closed"
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// Positive: the response is thrown away.
func fireAndForget(u string) {
	_, err := client.Post(u, "text/plain", nil) // want "response-body-not-closed"
	if err != nil {
		fmt.Println(err)
	}
}

// Positive: inside a polling goroutine, one connection leaks per tick.
func poll(u string, stop <-chan struct{}) {
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := client.Get(u) // want "response-body-not-closed"
			if err == nil {
				fmt.Println(resp.Status, resp.StatusCode)
			}
			time.Sleep(time.Second)
		}
	}()
}

// Positive: the header is checked, the body forgotten.
func contentType(u string) string {
	resp, err := client.Head(u) // want "response-body-not-closed"
	if err != nil {
		return ""
	}
	return resp.Header.Get("Content-Type")
}

// Positive: a discarded response from the default client (also no timeout).
func discarded(u string) error {
	_, err := http.DefaultClient.Get(u) // want "response-body-not-closed" "http-client-without-timeout"
	return err
}
