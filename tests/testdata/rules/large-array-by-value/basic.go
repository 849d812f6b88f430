package fixtures

import "fmt"

const frameSize = 256 * 1024

const (
	rows = 256
	cols = 64
)

type Pixel struct{ R, G, B uint8 }

func checksum(frame [frameSize]byte) uint32 { // want "large-array-by-value"
	var sum uint32
	for _, b := range frame {
		sum += uint32(b)
	}
	return sum
}

func sumGrid(grid [rows][cols]float64) float64 { // want "large-array-by-value"
	total := 0.0
	for i := range grid {
		for j := range grid[i] {
			total += grid[i][j]
		}
	}
	return total
}

func startWorkers(n int, done chan<- int) {
	for i := 0; i < n; i++ {
		go func(buf [1 << 16]byte, id int) { // want "large-array-by-value"
			done <- id + int(buf[0])
		}([1 << 16]byte{}, i)
	}
}

type Codec struct{}

func (Codec) Encode(table [8192]int64) int64 { // want "large-array-by-value"
	return table[0]
}

func names(list [4096]string) int { // want "large-array-by-value"
	return len(list[0])
}

func rangeCopies(frames [][frameSize]byte) int {
	n := 0
	for _, f := range frames { // want "large-array-by-value"
		n += int(f[0])
	}
	return n
}

func runes(text [16384]rune) rune { // want "large-array-by-value"
	return text[0]
}

// Negatives.

func checksumPtr(frame *[frameSize]byte) uint32 {
	return uint32(frame[0])
}

func small(header [64]byte) byte {
	return header[0]
}

func justUnder(buf [65535]byte) byte {
	return buf[0]
}

func sliceParam(frame []byte) int {
	return len(frame)
}

func unknownElement(px [100000]Pixel) uint8 {
	return px[0].R
}

func rangeByIndex(frames [][frameSize]byte) int {
	n := 0
	for i := range frames {
		n += int(frames[i][0])
	}
	return n
}

func printSmall(xs [][16]int) {
	for _, x := range xs {
		fmt.Println(x)
	}
}
