package main

import (
	"fmt"
	"runtime"
)

const headerLen = 5 // every message starts with a 5-byte type code

// seenTypes records the type of every message, for a statistics page.
var seenTypes [][]byte

// receiveMessage stands in for reading one 64 KiB message from the network.
func receiveMessage(i int) []byte {
	msg := make([]byte, 64<<10)
	copy(msg, []string{"ORDER", "QUOTE", "TRADE"}[i%3])
	return msg
}

// messageType returns the message's type code.
func messageType(msg []byte) []byte {
	return msg[:headerLen] // shares msg's 64 KiB array
}

func consume(n int) {
	for i := 0; i < n; i++ {
		msg := receiveMessage(i)
		seenTypes = append(seenTypes, messageType(msg))
		// ... the body of msg is handled here and not needed afterwards.
	}
}

func main() {
	consume(12)
	runtime.GC()
	fmt.Println("types seen:", len(seenTypes))
	fmt.Println("first:", string(seenTypes[0]), "last:", string(seenTypes[len(seenTypes)-1]))
	fmt.Println("cap of one type:", cap(seenTypes[0]))
}
