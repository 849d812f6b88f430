package fixtures

import (
	"context"
	"fmt"
	"time"
)

func idleTimeout(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		case <-time.After(5 * time.Second): // want "time-after-in-loop"
			return
		}
	}
}

func viaVariable(events <-chan string) {
	for {
		timeout := time.After(time.Second) // want "time-after-in-loop"
		select {
		case e := <-events:
			fmt.Println(e)
		case <-timeout:
			return
		}
	}
}

func conditionLoop(running *bool, jobs <-chan int) {
	for *running {
		select {
		case j := <-jobs:
			fmt.Println(j)
		case <-time.After(time.Minute): // want "time-after-in-loop"
			fmt.Println("idle")
		}
	}
}

func withContext(ctx context.Context, in <-chan int) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-in:
			fmt.Println(v)
		case <-time.After(time.Second): // want "time-after-in-loop"
			fmt.Println("slow")
		}
	}
}

func selectInIf(in <-chan int, verbose bool) {
	for {
		if verbose {
			select {
			case v := <-in:
				fmt.Println(v)
			case <-time.After(time.Second): // want "time-after-in-loop"
				return
			}
		}
	}
}

func inGoroutine(in <-chan int) {
	go func() {
		for {
			select {
			case v, ok := <-in:
				if !ok {
					return
				}
				fmt.Println(v)
			case <-time.After(30 * time.Second): // want "time-after-in-loop"
				return
			}
		}
	}()
}

// Negatives.

func timerOutsideLoop(events <-chan string) {
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		case <-timeout:
			return
		}
	}
}

func timerReset(events <-chan string) {
	idle := time.NewTimer(5 * time.Second)
	defer idle.Stop()
	for {
		select {
		case e := <-events:
			fmt.Println(e)
			idle.Reset(5 * time.Second)
		case <-idle.C:
			return
		}
	}
}

func perItemSendTimeout(out chan<- int, items []int) {
	for _, it := range items {
		select {
		case out <- it:
		case <-time.After(time.Second):
			return
		}
	}
}

func sleepOnly(n int) {
	for n > 0 {
		select {
		case <-time.After(time.Millisecond):
			n--
		}
	}
}

func notInLoop(in <-chan int) int {
	select {
	case v := <-in:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func afterWithDefault(in <-chan int) {
	for {
		select {
		case <-time.After(time.Millisecond):
			return
		default:
		}
		fmt.Println(len(in))
	}
}
