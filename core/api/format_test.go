package api

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

type formatAnswer struct {
	OK          bool
	Error       *ErrorBody
	Value       FormatValue
	Diagnostics []Diagnostic
}

func callFormat(t testing.TB, format, style, src string) formatAnswer {
	t.Helper()
	req, _ := json.Marshal(FormatRequest{Format: format, Source: src, Style: style})
	var a formatAnswer
	if err := json.Unmarshal(Call("format", req), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, format, style, in, want string
	}{
		{"json pretty", "json", "pretty", `{"b":[1, 2.50, -0E+1],"a":{"x":"\u00e9\/"},"a":[],"e":{}}`,
			"{\n  \"b\": [\n    1,\n    2.50,\n    -0E+1\n  ],\n  \"a\": {\n    \"x\": \"\\u00e9\\/\"\n  },\n  \"a\": [],\n  \"e\": {}\n}"},
		{"json minify", "json", "minify", "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\": [ { \"Effect\": \"Allow\" } ]\n}\n",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}`},
		{"json scalar", "json", "pretty", ` "x" `, `"x"`},
		{"xml pretty", "xml", "pretty", `<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration   xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><!-- one rule --><CORSRule><AllowedOrigin>
  https://a.example?x=1&amp;y=2 </AllowedOrigin><AllowedMethod>GET</AllowedMethod><ID/><ExposeHeader><![CDATA[ETag]]></ExposeHeader></CORSRule></CORSConfiguration>`,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n  <!-- one rule -->\n  <CORSRule>\n    <AllowedOrigin>https://a.example?x=1&amp;y=2</AllowedOrigin>\n    <AllowedMethod>GET</AllowedMethod>\n    <ID/>\n    <ExposeHeader><![CDATA[ETag]]></ExposeHeader>\n  </CORSRule>\n</CORSConfiguration>"},
		{"xml minify", "xml", "minify", "<AccessControlPolicy>\n  <Grant>\n    <Grantee xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'\n       xsi:type = \"Group\">\n      <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>\n    </Grantee>\n  </Grant>\n</AccessControlPolicy>\n",
			`<AccessControlPolicy><Grant><Grantee xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee></Grant></AccessControlPolicy>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := callFormat(t, tc.format, tc.style, tc.in)
			if !a.OK || len(a.Diagnostics) > 0 {
				t.Fatalf("format: %+v %+v", a.Error, a.Diagnostics)
			}
			if a.Value.Source != tc.want {
				t.Errorf("got\n%s\nwant\n%s", a.Value.Source, tc.want)
			}
			if again := callFormat(t, tc.format, tc.style, a.Value.Source); again.Value.Source != tc.want {
				t.Errorf("not idempotent:\n%s", again.Value.Source)
			}
		})
	}
}

func TestFormatRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, format, in, code string }{
		{"json syntax", "json", `{"a":1 "b":2}`, "json-syntax"},
		{"json comment", "json", "{\"a\": 1 // x\n}", "json-comment"},
		{"json empty", "json", "  ", "document-empty"},
		{"xml syntax", "xml", `<a><b></a>`, "xml-syntax"},
		{"xml doctype", "xml", `<!DOCTYPE a><a/>`, "xml-doctype"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := callFormat(t, tc.format, "pretty", tc.in)
			if !a.OK || a.Value.Source != "" || len(a.Diagnostics) == 0 || a.Diagnostics[0].Code != tc.code {
				t.Errorf("format(%q) = %+v, want no source and %s", tc.in, a, tc.code)
			}
		})
	}
	for _, req := range []string{`{"format":"headers","source":"x-amz-acl: private"}`, `{"format":"json","source":"{}","style":"tidy"}`} {
		var a formatAnswer
		if json.Unmarshal(Call("format", []byte(req)), &a); a.OK || a.Error.Code != CodeBadRequest {
			t.Errorf("%s: %+v, want bad-request", req, a)
		}
	}
	// A duplicate key is kept, not refused.
	if a := callFormat(t, "json", "minify", `{"a": 1, "a": 2}`); a.Value.Source != `{"a":1,"a":2}` {
		t.Errorf("duplicates: %+v", a)
	}
}

// FuzzFormat: formatting never fails on readable text, the result reads as
// the same tree (keys in order, duplicates, literals as written; XML names,
// attributes and trimmed text), and formatting it again changes nothing.
func FuzzFormat(f *testing.F) {
	f.Add(true, `{"a":[1,{"b":null}],"c":"\u0041"}`)
	f.Add(false, `<a x="1"><b>t</b><!--c--><c/></a>`)
	f.Add(false, "<?xml version=\"1.0\"?>\n<a>\n x <b/> y </a>")
	f.Add(true, `[true,false,"x\"y",-1.5e3]`)
	f.Fuzz(func(t *testing.T, isJSON bool, src string) {
		if !utf8.ValidString(src) {
			return // a JSON request cannot carry it (json.Marshal writes U+FFFD)
		}
		format := "xml"
		if isJSON {
			format = "json"
		}
		for _, style := range []string{"pretty", "minify"} {
			a := callFormat(t, format, style, src)
			if !a.OK {
				t.Fatalf("format %s %q: %+v", style, src, a.Error)
			}
			if a.Value.Source == "" {
				continue
			}
			if isJSON {
				r1, _ := jsonsyn.Parse(src)
				r2, d2 := jsonsyn.Parse(a.Value.Source)
				if r2 == nil || refuses(d2) || dumpJSON(r1) != dumpJSON(r2) {
					t.Fatalf("format %s %q = %q, which reads %s (%v), not %s", style, src, a.Value.Source, dumpJSON(r2), d2, dumpJSON(r1))
				}
			} else {
				r1, _ := xmlsyn.Parse(src)
				r2, d2 := xmlsyn.Parse(a.Value.Source)
				if r2 == nil || dumpXML(r1) != dumpXML(r2) {
					t.Fatalf("format %s %q = %q, which reads %s (%v), not %s", style, src, a.Value.Source, dumpXML(r2), d2, dumpXML(r1))
				}
			}
			if again := callFormat(t, format, style, a.Value.Source); again.Value.Source != a.Value.Source {
				t.Fatalf("format %s of %q is not idempotent: %q then %q", style, src, a.Value.Source, again.Value.Source)
			}
		}
	})
}

func dumpJSON(n *jsonsyn.Node) string {
	if n == nil {
		return "<nil>"
	}
	switch n.Kind {
	case jsonsyn.Object:
		var parts []string
		for _, m := range n.Members {
			parts = append(parts, strconv.Quote(m.Key)+":"+dumpJSON(m.Value))
		}
		return "{" + strings.Join(parts, ",") + "}"
	case jsonsyn.Array:
		var parts []string
		for _, e := range n.Elems {
			parts = append(parts, dumpJSON(e))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case jsonsyn.String:
		return strconv.Quote(n.Text)
	}
	return n.Text
}

func dumpXML(e *xmlsyn.Element) string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("<" + e.Name() + " ns=" + strconv.Quote(e.Space))
	for _, a := range e.Attrs {
		b.WriteString(" " + a.Prefix + ":" + a.Local + "=" + strconv.Quote(a.Value))
	}
	b.WriteString(">" + strconv.Quote(e.Text))
	for _, c := range e.Children {
		b.WriteString(dumpXML(c))
	}
	b.WriteString("</>")
	return b.String()
}
