// A small order service: a realistic mix of correct concurrency and a few leaks,
// used by `cargo bench --bench check` to time the checker on ~300 lines.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type Order struct {
	ID       string  `json:"id"`
	Customer string  `json:"customer"`
	Amount   float64 `json:"amount"`
	Items    []Item  `json:"items"`
}

type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

type Store struct {
	mu     sync.RWMutex
	orders map[string]Order
	hits   int
}

func NewStore() *Store {
	return &Store{orders: make(map[string]Order)}
}

func (s *Store) Put(o Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.ID] = o
}

func (s *Store) Get(id string) (Order, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.orders[id]
	return o, ok
}

func (s *Store) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.orders)
}

var apiClient = &http.Client{Timeout: 10 * time.Second}

// fetchPrice asks the pricing service; the caller may give up first (leaky: unbuffered).
func fetchPrice(ctx context.Context, sku string) (float64, error) {
	type answer struct {
		price float64
		err   error
	}
	answers := make(chan answer)
	go func() {
		p, err := lookupPrice(sku)
		answers <- answer{p, err}
	}()
	select {
	case a := <-answers:
		return a.price, a.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func lookupPrice(sku string) (float64, error) {
	if sku == "" {
		return 0, errors.New("empty sku")
	}
	time.Sleep(5 * time.Millisecond)
	return float64(len(sku)) * 1.5, nil
}

// priceAll prices every item in parallel and waits for all of them (correct).
func priceAll(items []Item) (float64, error) {
	type priced struct {
		total float64
		err   error
	}
	results := make(chan priced, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it Item) {
			defer wg.Done()
			p, err := lookupPrice(it.SKU)
			results <- priced{p * float64(it.Quantity), err}
		}(it)
	}
	wg.Wait()
	close(results)
	var sum float64
	for r := range results {
		if r.err != nil {
			return 0, r.err
		}
		sum += r.total
	}
	return sum, nil
}

// validateAll returns on the first invalid order (leaky: the others stay blocked).
func validateAll(orders []Order) error {
	errc := make(chan error)
	for _, o := range orders {
		go func(o Order) {
			if o.Amount < 0 {
				errc <- fmt.Errorf("order %s: negative amount", o.ID)
				return
			}
			errc <- nil
		}(o)
	}
	for range orders {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// streamOrders produces orders until the context ends (correct: the send selects).
func streamOrders(ctx context.Context, s *Store, ids []string) <-chan Order {
	out := make(chan Order)
	go func() {
		defer close(out)
		for _, id := range ids {
			o, ok := s.Get(id)
			if !ok {
				continue
			}
			select {
			case out <- o:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// largestOrder stops reading at the first huge order (leaky producer).
func largestOrder(s *Store, ids []string) (Order, error) {
	orders := make(chan Order)
	go func() {
		defer close(orders)
		for _, id := range ids {
			if o, ok := s.Get(id); ok {
				orders <- o
			}
		}
	}()
	var best Order
	for o := range orders {
		if o.Amount > 1e6 {
			return o, errors.New("suspicious order")
		}
		if o.Amount > best.Amount {
			best = o
		}
	}
	return best, nil
}

// runWorkers processes jobs with a fixed pool (correct: jobs closed, results drained).
func runWorkers(s *Store, ids []string, workers int) int {
	jobs := make(chan string)
	done := make(chan int, workers)
	for w := 0; w < workers; w++ {
		go func() {
			n := 0
			for id := range jobs {
				if _, ok := s.Get(id); ok {
					n++
				}
			}
			done <- n
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	total := 0
	for w := 0; w < workers; w++ {
		total += <-done
	}
	return total
}

// notifyAll sends webhooks (leaky: body never closed).
func notifyAll(urls []string, o Order) {
	payload, _ := json.Marshal(o)
	for _, u := range urls {
		resp, err := apiClient.Post(u, "application/json", strings.NewReader(string(payload)))
		if err != nil {
			log.Println("notify:", err)
			continue
		}
		log.Println("notified", u, resp.StatusCode)
	}
}

// fetchCatalog reads the catalog with a bounded client (correct).
func fetchCatalog(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// auditLog appends to a file (correct: closed).
func auditLog(path, line string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = fmt.Fprintln(f, line)
	return err
}

// healthCheck dials the database port (leaky: never closed).
func healthCheck(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	log.Println("db reachable at", conn.RemoteAddr())
	return true
}

func (s *Store) handleGet(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	o, ok := s.Get(id)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(o)
}

func (s *Store) handlePut(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	total, err := priceAll(o.Items)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if _, err := fetchPrice(ctx, o.ID); err != nil {
		log.Println("price check:", err)
	}
	o.Amount = total
	s.Put(o)
	w.WriteHeader(http.StatusCreated)
}

func main() {
	s := NewStore()
	mux := http.NewServeMux()
	mux.HandleFunc("/order", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			s.handlePut(w, r)
			return
		}
		s.handleGet(w, r)
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ticker := time.NewTicker(time.Minute)
	defer ticker.Stop()
	for range ticker.C {
		log.Println("orders:", s.Count(), "healthy:", healthCheck("localhost:5432"))
	}
}
