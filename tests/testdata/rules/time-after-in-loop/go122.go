// leaklab:go 1.22
package fixtures

import (
	"fmt"
	"time"
)

func busyLoopOld(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		case <-time.After(time.Hour): // want "time-after-in-loop"
			return
		}
	}
}
