package fixtures

// leaklab:vet-may-fail: go vet's lostcancel check reports the leaky cases on purpose.

import (
	"context"
	"errors"
	"time"
)

func discarded(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "context-cancel-not-called"
	return ctx
}

func earlyReturn(parent context.Context, id string) error {
	ctx, cancel := context.WithCancel(parent) // want "context-cancel-not-called"
	if id == "" {
		return errors.New("empty id")
	}
	<-ctx.Done()
	cancel()
	return nil
}

func neverCalled(parent context.Context, work func(context.Context)) {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Minute)) // want "context-cancel-not-called"
	work(ctx)
	_ = cancel
}

// Shutdown arrives on another goroutine: `go cancel()` calls it.
func cancelledConcurrently(parent context.Context, fetch func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	go cancel()
	return fetch(ctx)
}

func inGoroutine(parent context.Context, work func(context.Context) error) {
	go func() {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "context-cancel-not-called"
		if err := work(ctx); err != nil {
			return
		}
		cancel()
	}()
}

func inClosure(parent context.Context) func() error {
	return func() error {
		ctx, cancel := context.WithCancel(parent) // want "context-cancel-not-called"
		if ctx.Err() != nil {
			return ctx.Err()
		}
		cancel()
		return nil
	}
}

func loopSkipsCancel(parent context.Context, ids []string, work func(context.Context, string)) {
	for _, id := range ids {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "context-cancel-not-called"
		if id == "" {
			continue
		}
		work(ctx, id)
		cancel()
	}
}

func causeDiscarded(parent context.Context) context.Context {
	ctx, _ := context.WithCancelCause(parent) // want "context-cancel-not-called"
	return ctx
}

// Negatives.

func deferred(parent context.Context, work func(context.Context)) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	work(ctx)
}

func returnedToCaller(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, cancel
}

type server struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func storedInStruct(s *server) {
	ctx, cancel := context.WithCancel(context.Background())
	s.ctx = ctx
	s.cancel = cancel
}

func calledOnEveryPath(parent context.Context, id string) error {
	ctx, cancel := context.WithCancel(parent)
	if id == "" {
		cancel()
		return errors.New("empty id")
	}
	<-ctx.Done()
	cancel()
	return nil
}

func deferredClosure(parent context.Context, work func(context.Context)) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer func() {
		cancel()
	}()
	work(ctx)
}

func handedToGoroutine(parent context.Context, stop <-chan struct{}, work func(context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-stop
		cancel()
	}()
	work(ctx)
}

func loopCancelsEachTime(parent context.Context, ids []string, work func(context.Context, string)) {
	for _, id := range ids {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		work(ctx, id)
		cancel()
	}
}

func returnBeforeDefer(parent context.Context, id string, work func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "context-cancel-not-called"
	if id == "" {
		return errors.New("empty id")
	}
	defer cancel()
	return work(ctx)
}
