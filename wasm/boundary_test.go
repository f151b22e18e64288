//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
)

// These run under Node (go_js_wasm_exec): they call the real JS function
// that register() installs, the way the Web Worker does.

func jsCall(t *testing.T, args ...any) map[string]any {
	t.Helper()
	bl, err := safejs.Global().Get("bucketlab")
	if err != nil {
		t.Fatal(err)
	}
	v, err := bl.Call("call", args...)
	if err != nil {
		t.Fatalf("bucketlab.call threw: %v", err)
	}
	s, err := v.String()
	if err != nil || v.Type() != safejs.TypeString {
		t.Fatalf("bucketlab.call returned %v (%v), want a string", v.Type(), err)
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("response is not JSON: %q", s)
	}
	return out
}

func TestMain(m *testing.M) {
	if err := register(); err != nil {
		panic(err)
	}
	m.Run()
}

func TestReadyAndVersion(t *testing.T) {
	bl, _ := safejs.Global().Get("bucketlab")
	ready, _ := bl.Get("ready")
	if b, _ := ready.Bool(); !b {
		t.Error("bucketlab.ready is not true")
	}
}

func TestCheckThroughJS(t *testing.T) {
	req := `{"provider":"qingstor","document":"cors","source":"{\"cors_rules\":[{\"allowed_origin\":\"中文😀**\",\"allowed_methods\":[\"GET\"]}]}"}`
	out := jsCall(t, "check", req)
	if out["ok"] != true {
		t.Fatalf("check = %v", out)
	}
	diags := out["diagnostics"].([]any)
	if len(diags) != 1 {
		t.Fatalf("diagnostics = %v", diags)
	}
	d := diags[0].(map[string]any)
	// the origin string starts at code point 33 (column 34); in UTF-16 the
	// emoji counts twice, so "to" is 8 units on while endColumn is 7 code points on.
	if d["code"] != "cors-origin-wildcards" || d["column"] != 34.0 || d["from"] != 33.0 || d["to"] != 33.0+8 {
		t.Errorf("diagnostic = %v", d)
	}
}

func TestBadArguments(t *testing.T) {
	for name, args := range map[string][]any{
		"number op":      {42, "{}"},
		"missing arg":    {"check"},
		"object req":     {"check", map[string]any{}},
		"unknown op":     {"nope", "{}"},
		"not json":       {"check", "{"},
		"bad provider":   {"check", `{"provider":"gcs","document":"cors","source":""}`},
		"bad document":   {"check", `{"provider":"qingstor","document":"website","source":""}`},
		"wrong field ty": {"check", `{"provider":1}`},
	} {
		out := jsCall(t, args...)
		e, _ := out["error"].(map[string]any)
		if out["ok"] != false || e["code"] != "bad-request" {
			t.Errorf("%s: %v, want a bad-request error", name, out)
		}
	}
}

// TestPanicIsContained needs the test-only op: go test -tags bucketlab_testops.
func TestPanicIsContained(t *testing.T) {
	out := jsCall(t, "panic", "{}")
	e, _ := out["error"].(map[string]any)
	if out["ok"] != false || e["code"] != "internal" {
		if strings.Contains(e["message"].(string), "unknown op") {
			t.Skip("built without -tags bucketlab_testops")
		}
		t.Fatalf("panic op = %v, want an internal error", out)
	}
	// the runtime lives on
	if again := jsCall(t, "check", `{"provider":"qingstor","document":"cors","source":"{}"}`); again["ok"] != true {
		t.Errorf("call after a panic = %v", again)
	}
}
