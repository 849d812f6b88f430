package main

import (
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

type limiter struct {
	inflight int32
	allowed  uint64
	rejected uint64
	max      int32
}

func (l *limiter) try() bool {
	if atomic.AddInt32(&l.inflight, 1) > l.max {
		atomic.AddInt32(&l.inflight, -1)
		atomic.AddUint64(&l.rejected, 1)
		return false
	}
	atomic.AddUint64(&l.allowed, 1)
	return true
}

func (l *limiter) done() { atomic.AddInt32(&l.inflight, -1) }

func main() {
	l := &limiter{max: 3}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if l.try() {
				time.Sleep(time.Duration(1+rand.Intn(5)) * time.Millisecond)
				l.done()
			}
		}()
	}
	wg.Wait()
	a, r := atomic.LoadUint64(&l.allowed), atomic.LoadUint64(&l.rejected)
	fmt.Println(a+r, atomic.LoadInt32(&l.inflight))
	var flag int32
	fmt.Println(atomic.CompareAndSwapInt32(&flag, 0, 1), atomic.CompareAndSwapInt32(&flag, 0, 1), flag)
	var u uint32
	atomic.StoreUint32(&u, 7)
	old := atomic.SwapUint32(&u, 9)
	fmt.Println(old, u)
	fmt.Println(atomic.AddUint32(&u, ^uint32(0)))
	p := rand.Perm(5)
	sum := 0
	for _, v := range p {
		sum += v
	}
	x := rand.Float64()
	fmt.Println(len(p), sum, x >= 0 && x < 1, rand.Intn(1))
	s := []string{"a", "b", "c"}
	rand.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	fmt.Println(len(s))
}
