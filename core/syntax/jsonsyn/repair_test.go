package jsonsyn

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"bucketlab/core/diag"
)

var repairCodes = map[diag.Code]bool{
	diag.JSONComment: true, diag.JSONTrailingComma: true, diag.JSONSmartQuotes: true,
	diag.JSONSingleQuotes: true, diag.JSONUnquotedKey: true, diag.JSONFullwidth: true,
}

func repairCount(l diag.List) int {
	n := 0
	for _, d := range l {
		if repairCodes[d.Code] {
			n++
		}
	}
	return n
}

// applyRepairs applies every repair's suggestion, from the end backwards,
// as the page's "repair all" does; the repairs never overlap.
func applyRepairs(t *testing.T, in string, diags diag.List) string {
	t.Helper()
	var fixes diag.List
	for _, d := range diags {
		if _, ok := d.Suggested(); repairCodes[d.Code] && ok {
			fixes = append(fixes, d)
		}
	}
	sort.Slice(fixes, func(i, j int) bool { return fixes[i].Span.Start > fixes[j].Span.Start })
	out, last := in, len(in)
	for _, d := range fixes {
		if d.Span.End > last {
			t.Fatalf("repairs of %q overlap: %v", in, fixes)
		}
		out = out[:d.Span.Start] + d.Suggestion + out[d.Span.End:]
		last = d.Span.Start
	}
	return out
}

// dump writes a tree without spans, to compare what two texts mean.
func dump(n *Node) string {
	var b strings.Builder
	var walk func(n *Node)
	walk = func(n *Node) {
		switch n.Kind {
		case Object:
			b.WriteByte('{')
			for _, m := range n.Members {
				b.WriteString(strconv.Quote(m.Key) + ":")
				walk(m.Value)
				b.WriteByte(',')
			}
			b.WriteByte('}')
		case Array:
			b.WriteByte('[')
			for _, e := range n.Elems {
				walk(e)
				b.WriteByte(',')
			}
			b.WriteByte(']')
		case String:
			b.WriteString(strconv.Quote(n.Text))
		default:
			b.WriteString(n.Text)
		}
	}
	walk(n)
	return b.String()
}

