// Keeping a small sub-slice of a big buffer keeps the whole backing array
// alive: cap shows how much memory the 3-byte header really pins. Copying the
// bytes out (copy, bytes.Clone, slices.Clone) keeps only what is needed.
package main

import (
	"bytes"
	"fmt"
	"slices"
)

var cache [][]byte

func readPacket() []byte {
	buf := make([]byte, 1<<20)
	copy(buf, "HDRpayload...")
	return buf
}

func keepHeaderLeaky() {
	p := readPacket()
	cache = append(cache, p[:3])
}

func keepHeaderCopied() {
	p := readPacket()
	h := make([]byte, 3)
	copy(h, p[:3])
	cache = append(cache, h)
}

func main() {
	keepHeaderLeaky()
	keepHeaderCopied()
	cache = append(cache, bytes.Clone(readPacket()[:3]))
	cache = append(cache, slices.Clone(readPacket()[:3]))
	for i, h := range cache {
		fmt.Printf("entry %d: %q len %d cap %d\n", i, h, len(h), cap(h))
	}
	total := 0
	for _, h := range cache {
		total += cap(h)
	}
	fmt.Println("bytes pinned by the cache:", total)
}
