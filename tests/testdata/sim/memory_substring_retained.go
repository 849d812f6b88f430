// Substrings share memory with the original string too; strings.Clone makes an
// independent copy (Go 1.20+). Lengths show what the program keeps asking for.
package main

import (
	"fmt"
	"strings"
)

var ids []string

func main() {
	line := strings.Repeat("x", 64*1024)
	line = "id42:" + line
	leaky := line[:4]
	ids = append(ids, leaky)
	owned := strings.Clone(line[:4])
	ids = append(ids, owned)
	fmt.Println(ids, len(line))
	fmt.Println("same text:", leaky == owned)
}
