package headertype

// messageType returns the first bytes of msg: the caller keeps all of msg alive.
func messageType(msg []byte) []byte {
	return msg[:4] // want "subslice-retains-backing-array"
}

// messageKind copies, so it is fine.
func messageKind(msg []byte) []byte {
	out := make([]byte, 4)
	copy(out, msg)
	return out
}
