package main

import (
	"fmt"
	"runtime"
	"slices"
)

// currentVersion is shown on the status page for as long as the process runs.
var currentVersion []byte

// downloadBundle stands in for fetching a 1 MiB release bundle; its first line is the version.
func downloadBundle(version string) []byte {
	bundle := make([]byte, 1<<20)
	copy(bundle, version+"\n")
	return bundle
}

// install keeps only the version line of the bundle.
func install(bundle []byte) {
	end := 0
	for bundle[end] != '\n' {
		end++
	}
	currentVersion = slices.Clone(bundle[:end]) // a copy of its own: the bundle can go
}

func main() {
	for _, v := range []string{"v1.4.0", "v1.4.1", "v1.5.0"} {
		install(downloadBundle(v))
	}
	runtime.GC() // the earlier bundles are garbage now; so is the last one
	fmt.Println("running version:", string(currentVersion))
	fmt.Println("len:", len(currentVersion))
	fmt.Println("cap:", cap(currentVersion))
}
