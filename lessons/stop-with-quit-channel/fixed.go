package main

import (
	"context"
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

// startWatcher polls every 10 ms until ctx is cancelled.
func startWatcher(ctx context.Context) *configWatcher {
	w := &configWatcher{}
	go func() {
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				w.poll()
			case <-ctx.Done(): // the owner is done with this watcher
				return
			}
		}
	}()
	return w
}

// watchFor follows one environment for a while, then moves on.
func watchFor(env string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the watcher when we move on
	w := startWatcher(ctx)
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
