package main

import (
	"fmt"
	"strings"
)

// document is one uploaded log file; its first 16 bytes are its id.
type document struct {
	body string
}

type index struct {
	ids []string
}

func newIndex() *index { return &index{} }

// add remembers the document's id. MODE picks how.
func (ix *index) add(d document) error {
	if len(d.body) < 16 {
		return fmt.Errorf("document too short: %d bytes", len(d.body))
	}
	var b strings.Builder
	b.WriteString(d.body[:16])
	ix.ids = append(ix.ids, b.String())
	return nil
}

var idx = newIndex()

func load(n int) document {
	return document{body: fmt.Sprintf("doc-%012d", n) + strings.Repeat("x", 1<<20)}
}

func main() {
	for i := 0; i < 4; i++ {
		if err := idx.add(load(i)); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(idx.ids)
}
