package named

// Frame is a named array type: the rule follows the name to its size.
type Frame [1 << 17]byte

// Small stays quiet: 64 bytes.
type Small [8]int64

// Alias of an alias still resolves.
type Picture Frame

func analyse(f Frame) int { // want "large-array-by-value"
	return int(f[0])
}

func render(p Picture) int { // want "large-array-by-value"
	return int(p[1])
}

func tiny(s Small) int64 {
	return s[0]
}

func byPointer(f *Frame) int {
	return int(f[0])
}
