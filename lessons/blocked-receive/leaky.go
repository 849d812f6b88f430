package main

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
)

var catalog = map[string]int{"apple": 120, "pear": 95}

var (
	auditMu  sync.Mutex
	auditLog []string
)

// lookupPrice answers from the catalog; a goroutine writes each answer to the audit log.
func lookupPrice(item string) (int, error) {
	reply := make(chan int)
	go func() {
		price := <-reply // waits for the answer: nothing ever sends it or closes reply
		auditMu.Lock()
		auditLog = append(auditLog, fmt.Sprint(item, "=", price))
		auditMu.Unlock()
	}()

	price, ok := catalog[item]
	if !ok {
		return 0, errors.New("unknown item " + item)
	}
	return price, nil
}

func main() {
	for _, item := range []string{"apple", "plum", "pear", "fig"} {
		price, err := lookupPrice(item)
		fmt.Println(item, price, err)
	}
	time.Sleep(50 * time.Millisecond) // every audit goroutine is done or stuck by now
	auditMu.Lock()
	fmt.Println("audited:", len(auditLog))
	auditMu.Unlock()
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
