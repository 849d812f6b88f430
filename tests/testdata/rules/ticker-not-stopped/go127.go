package fixtures

import (
	"context"
	"fmt"
	"time"
)

type poller struct {
	ticker *time.Ticker
}

func unstoppedTickerLatest(n int) {
	t := time.NewTicker(time.Second) // want "ticker-not-stopped"
	for i := 0; i < n; i++ {
		<-t.C
	}
}

func goroutineRangesForever(work func()) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for range t.C { // want "ticker-not-stopped"
			work()
		}
	}()
}

func goroutineSelectNoExit(work func(), events <-chan string) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for { // want "ticker-not-stopped"
			select {
			case <-t.C:
				work()
			case e := <-events:
				fmt.Println(e)
				break
			}
		}
	}()
}

func goroutineReceiveLoop(work func()) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for { // want "ticker-not-stopped"
			<-t.C
			work()
		}
	}()
}

// Negatives.

func timerNotStoppedLatest(ch <-chan int) int {
	timer := time.NewTimer(time.Minute)
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		return -1
	}
}

func goroutineWithDone(ctx context.Context, work func()) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				work()
			case <-ctx.Done():
				return
			}
		}
	}()
}

func storedInStruct(p *poller) {
	t := time.NewTicker(time.Second)
	p.ticker = t
}

func passedOn(run func(*time.Ticker)) {
	t := time.NewTicker(time.Second)
	run(t)
}

func main() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for range t.C {
			fmt.Println("tick")
		}
	}()
	time.Sleep(3 * time.Second)
}

func loopBreaksOut(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			<-t.C
			select {
			case <-done:
				return
			default:
			}
		}
	}()
}
