package lookalikes

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// A map local to one call is garbage when the call returns.
func uniqueWords(text string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, w := range strings.Fields(text) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// Keyed by an enum: at most three keys, however many calls.

type Status int

const (
	Queued Status = iota
	Running
	Failed
)

type Stats struct {
	mu       sync.Mutex
	lastByID map[Status]string
}

func (s *Stats) Note(st Status, jobID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastByID[st] = jobID
}

// Constant keys: the map holds a fixed set of settings.

var settings = map[string]string{}

const modeKey = "mode"

func SetMode(mode string) {
	settings[modeKey] = mode
	settings["updated"] = "yes"
}

// A registry filled at start-up.

type Codec interface {
	Encode(v any) ([]byte, error)
}

var codecs = map[string]Codec{}

func RegisterCodec(name string, c Codec) {
	codecs[name] = c
}

var handlers = map[string]func(string) string{}

func handle(path string, h func(string) string) {
	handlers[path] = h
}

func init() {
	handle("/health", func(string) string { return "ok" })
	handle("/version", func(string) string { return "v1" })
}

// Counters are not insertions for this rule.

var hits = map[string]int{}

func countHit(path string) {
	hits[path]++
}

// A builder used for one request: no lock, no package variable holds one.

type pageBuilder struct {
	parts map[string]string
}

func (b *pageBuilder) set(slot, html string) {
	b.parts[slot] = html
}

func render(title string) string {
	b := &pageBuilder{parts: map[string]string{}}
	b.set("title", title)
	return b.parts["title"]
}

// Handed to a pruning function: the rule does not follow it there.

var uploads = map[string][]byte{}

func storeUpload(name string, data []byte) {
	uploads[name] = data
	prune(uploads, 100)
}

func prune(m map[string][]byte, max int) {
	for k := range m {
		if len(m) <= max {
			return
		}
		delete(m, k)
	}
}

// A local that shadows the package map.

var names = map[string]bool{}

func collect(list []string) int {
	names := map[string]bool{}
	for _, n := range list {
		names[n] = true
	}
	return len(names)
}

func report() {
	fmt.Println(len(names), len(hits))
}
