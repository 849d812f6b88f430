package workersleak

import "fmt"

func work(j int) int { return j * 3 }

// Positive: three literal workers, jobs never closed.
func poolLiteral(js []int) {
	jobs := make(chan int)
	for w := 0; w < 3; w++ {
		go func() {
			for j := range jobs { // want "worker-jobs-never-closed"
				fmt.Println(work(j))
			}
		}()
	}
	for _, j := range js {
		jobs <- j
	}
}

// Positive: buffered jobs and a results channel; the workers still wait forever.
func poolBuffered(js []int) []int {
	jobs := make(chan int, len(js))
	results := make(chan int, len(js))
	for w := 0; w < 4; w++ {
		go func() {
			for j := range jobs { // want "worker-jobs-never-closed"
				results <- work(j)
			}
		}()
	}
	for _, j := range js {
		jobs <- j
	}
	out := make([]int, 0, len(js))
	for range js {
		out = append(out, <-results)
	}
	return out
}

// Positive: a named worker function is reported where it is started.
func poolNamed(js []int, n int) {
	jobs := make(chan int)
	results := make(chan int, len(js))
	for w := 0; w < n; w++ {
		go worker(jobs, results) // want "worker-jobs-never-closed"
	}
	for _, j := range js {
		jobs <- j
	}
	for range js {
		fmt.Println(<-results)
	}
}

func worker(jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- work(j)
	}
}

// Positive: a single background worker fed from a loop.
func singleWorker(lines []string) {
	queue := make(chan string, 16)
	go func() {
		for l := range queue { // want "worker-jobs-never-closed"
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		queue <- l
	}
}

// Positive: jobs sent by a separate producer goroutine that finishes without closing.
func producerGoroutine(n int) {
	jobs := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			jobs <- i
		}
	}()
	for w := 0; w < 2; w++ {
		go func() {
			for j := range jobs { // want "worker-jobs-never-closed"
				_ = work(j)
			}
		}()
	}
}

// Positive: a fixed batch of jobs sent once.
func fixedBatch() {
	tasks := make(chan string, 3)
	go func() {
		for t := range tasks { // want "worker-jobs-never-closed"
			fmt.Println("task", t)
		}
	}()
	tasks <- "a"
	tasks <- "b"
	tasks <- "c"
}
