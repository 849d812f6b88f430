package main

import (
	"errors"
	"fmt"
	"sync"
)

type Notifier interface {
	Notify(user string) error
}

type emailNotifier struct {
	mu   sync.Mutex
	sent []string
	out  chan string
}

func (e *emailNotifier) Notify(user string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if user == "" {
		return errors.New("empty user")
	}
	e.sent = append(e.sent, user)
	e.out <- "welcome " + user
	return nil
}

type logNotifier struct{ prefix string }

func (l logNotifier) Notify(user string) error {
	fmt.Println(l.prefix + user)
	return nil
}

type Service struct {
	notifiers map[string]Notifier
	chain     []Notifier
	primary   Notifier
}

func NewService(n Notifier) *Service {
	return &Service{notifiers: map[string]Notifier{}, primary: n}
}

func (s *Service) Register(name string, n Notifier) {
	s.notifiers[name] = n
	s.chain = append(s.chain, n)
}

func (s *Service) Welcome(user string) []error {
	var errs []error
	for _, n := range s.chain {
		if err := n.Notify(user); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.notifiers["log"].Notify("again " + user); err != nil {
		errs = append(errs, err)
	}
	return errs
}

func main() {
	email := &emailNotifier{out: make(chan string, 4)}
	svc := NewService(email)
	svc.Register("email", email)
	svc.Register("log", logNotifier{prefix: "log: "})
	fmt.Println(svc.Welcome("ana"), svc.Welcome("cy"))
	fmt.Println(<-email.out, <-email.out)
	errs := svc.Welcome("")
	fmt.Println(len(errs), errs[0])
	notify := svc.primary.Notify
	_ = notify("dee")
	fmt.Println(<-email.out, len(email.sent))
	ch := make(chan Notifier, 1)
	ch <- logNotifier{prefix: "chan: "}
	(<-ch).Notify("eve")
	get := func() Notifier { return svc.notifiers["log"] }
	get().Notify("fay")
	if ln, ok := svc.notifiers["log"].(logNotifier); ok {
		fmt.Println("prefix", ln.prefix)
	}
	switch n := svc.primary.(type) {
	case *emailNotifier:
		fmt.Println("email with", len(n.sent))
	default:
		fmt.Println("other")
	}
}
