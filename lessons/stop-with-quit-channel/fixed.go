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

// start polls every 10 ms until ctx is cancelled.
func (w *configWatcher) start(ctx context.Context) {
	go func() {
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				w.mu.Lock()
				w.polls++ // stands in for fetching and applying the config
				w.mu.Unlock()
			case <-ctx.Done(): // the owner is done with this watcher
				return
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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the watcher when we move on
	var w configWatcher
	w.start(ctx)
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
