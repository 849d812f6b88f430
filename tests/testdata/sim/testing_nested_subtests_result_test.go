package main

import (
	"strings"
	"testing"
)

type parser struct{ strict bool }

func (p parser) parse(s string) ([]string, error) {
	if p.strict && strings.Contains(s, ";") {
		return nil, errBad
	}
	return strings.Fields(s), nil
}

type parseError string

func (e parseError) Error() string { return string(e) }

var errBad = parseError("bad separator")

func TestParser(t *testing.T) {
	for _, strict := range []bool{false, true} {
		p := parser{strict: strict}
		name := "lenient"
		if strict {
			name = "strict"
		}
		ok := t.Run(name, func(t *testing.T) {
			t.Run("words", func(t *testing.T) {
				got, err := p.parse("a b c")
				if err != nil || len(got) != 3 {
					t.Fatalf("parse: %v %v", got, err)
				}
			})
			t.Run("semicolon", func(t *testing.T) {
				if _, err := p.parse("a;b"); err != nil {
					t.Errorf("strict=%v: %v", p.strict, err)
				}
			})
		})
		t.Logf("%s passed: %v", name, ok)
	}
}
