// main receives on a channel nobody will ever send to: every goroutine is
// asleep and no timer is pending, so the runtime reports a deadlock (exit 2).
package main

import "fmt"

func main() {
	results := make(chan int)
	fmt.Println("waiting for a result that never comes")
	fmt.Println(<-results)
}
