package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

var errNotSold = errors.New("not sold")

// reply is what a supplier's pricing API answers.
type reply struct {
	cents int
	err   error
}

// supplier stands in for a remote pricing API. ask returns the channel its reply will
// arrive on, as an RPC client hands back a pending call. A hung supplier has accepted
// the request and will never answer.
type supplier struct {
	name    string
	latency time.Duration
	prices  map[string]int
	hung    bool
	mirror  *supplier // a second endpoint with the same prices; nil if there is none
}

// ask sends one sub-request; like http.NewRequestWithContext, it gives up when ctx is done.
func (s *supplier) ask(ctx context.Context, sku string) <-chan reply {
	out := make(chan reply, 1) // room for the one reply: the sender never waits
	if s.hung {
		return out
	}
	go func() {
		select {
		case <-time.After(s.latency): // the round trip
		case <-ctx.Done(): // the caller has gone: abandon the request
			out <- reply{err: ctx.Err()}
			return
		}
		if cents, ok := s.prices[sku]; ok {
			out <- reply{cents: cents}
		} else {
			out <- reply{err: errNotSold}
		}
	}()
	return out
}

// await returns the first reply from the supplier or from its mirror, or ctx's error.
func await(ctx context.Context, primary, backup <-chan reply) reply {
	select {
	case r := <-primary:
		return r
	case r := <-backup: // a nil channel: without a mirror this case never fires
		return r
	case <-ctx.Done(): // the one case that is always there to fire
		return reply{err: ctx.Err()}
	}
}

type quote struct {
	supplier string
	cents    int
}

type result struct {
	q   quote
	err error
}

// quoteService finds the best price for an item across several suppliers.
type quoteService struct {
	suppliers []*supplier
	timeout   time.Duration
}

func newQuoteService(timeout time.Duration, suppliers ...*supplier) *quoteService {
	return &quoteService{suppliers: suppliers, timeout: timeout}
}

// fetch asks one supplier, and its mirror if it has one, for a price.
func (s *quoteService) fetch(ctx context.Context, sup *supplier, sku string) (quote, error) {
	var backup <-chan reply // stays nil without a mirror
	if sup.mirror != nil {
		backup = sup.mirror.ask(ctx, sku)
	}
	r := await(ctx, sup.ask(ctx, sku), backup)
	if r.err != nil {
		return quote{}, fmt.Errorf("%s: %w", sup.name, r.err)
	}
	return quote{supplier: sup.name, cents: r.cents}, nil
}

// Best asks every supplier at once and returns the cheapest price that arrives
// before the deadline.
func (s *quoteService) Best(ctx context.Context, sku string) (quote, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel() // releases the timer, and every sub-request, as soon as Best returns
	// One slot per sub-request: a sender never waits for the gatherer.
	results := make(chan result, len(s.suppliers))
	for _, sup := range s.suppliers {
		go func() {
			q, err := s.fetch(ctx, sup, sku)
			results <- result{q, err}
		}()
	}
	var best quote
wait:
	for range s.suppliers {
		select {
		case r := <-results:
			if r.err == nil && (best.cents == 0 || r.q.cents < best.cents) {
				best = r.q
			}
		case <-ctx.Done():
			break wait // give up on the suppliers that have not answered
		}
	}
	if best.cents == 0 {
		err := ctx.Err() // the deadline passed first
		if err == nil {
			err = errNotSold // every supplier answered, and none sells it
		}
		return quote{}, fmt.Errorf("no price for %s: %w", sku, err)
	}
	return best, nil
}

func main() {
	acme := &supplier{name: "acme", latency: 10 * time.Millisecond,
		prices: map[string]int{"kettle": 1299, "toaster": 2450}}
	bolt := &supplier{name: "bolt", hung: true,
		mirror: &supplier{name: "bolt-eu", latency: 20 * time.Millisecond,
			prices: map[string]int{"kettle": 1150, "toaster": 2600}}}
	corvid := &supplier{name: "corvid", hung: true} // down, and no mirror
	svc := newQuoteService(40*time.Millisecond, acme, bolt, corvid)

	for _, sku := range []string{"kettle", "toaster", "blender"} {
		q, err := svc.Best(context.Background(), sku)
		if err != nil {
			fmt.Println(sku+":", err)
			continue
		}
		fmt.Println(sku+":", q.cents, "cents from", q.supplier)
	}
	time.Sleep(100 * time.Millisecond) // every sub-request has had time to end
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
