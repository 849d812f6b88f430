package main

import (
	"sync"
	"testing"
	"time"
)

type Sink interface {
	Write(batch []string)
}

type memSink struct {
	mu      sync.Mutex
	batches [][]string
}

func (m *memSink) Write(batch []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.batches = append(m.batches, batch)
}

// Flusher writes what it buffered every interval until Stop.
type Flusher struct {
	sink  Sink
	in    chan string
	stop  chan struct{}
	every time.Duration
}

func NewFlusher(sink Sink, every time.Duration) *Flusher {
	f := &Flusher{sink: sink, in: make(chan string, 16), stop: make(chan struct{}), every: every}
	go f.loop()
	return f
}

func (f *Flusher) loop() {
	tick := time.NewTicker(f.every)
	defer tick.Stop()
	var buf []string
	for {
		select {
		case s := <-f.in:
			buf = append(buf, s)
		case <-tick.C:
			if len(buf) > 0 {
				f.sink.Write(buf)
				buf = nil
			}
		case <-f.stop:
			return
		}
	}
}

func (f *Flusher) Add(s string) { f.in <- s }
func (f *Flusher) Stop()        { close(f.stop) }

// The flusher is stopped: its goroutine exits once it sees the closed channel.
func TestFlusherStopped(t *testing.T) {
	sink := &memSink{}
	f := NewFlusher(sink, 10*time.Millisecond)
	f.Add("a")
	f.Stop()
}

// A background write that finishes shortly after the test returns is not a leak.
func TestLateWriter(t *testing.T) {
	sink := &memSink{}
	go func() {
		time.Sleep(20 * time.Millisecond)
		sink.Write([]string{"late"})
	}()
}

// Nobody stops this flusher: its ticker keeps it alive after the test, as goleak reports.
func TestFlusherNeverStopped(t *testing.T) {
	sink := &memSink{}
	f := NewFlusher(sink, 10*time.Millisecond)
	f.Add("b")
	time.Sleep(15 * time.Millisecond)
	if len(sink.batches) != 1 {
		t.Errorf("batches = %d, want 1", len(sink.batches))
	}
}