var repairCases = []struct {
	name  string
	in    string
	codes []diag.Code // in document order
	want  string      // after every repair
}{
	{"trailing comma object", `{"a":1,}`, []diag.Code{diag.JSONTrailingComma}, `{"a":1}`},
	{"trailing comma array", "[1,2,\n]", []diag.Code{diag.JSONTrailingComma}, "[1,2\n]"},
	{"single quotes", `{'a':'x"y\'z'}`, []diag.Code{diag.JSONSingleQuotes, diag.JSONSingleQuotes}, `{"a":"x\"y'z"}`},
	{"smart double quotes", `{“Effect”: ”Allow”}`, []diag.Code{diag.JSONSmartQuotes, diag.JSONSmartQuotes}, `{"Effect": "Allow"}`},
	{"smart single quotes", `[‘s3:GetObject’, ‘it's’]`, []diag.Code{diag.JSONSmartQuotes, diag.JSONSmartQuotes}, `["s3:GetObject", "it's"]`},
	{"mixed closing quote", `{“a": 1}`, []diag.Code{diag.JSONSmartQuotes}, `{"a": 1}`},
	{"unquoted key", `{Version: "2012-10-17", Statement: []}`, []diag.Code{diag.JSONUnquotedKey, diag.JSONUnquotedKey}, `{"Version": "2012-10-17", "Statement": []}`},
	{"fullwidth", `{"a"："x"，"b":1}`, []diag.Code{diag.JSONFullwidth, diag.JSONFullwidth}, `{"a":"x","b":1}`},
	{"comment line", "{\n  // the policy\n  \"a\": 1\n}", []diag.Code{diag.JSONComment}, "{\n  \"a\": 1\n}"},
	{"comment lines merged", "{\n  // one\n\n  /* two */\n  \"a\": 1\n}", []diag.Code{diag.JSONComment}, "{\n  \"a\": 1\n}"},
	{"comment after code", "{\"a\": 1 // one\n}", []diag.Code{diag.JSONComment}, "{\"a\": 1\n}"},
	{"comment before code", "{/* c */ \"a\": 1}", []diag.Code{diag.JSONComment}, "{\"a\": 1}"},
	{"comment first line", "// policy\r\n{}", []diag.Code{diag.JSONComment}, "{}"},
	{"comment last line", "{}\n// end", []diag.Code{diag.JSONComment}, "{}"},
	{"comma then comment", "{\"a\": 1, // note\n}", []diag.Code{diag.JSONTrailingComma, diag.JSONComment}, "{\"a\": 1\n}"},
	{"comment then comma", `[1, 2 /* two */, ]`, []diag.Code{diag.JSONComment, diag.JSONTrailingComma}, `[1, 2  ]`},
	{"comma glued to comment", `[1,/* x */]`, []diag.Code{diag.JSONTrailingComma, diag.JSONComment}, `[1]`},
	{"documentation example", `{
  // Grants read access to everyone
  "Version": "2012-10-17", // required
  "Statement": [
    {
      "Effect": “Allow”,
      "Principal": "*",
      'Action': ["s3:GetObject",],
      /* your bucket */ "Resource": "arn:aws:s3:::examplebucket/*",
    },
  ]
}`, []diag.Code{diag.JSONComment, diag.JSONComment, diag.JSONSmartQuotes, diag.JSONSingleQuotes, diag.JSONTrailingComma, diag.JSONComment, diag.JSONTrailingComma, diag.JSONTrailingComma}, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject"],
      "Resource": "arn:aws:s3:::examplebucket/*"
    }
  ]
}`},
}

func TestRepairs(t *testing.T) {
	t.Parallel()
	for _, tc := range repairCases {
		t.Run(tc.name, func(t *testing.T) {
			root, diags := Parse(tc.in)
			if root == nil {
				t.Fatalf("Parse(%q) = nil root, %v", tc.in, diags)
			}
			var codes []diag.Code
			for _, d := range diags {
				codes = append(codes, d.Code)
				if _, ok := d.Suggested(); d.Severity != diag.Error || !ok {
					t.Errorf("%s at %v: severity %v, no suggestion; want an error with a suggestion", d.Code, d.Span, d.Severity)
				}
			}
			if !equalCodes(codes, tc.codes) {
				t.Errorf("codes = %v, want %v (%v)", codes, tc.codes, diags)
			}
			got := applyRepairs(t, tc.in, diags)
			if got != tc.want {
				t.Errorf("repaired:\n%s\nwant:\n%s", got, tc.want)
			}
			root2, diags2 := Parse(got)
			if root2 == nil || len(diags2) > 0 {
				t.Fatalf("the repair %q still has %v", got, diags2)
			}
			if dump(root) != dump(root2) {
				t.Errorf("read as %s, repaired reads %s", dump(root), dump(root2))
			}
		})
	}
}

func equalCodes(a, b []diag.Code) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A slip is reported with the problems after it; a fatal error after a
// slip keeps the slip's diagnostic.
func TestRepairThenError(t *testing.T) {
	t.Parallel()
	in := "{\"a\": 1, // x\n \"a\": 2,\n \"b\" 3}"
	root, diags := Parse(in)
	if root != nil {
		t.Fatal("root on a syntax error")
	}
	var codes []diag.Code
	for _, d := range diags {
		codes = append(codes, d.Code)
	}
	want := []diag.Code{diag.JSONComment, diag.JSONDuplicateKey, diag.JSONSyntax}
	if !equalCodes(codes, want) {
		t.Errorf("codes = %v, want %v", codes, want)
	}
}

func TestOnlyComment(t *testing.T) {
	t.Parallel()
	root, diags := Parse("// nothing else")
	if root != nil || len(diags) != 2 || diags[0].Code != diag.JSONComment || diags[1].Code != diag.DocumentEmpty {
		t.Errorf("Parse = %v, %v", root, diags)
	}
}

// A hostile paste of slips (a megabyte of comments and quotes on one line)
// is read whole, every slip reported. That no slip scans the text before it
// (linear time) is measured by BenchmarkRepairs, not asserted: timing in a
// test is flaky on a loaded machine and under wasm.
func TestRepairsScale(t *testing.T) {
	t.Parallel()
	root, diags := Parse(hostileSlips)
	if root == nil || len(diags) != 200_001 {
		t.Errorf("root %v, %d diagnostics", root != nil, len(diags))
	}
}

var hostileSlips = "[" + strings.Repeat("1/**/,'a',", 100_000) + "]"

func BenchmarkRepairs(b *testing.B) {
	b.SetBytes(int64(len(hostileSlips)))
	for b.Loop() {
		Parse(hostileSlips)
	}
}

// A removal's span is exactly what goes, with the suggestion "": the
// underline shows no character that stays.
func TestRepairSpans(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, span, fix string
		code          diag.Code
	}{
		{`{"a":1,}`, ",", "", diag.JSONTrailingComma},
		{"[1,2,\n]", ",", "", diag.JSONTrailingComma},
		{`{"a":1，}`, "，", "", diag.JSONTrailingComma},
		{"{\"a\": 1 // one\n}", " // one", "", diag.JSONComment},
		{"{\"a\": 1 // one\r\n}", " // one", "", diag.JSONComment},
		{"{/* c */ \"a\": 1}", "/* c */ ", "", diag.JSONComment},
		{"{\n  // the policy\n  \"a\": 1\n}", "  // the policy\n", "", diag.JSONComment},
		{"{}\n// end", "\n// end", "", diag.JSONComment},
		{`{'a':1}`, `'a'`, `"a"`, diag.JSONSingleQuotes},
	}
	for _, tc := range cases {
		_, diags := Parse(tc.in)
		var found bool
		for _, d := range diags {
			if d.Code != tc.code {
				continue
			}
			found = true
			fix, ok := d.Suggested()
			if got := tc.in[d.Span.Start:d.Span.End]; got != tc.span || !ok || fix != tc.fix {
				t.Errorf("%q: %s spans %q, fix %q (%v); want %q, fix %q", tc.in, d.Code, got, fix, ok, tc.span, tc.fix)
			}
		}
		if !found {
			t.Errorf("%q: no %s in %v", tc.in, tc.code, diags)
		}
	}
}
