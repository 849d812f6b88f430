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

// start polls every 10 ms, for as long as the process lives.
func (w *configWatcher) start() {
	go func() {
		ticker := time.NewTicker(10 * time.Millisecond)
		for {
			select {
			case <-ticker.C: // the only case: nothing can ever end this loop
				w.mu.Lock()
				w.polls++ // stands in for fetching and applying the config
				w.mu.Unlock()
			}
		}
	}()
}

func (w *configWatcher) polled() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polls > 0
}

// watchFor follows one environment for a while, then moves on.
func watchFor(env string) {
	var w configWatcher
	w.start()
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
