//go:build js && wasm

package main

import (
	"fmt"
	"runtime/debug"

	"github.com/hack-pad/safejs"

	"bucketlab/core/api"
)

// guard turns any panic in a JS-called function into an "internal" answer.
// syscall/js does not recover inside callbacks: without this, one panic
// would end the Go program for the rest of the page's life.
func guard(fn func(this safejs.Value, args []safejs.Value) any) func(safejs.Value, []safejs.Value) any {
	return func(this safejs.Value, args []safejs.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				fmt.Printf("bucketlab: internal error: %v\n%s", r, debug.Stack())
				out = string(failure(api.CodeInternal, fmt.Sprintf("internal error: %v", r)))
			}
		}()
		return fn(this, args)
	}
}

// call is bucketlab.call(op: string, request: string): string.
func call(_ safejs.Value, args []safejs.Value) any {
	if len(args) != 2 {
		return string(failure(api.CodeBadRequest, fmt.Sprintf("call takes (op, requestJSON), got %d arguments", len(args))))
	}
	for i, name := range []string{"op", "request"} {
		if args[i].Type() != safejs.TypeString {
			return string(failure(api.CodeBadRequest, fmt.Sprintf("%s must be a string, got %s", name, args[i].Type())))
		}
	}
	op, err := args[0].String()
	if err != nil {
		return string(failure(api.CodeBadRequest, err.Error()))
	}
	req, err := args[1].String()
	if err != nil {
		return string(failure(api.CodeBadRequest, err.Error()))
	}
	return string(api.Call(op, []byte(req)))
}
