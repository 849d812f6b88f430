package fixtures

import (
	"bytes"
	"io"
	"os"
	"strings"
)

var lastMagic []byte

var seen = map[string][]byte{}

var names []string

type Session struct {
	token string
	head  []byte
}

func rememberMagic(packet []byte) {
	lastMagic = packet[:4] // want "subslice-retains-backing-array"
}

func indexByKey(key string, payload []byte) {
	seen[key] = payload[8:16] // want "subslice-retains-backing-array"
}

func (s *Session) SetToken(line string) {
	s.token = line[:32] // want "subslice-retains-backing-array"
}

func headerOf(packet []byte) []byte {
	return packet[:12] // want "subslice-retains-backing-array"
}

func keepFirstName(record string) {
	names = append(names, record[:10]) // want "subslice-retains-backing-array"
}

func (s *Session) LoadHead(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.head = data[:64] // want "subslice-retains-backing-array"
	return nil
}

// Negatives.

// A field of a parameter: how long it lives is unknown here, so the rule stays quiet.
func cacheFileHead(path string, s *Session) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s.head = data[:64]
	return nil
}

func rememberMagicCopy(packet []byte) {
	lastMagic = bytes.Clone(packet[:4])
}

func (s *Session) SetTokenCopy(line string) {
	s.token = strings.Clone(line[:32])
}

func trimNewline(b []byte) []byte {
	return b[:len(b)-1]
}

func localUse(packet []byte) int {
	h := packet[:4]
	return int(h[0])
}

func appendCopy(record string) {
	names = append(names, strings.Clone(record[:10]))
}

func smallBuffer() {
	buf := make([]byte, 64)
	lastMagic = buf[:4]
}

func shadowedGlobal(packet []byte) []byte {
	lastMagic := packet[:4]
	return lastMagic
}
