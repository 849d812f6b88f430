package main

import (
	"errors"
	"fmt"
)

// A capture keeps the 4-byte header of every frame it has seen.
type capture struct {
	headers [][]byte
	seen    int
}

var errShort = errors.New("frame shorter than its header")

func (c *capture) record(frame []byte) error {
	if len(frame) < 4 {
		return errShort
	}
	c.headers = append(c.headers, frame[:4])
	c.seen++
	return nil
}

var recorder = &capture{}

func readFrame(n int) []byte {
	frame := make([]byte, 1<<20)
	frame[0] = byte(n)
	return frame
}

func main() {
	for i := 0; i < 8; i++ {
		if err := recorder.record(readFrame(i)); err != nil {
			fmt.Println("skip:", err)
		}
	}
	fmt.Println("frames:", recorder.seen, "first header byte of the last:", recorder.headers[7][0])
}
