package main

import (
	"fmt"
	"sync"
)

// countViews counts page views per path, one goroutine per handler like a server.
func countViews(paths []string, viewsEach int) map[string]int {
	views := map[string]int{}
	var wg sync.WaitGroup
	for _, path := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < viewsEach; i++ {
				views[path]++ // every goroutine writes the same map, with no lock
			}
		}()
	}
	wg.Wait()
	return views
}

func main() {
	views := countViews([]string{"/home", "/search"}, 300000)
	fmt.Println("/home:", views["/home"], "/search:", views["/search"])
}
