package jsonsyn

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"bucketlab/core/diag"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		wantCode  diag.Code
		wantStart int
	}{
		{"empty", "  ", diag.DocumentEmpty, 0},
		{"missing comma", `{"a":1 "b":2}`, diag.JSONSyntax, 7},
		{"unclosed comment", "{\"a\": /* x\n1}", diag.JSONSyntax, 6},
		{"lone slash", `{"a": /1}`, diag.JSONSyntax, 6},
		{"double comma", `[1,,2]`, diag.JSONSyntax, 3},
		{"single quote unclosed", "{'a\n:1}", diag.JSONSyntax, 1},
		{"bare value", `{"Effect": Allow}`, diag.JSONSyntax, 11},
		{"unclosed object", `{"a":1`, diag.JSONSyntax, 6},
		{"unclosed string", `{"a":"x`, diag.JSONSyntax, 5},
		{"bad escape", `["\q"]`, diag.JSONSyntax, 2},
		{"lone surrogate", `["\ud800"]`, diag.JSONSyntax, 2},
		{"leading zero", `[01]`, diag.JSONSyntax, 1},
		{"trailing garbage", `{} x`, diag.JSONTrailing, 3},
		{"invalid utf8", "[\"\xff\"]", diag.JSONInvalidUTF8, 2},
		{"too deep", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), diag.JSONTooDeep, MaxDepth},
		{"bare word", `{"a": yes}`, diag.JSONSyntax, 6},
		{"nul byte", "{\"a\":\x00}", diag.JSONSyntax, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, diags := Parse(tc.in)
			if root != nil {
				t.Errorf("Parse(%q) root = non-nil, want nil on error", tc.in)
			}
			if len(diags) != 1 {
				t.Fatalf("Parse(%q) = %d diagnostics %v, want 1", tc.in, len(diags), diags)
			}
			if d := diags[0]; d.Code != tc.wantCode || d.Span.Start != tc.wantStart {
				t.Errorf("Parse(%q) = %s at %d (%s), want %s at %d", tc.in, d.Code, d.Span.Start, d.Message, tc.wantCode, tc.wantStart)
			}
		})
	}
}

func TestParseSpansAndDuplicates(t *testing.T) {
	t.Parallel()
	in := `{"a": "x\u00e9", "b": [1, -2.5e3, true, null], "a": {}}`
	root, diags := Parse(in)
	if root == nil {
		t.Fatalf("Parse: %v", diags)
	}
	if len(diags) != 1 || diags[0].Code != diag.JSONDuplicateKey || in[diags[0].Span.Start:diags[0].Span.End] != `"a"` || diags[0].Related[0].Span.Start != 1 {
		t.Errorf("duplicate diagnostics = %+v", diags)
	}
	a, _ := root.Get("a")
	if a.Value.Text != "xé" || in[a.Value.Span.Start:a.Value.Span.End] != `"x\u00e9"` {
		t.Errorf("a = %q span %q", a.Value.Text, in[a.Value.Span.Start:a.Value.Span.End])
	}
	b, _ := root.Get("b")
	var got []string
	for _, e := range b.Value.Elems {
		got = append(got, in[e.Span.Start:e.Span.End])
	}
	if strings.Join(got, "|") != "1|-2.5e3|true|null" {
		t.Errorf("b elems = %q", got)
	}
}

// FuzzParse: never panics, spans stay inside the input, acceptance without
// repairs agrees with encoding/json on valid UTF-8 that nests within the
// bound, and applying every repair gives text that reads the same, without
// a slip.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{}`, `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"]}]}`,
		`[1,2,{"a":"\ud83d\ude00"}]`, `{"a":1,}`, `"\u00`, "{\"a\"\x00", `-0.5e+10`} {
		f.Add(s)
	}
	for _, tc := range repairCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		root, diags := Parse(in)
		for _, d := range diags {
			if d.Span.Start < 0 || d.Span.Start > d.Span.End || d.Span.End > len(in) {
				t.Fatalf("span %v outside input of %d bytes", d.Span, len(in))
			}
		}
		if root != nil {
			var walk func(n *Node)
			walk = func(n *Node) {
				if n.Span.Start < 0 || n.Span.Start > n.Span.End || n.Span.End > len(in) {
					t.Fatalf("node span %v outside input", n.Span)
				}
				for _, m := range n.Members {
					walk(m.Value)
				}
				for _, e := range n.Elems {
					walk(e)
				}
			}
			walk(root)
		}
		repaired := repairCount(diags) > 0
		if utf8.ValidString(in) && strings.Count(in, "[")+strings.Count(in, "{") < MaxDepth {
			stdOK := json.Valid([]byte(in))
			if ok := root != nil && !repaired; stdOK != ok && !strings.Contains(in, `\u`) {
				t.Fatalf("Parse(%q) ok=%v, encoding/json ok=%v (%v)", in, ok, stdOK, diags)
			}
		}
		if root == nil || !repaired {
			return
		}
		for _, d := range diags {
			if _, ok := d.Suggested(); repairCodes[d.Code] && !ok {
				t.Fatalf("Parse(%q): %s at %v has no fix", in, d.Code, d.Span)
			}
		}
		out := applyRepairs(t, in, diags)
		root2, diags2 := Parse(out)
		if root2 == nil || repairCount(diags2) > 0 {
			t.Fatalf("Parse(%q) repaired to %q, which still has %v", in, out, diags2)
		}
		if a, b := dump(root), dump(root2); a != b {
			t.Fatalf("Parse(%q) = %s, but its repair %q reads %s", in, a, out, b)
		}
	})
}
