package main

import (
	"errors"
	"fmt"
	"sync"
)

var ErrFunds = errors.New("insufficient funds")

type Account struct {
	mu      sync.Mutex
	id      string
	balance int
}

type Bank struct {
	accounts map[string]*Account
}

func NewBank(balances map[string]int) *Bank {
	b := &Bank{accounts: make(map[string]*Account)}
	for id, bal := range balances {
		b.accounts[id] = &Account{id: id, balance: bal}
	}
	return b
}

// Transfer locks both accounts in id order, so opposite transfers cannot wait for each
// other.
func (b *Bank) Transfer(from, to string, amount int) error {
	src, dst := b.accounts[from], b.accounts[to]
	if src == nil || dst == nil {
		return fmt.Errorf("transfer %s->%s: unknown account", from, to)
	}
	first, second := src, dst
	if second.id < first.id {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if src.balance < amount {
		return fmt.Errorf("transfer %s->%s: %w", from, to, ErrFunds)
	}
	src.balance -= amount
	dst.balance += amount
	return nil
}

func main() {
	bank := NewBank(map[string]int{"alice": 10, "bob": 10})
	var wg sync.WaitGroup
	for _, pair := range [][2]string{{"alice", "bob"}, {"bob", "alice"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				if err := bank.Transfer(pair[0], pair[1], 1); err != nil {
					fmt.Println(err)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println(bank.accounts["alice"].balance + bank.accounts["bob"].balance)
}
