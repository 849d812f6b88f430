// Go 1.21 semantics without any gate: a fan-out of health checks whose goroutines capture
// the range variable. The spawning loop finishes before the first goroutine runs, so in
// real Go every check probes the last backend. (Other schedules may mix them: a race.)
// leaklab:go 1.21
// leaklab:racy
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

type backend struct {
	name string
	down bool
}

type prober interface {
	probe(b backend) error
}

type tcpProber struct{ timeout time.Duration }

func (p tcpProber) probe(b backend) error {
	time.Sleep(p.timeout / 10)
	if b.down {
		return errors.New(b.name + " refused the connection")
	}
	return nil
}

type checker struct {
	p        prober
	backends []backend
}

func newChecker(p prober, names ...string) *checker {
	c := &checker{p: p}
	for _, n := range names {
		c.backends = append(c.backends, backend{name: n, down: strings.HasSuffix(n, "-b")})
	}
	return c
}

type report struct {
	backend string
	err     error
}

func (c *checker) checkAll() []string {
	out := make(chan report, len(c.backends))
	for _, b := range c.backends {
		go func() {
			out <- report{backend: b.name, err: c.p.probe(b)}
		}()
	}
	var lines []string
	for range c.backends {
		r := <-out
		status := "ok"
		if r.err != nil {
			status = r.err.Error()
		}
		lines = append(lines, r.backend+": "+status)
	}
	sort.Strings(lines)
	return lines
}

func main() {
	c := newChecker(tcpProber{timeout: 50 * time.Millisecond}, "db-a", "db-b", "cache-a", "queue-a")
	for _, line := range c.checkAll() {
		fmt.Println(line)
	}
}
