//go:build js && wasm

// Command wasm is the thin boundary between JavaScript and the core: it
// defines globalThis.bucketlab = {version, ready, call(op, request)} where
// request and response are JSON text (one copy each way, cheaper than
// walking JS objects). It has no logic of its own.
package main

import (
	"fmt"

	"github.com/hack-pad/safejs"

	"bucketlab/core/api"
)

func main() {
	if err := register(); err != nil {
		fmt.Println("bucketlab: cannot start:", err)
		return
	}
	select {} // keep the Go runtime alive for calls
}

func register() error {
	call, err := safejs.FuncOf(guard(call))
	if err != nil {
		return err
	}
	obj, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return err
	}
	for k, v := range map[string]any{"version": api.Version, "call": call.Value()} {
		if err := obj.Set(k, v); err != nil {
			return err
		}
	}
	global := safejs.Global()
	if err := global.Set("bucketlab", obj); err != nil {
		return err
	}
	if err := obj.Set("ready", true); err != nil {
		return err
	}
	// The loader may install a hook to learn of readiness without polling.
	if hook, err := global.Get("__bucketlabReady"); err == nil && hook.Type() == safejs.TypeFunction {
		_, _ = hook.Invoke()
	}
	return nil
}
