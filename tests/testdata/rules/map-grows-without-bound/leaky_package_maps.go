package caches

import (
	"fmt"
	"os"
	"time"
)

// A memo of every file ever asked for, keyed by its path.
var thumbnails = map[string][]byte{}

func Thumbnail(path string) ([]byte, error) {
	if img, ok := thumbnails[path]; ok {
		return img, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("thumbnail %s: %w", path, err)
	}
	img := scaleDown(data)
	thumbnails[path] = img // want "map-grows-without-bound"
	return img, nil
}

// scaleDown stands in for decoding and shrinking the image.
func scaleDown(data []byte) []byte {
	small := make([]byte, len(data)/16)
	copy(small, data)
	return small
}

// A rate limiter that remembers every client address it has seen.
var lastRequest = make(map[string]time.Time)

func Allow(addr string, now time.Time) bool {
	if last, ok := lastRequest[addr]; ok && now.Sub(last) < time.Second {
		return false
	}
	lastRequest[addr] = now // want "map-grows-without-bound"
	return true
}

// Declared with its type and made in init: the insertions still come per request.
var firstSeen map[string]int

func init() {
	firstSeen = make(map[string]int)
}

func noteAgent(agent string, requestNo int) {
	if _, ok := firstSeen[agent]; !ok {
		firstSeen[agent] = requestNo // want "map-grows-without-bound"
	}
}

type request struct {
	ID    string
	Agent string
	Body  string
}

// Bodies kept by request ID for a debug endpoint, filled by the serving goroutine.
var bodies = map[string]string{}

func body(id string) (string, bool) {
	b, ok := bodies[id]
	return b, ok
}

func serve(requests <-chan request, done chan<- struct{}) {
	defer close(done)
	n := 0
	for r := range requests {
		n++
		noteAgent(r.Agent, n)
		bodies[r.ID] = r.Body // want "map-grows-without-bound"
	}
}

func main() {
	requests := make(chan request)
	done := make(chan struct{})
	go serve(requests, done)
	for i := 0; i < 3; i++ {
		requests <- request{ID: fmt.Sprint(i), Agent: "curl", Body: "{}"}
	}
	close(requests)
	<-done
	_, ok := body("0")
	fmt.Println(ok)
}
