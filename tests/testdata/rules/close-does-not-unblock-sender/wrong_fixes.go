package closewrongfix

import (
	"context"
	"errors"
	"time"
)

func probe(host string) error {
	time.Sleep(20 * time.Millisecond)
	if host == "" {
		return errors.New("no host")
	}
	return nil
}

// Positive: the receiver closes on return while the prober may still send.
func probeWithDeferredClose(host string) error {
	errc := make(chan error)
	defer close(errc) // want "close-does-not-unblock-sender"
	go func() {
		errc <- probe(host)
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(5 * time.Millisecond):
		return errors.New("probe timed out")
	}
}

// Positive: an explicit close after the timeout branch.
func probeWithExplicitClose(ctx context.Context, host string) error {
	errc := make(chan error)
	go func() {
		errc <- probe(host)
	}()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		err = ctx.Err()
	}
	close(errc) // want "close-does-not-unblock-sender"
	return err
}

// Positive: buffering does not save a close that races the late send.
func bufferedButClosed(host string) error {
	errc := make(chan error, 1)
	defer close(errc) // want "close-does-not-unblock-sender"
	go func() {
		errc <- probe(host)
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Millisecond):
		return errors.New("timeout")
	}
}

// Positive: the sender defers the close, but its send blocks forever after the timeout.
func senderClosesTooLate(host string) error {
	errc := make(chan error)
	go func() {
		defer close(errc) // want "close-does-not-unblock-sender"
		errc <- probe(host) // want "unbuffered-send-may-block"
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Millisecond):
		return errors.New("timeout")
	}
}

// Positive: the first failure returns, and the deferred close hits the other senders.
func probeAllClosing(hosts []string) error {
	errc := make(chan error)
	defer close(errc) // want "close-does-not-unblock-sender"
	for _, h := range hosts {
		go func(h string) {
			errc <- probe(h)
		}(h)
	}
	for range hosts {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Positive: closing right after starting the sender, with no receive at all.
func fireAndClose(host string) {
	done := make(chan error)
	go func() {
		done <- probe(host)
	}()
	close(done) // want "close-does-not-unblock-sender"
}

// Positive: only the first of several answers is read before the close.
func firstAnswerThenClose(hosts []string) error {
	answers := make(chan error)
	for _, h := range hosts {
		go func(h string) {
			answers <- probe(h)
		}(h)
	}
	err := <-answers
	close(answers) // want "close-does-not-unblock-sender"
	return err
}
