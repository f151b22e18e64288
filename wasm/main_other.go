//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// Built for anything but js/wasm, the command only says how to build it.
func main() {
	fmt.Fprintln(os.Stderr, "wasm: build with GOOS=js GOARCH=wasm (go run ./build does it)")
	os.Exit(2)
}
