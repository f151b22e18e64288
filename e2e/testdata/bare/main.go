//go:build js && wasm

// Command bare is the baseline of the load benchmark: a Go wasm that does
// nothing but announce itself ready and answer every call with an empty
// result, so the page around it behaves as with the real core.
package main

import "syscall/js"

func main() {
	call := js.FuncOf(func(js.Value, []js.Value) any { return `{"ok":true,"value":{},"diagnostics":[]}` })
	js.Global().Set("bucketlab", map[string]any{"version": "bare", "ready": true, "call": call})
	if hook := js.Global().Get("__bucketlabReady"); hook.Type() == js.TypeFunction {
		hook.Invoke()
	}
	select {}
}
