package api

import (
	"encoding/json"
	"testing"
	"unicode/utf16"
)

// FuzzCheck: "check" answers every source with well-formed JSON, never an
// internal error, and every diagnostic's positions lie inside the source.
func FuzzCheck(f *testing.F) {
	f.Add(`{"cors_rules":[{"allowed_origin":"http://*.qingcloud.com","allowed_methods":["PUT"]}]}`)
	f.Add("{\"cors_rules\":[{\"allowed_origin\":\"中😀\",\n\"allowed_methods\":[\"X\"]}]}")
	f.Add("\xff\xfe{")
	f.Fuzz(func(t *testing.T, src string) {
		req, _ := json.Marshal(CheckRequest{Provider: "qingstor", Document: "cors", Source: src})
		var resp struct {
			OK          bool
			Error       *ErrorBody
			Diagnostics []Diagnostic
		}
		if err := json.Unmarshal(Call("check", req), &resp); err != nil {
			t.Fatalf("response is not JSON: %v", err)
		}
		if !resp.OK {
			t.Fatalf("check failed: %+v", resp.Error)
		}
		// json.Marshal turns invalid UTF-8 into U+FFFD, as a JS string would.
		units := len(utf16.Encode([]rune(src)))
		lines := 1
		for _, r := range src {
			if r == '\n' {
				lines++
			}
		}
		for _, d := range resp.Diagnostics {
			if d.From < 0 || d.From > d.To || d.To > units {
				t.Fatalf("from/to %d/%d outside %d UTF-16 units", d.From, d.To, units)
			}
			if d.Line < 1 || d.Line > lines || d.EndLine < d.Line || d.Column < 1 {
				t.Fatalf("position %d:%d-%d:%d outside %d lines", d.Line, d.Column, d.EndLine, d.EndColumn, lines)
			}
		}
	})
}
