package jsondec

import (
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/syntax/jsonsyn"
)

// Every fix the reader offers replaces its span with text that reads as
// what was meant.
func TestSuggestions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		read     func(r *Reader, root *jsonsyn.Node)
		code     diag.Code
		span     string // the text the diagnostic covers
		fix      string
	}{
		{"key case", `{"allowedorigins": ["*"]}`, func(r *Reader, root *jsonsyn.Node) {
			r.Object(root, "", diag.Span{}, "a rule", []string{"AllowedOrigins"})
		}, diag.JSONKeyCase, `"allowedorigins"`, `"AllowedOrigins"`},
		{"typo", `{"AllowedOrigin": ["*"]}`, func(r *Reader, root *jsonsyn.Node) {
			r.Object(root, "", diag.Span{}, "a rule", []string{"AllowedOrigins", "AllowedMethods"})
		}, diag.JSONUnknownKey, `"AllowedOrigin"`, `"AllowedOrigins"`},
		{"lone string", `{"m": "GET<&>"}`, func(r *Reader, root *jsonsyn.Node) {
			f, _ := r.Object(root, "", diag.Span{}, "a rule", []string{"m"})
			r.StringList(f["m"], "/m")
		}, diag.JSONWrongType, `"GET<&>"`, `["GET<&>"]`},
		{"number in a string", `{"n": "3000"}`, func(r *Reader, root *jsonsyn.Node) {
			f, _ := r.Object(root, "", diag.Span{}, "a rule", []string{"n"})
			r.Int(f["n"], "/n")
		}, diag.JSONWrongType, `"3000"`, `3000`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, diags := jsonsyn.Parse(tc.in)
			if root == nil || len(diags) > 0 {
				t.Fatalf("Parse: %v", diags)
			}
			r := New()
			tc.read(r, root)
			if len(r.Diags) != 1 {
				t.Fatalf("diagnostics = %v, want one", r.Diags)
			}
			d := r.Diags[0]
			if d.Code != tc.code || tc.in[d.Span.Start:d.Span.End] != tc.span || d.Suggestion != tc.fix {
				t.Errorf("%s on %q, fix %q; want %s on %q, fix %q", d.Code, tc.in[d.Span.Start:d.Span.End], d.Suggestion, tc.code, tc.span, tc.fix)
			}
		})
	}
}

// A value of the wrong type with no obvious replacement gets no fix.
func TestNoSuggestion(t *testing.T) {
	t.Parallel()
	root, _ := jsonsyn.Parse(`{"m": 5, "o": []}`)
	r := New()
	f, _ := r.Object(root, "", diag.Span{}, "a rule", []string{"m", "o"})
	r.StringList(f["m"], "/m")
	r.Object(f["o"].Value, "/o", f["o"].KeySpan, `"o"`, nil)
	for _, d := range r.Diags {
		if d.Suggestion != "" {
			t.Errorf("%s: suggestion %q, want none", d.Message, d.Suggestion)
		}
	}
	if len(r.Diags) != 2 {
		t.Errorf("diagnostics = %v", r.Diags)
	}
}
