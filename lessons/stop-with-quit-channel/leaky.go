package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// configWatcher polls one environment's configuration in the background.
type configWatcher struct {
	mu    sync.Mutex
	polls int
}

func (w *configWatcher) poll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.polls++ // stands in for fetching and applying the config
}

func (w *configWatcher) polled() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polls > 0
}

// startWatcher polls every 10 ms, for as long as the process lives.
func startWatcher() *configWatcher {
	w := &configWatcher{}
	go func() {
		ticker := time.NewTicker(10 * time.Millisecond)
		for {
			select {
			case <-ticker.C: // the only case: nothing can ever end this loop
				w.poll()
			}
		}
	}()
	return w
}

// watchFor follows one environment for a while, then moves on.
func watchFor(env string) {
	w := startWatcher()
	time.Sleep(30 * time.Millisecond) // serve with this config
	fmt.Println("watched", env, "- polled:", w.polled())
}

func main() {
	for _, env := range []string{"staging", "canary", "prod"} {
		watchFor(env)
	}
	time.Sleep(20 * time.Millisecond) // all three watchFor calls have returned
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
