package main

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// fetchProfile stands in for a slow call to the profile service.
func fetchProfile(user int) string {
	time.Sleep(20 * time.Millisecond)
	return fmt.Sprint("profile-", user)
}

// checkAccess is fast and fails for suspended users.
func checkAccess(user int) error {
	if user%2 == 0 {
		return errors.New("account suspended")
	}
	return nil
}

// loadPage fetches the profile in the background while it checks access.
func loadPage(user int) (string, error) {
	profiles := make(chan string, 1) // room for the one result: the send never waits
	go func() {
		profiles <- fetchProfile(user) // completes even if nobody receives
	}()
	if err := checkAccess(user); err != nil {
		return "", err // the result will land in the buffer and be collected
	}
	return "page with " + <-profiles, nil
}

func main() {
	for user := 1; user <= 4; user++ {
		page, err := loadPage(user)
		fmt.Printf("user %d: %q %v\n", user, page, err)
	}
	time.Sleep(100 * time.Millisecond) // every fetch has finished by now
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
