package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// session is one client connection; beats counts the keep-alive pings sent to it.
type session struct {
	id    int
	mu    sync.Mutex
	beats int
}

// keepAlive pings the client every 10 ms in the background.
func (s *session) keepAlive() {
	go func() {
		ticker := time.NewTicker(10 * time.Millisecond) // never stopped
		for range ticker.C {                            // no way out: pings a closed session forever
			s.mu.Lock()
			s.beats++ // stands in for writing a ping to the connection
			s.mu.Unlock()
		}
	}()
}

// serve handles one client for 35 ms.
func serve(id int) {
	s := session{id: id}
	s.keepAlive()
	time.Sleep(35 * time.Millisecond) // handle the client's requests
	s.mu.Lock()
	fmt.Printf("session %d closed, kept alive: %v\n", s.id, s.beats > 0)
	s.mu.Unlock()
}

func main() {
	for id := 1; id <= 3; id++ {
		serve(id)
	}
	time.Sleep(50 * time.Millisecond) // every session has been closed for a while
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
