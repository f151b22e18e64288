package xmlsyn

import (
	"encoding/xml"
	"strings"
	"testing"

	"bucketlab/core/diag"
)

func TestParseTree(t *testing.T) {
	t.Parallel()
	in := `<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Grantee xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>
  <Empty/><Empty></Empty>
  <T> a &amp; b </T><!-- note -->
</AccessControlPolicy>`
	root, diags := Parse(in)
	if root == nil {
		t.Fatalf("Parse: %v", diags)
	}
	if root.Local != "AccessControlPolicy" || root.Space != "http://s3.amazonaws.com/doc/2006-03-01/" || len(root.Children) != 4 {
		t.Fatalf("root = %s %s with %d children", root.Local, root.Space, len(root.Children))
	}
	g := root.Children[0]
	typ, ok := g.Attr("type")
	if !ok || typ.Value != "Group" || typ.Prefix != "xsi" || typ.Space != "http://www.w3.org/2001/XMLSchema-instance" ||
		in[typ.NameSpan.Start:typ.NameSpan.End] != "xsi:type" || in[typ.ValueSpan.Start:typ.ValueSpan.End] != "Group" {
		t.Errorf("xsi:type attr = %+v", typ)
	}
	uri := g.Children[0]
	if uri.Text != "http://acs.amazonaws.com/groups/global/AllUsers" || in[uri.TextSpan.Start:uri.TextSpan.End] != uri.Text {
		t.Errorf("URI text %q span %q", uri.Text, in[uri.TextSpan.Start:uri.TextSpan.End])
	}
	if in[g.Span.Start:g.Span.End] != `<Grantee xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>` {
		t.Errorf("Grantee span %q", in[g.Span.Start:g.Span.End])
	}
	if in[g.NameSpan.Start:g.NameSpan.End] != "Grantee" {
		t.Errorf("name span %q", in[g.NameSpan.Start:g.NameSpan.End])
	}
	if e := root.Children[1]; e.Local != "Empty" || in[e.Span.Start:e.Span.End] != "<Empty/>" {
		t.Errorf("self-closing span %q", in[e.Span.Start:e.Span.End])
	}
	if tx := root.Children[3]; tx.Text != "a & b" || in[tx.TextSpan.Start:tx.TextSpan.End] != "a &amp; b" {
		t.Errorf("text %q raw %q", tx.Text, in[tx.TextSpan.Start:tx.TextSpan.End])
	}
}

func TestSelfClosingInsideSameName(t *testing.T) {
	t.Parallel()
	root, diags := Parse(`<a><a/><b>x</b></a>`)
	if root == nil || len(root.Children) != 2 || root.Children[1].Text != "x" {
		t.Fatalf("Parse = %+v, %v", root, diags)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in  string
		wantCode  diag.Code
		wantStart int
	}{
		{"empty", "  \n", diag.DocumentEmpty, 0},
		{"mismatched", "<a><b></a>", diag.XMLSyntax, 6},
		{"unclosed", "<a><b></b>", diag.XMLSyntax, 1},
		{"doctype", `<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>`, diag.XMLDoctype, 0},
		{"unknown entity", "<a>&nope;</a>", diag.XMLSyntax, 3},
		{"two roots", "<a/><b/>", diag.XMLTrailing, 4},
		{"text after", "<a/> junk", diag.XMLTrailing, 5},
		{"text before", "junk<a/>", diag.XMLSyntax, 0},
		{"too deep", strings.Repeat("<a>", MaxDepth+1) + strings.Repeat("</a>", MaxDepth+1), diag.XMLTooDeep, 3 * MaxDepth},
		{"invalid utf8", "<a>\xff</a>", diag.JSONInvalidUTF8, 3},
		{"stray close", "</a>", diag.XMLSyntax, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, diags := Parse(tc.in)
			if root != nil || len(diags) != 1 {
				t.Fatalf("Parse(%q) = %v, %v; want one error", tc.in, root, diags)
			}
			if d := diags[0]; d.Code != tc.wantCode || d.Span.Start != tc.wantStart {
				t.Errorf("Parse(%q) = %s at %d (%s), want %s at %d", tc.in, d.Code, d.Span.Start, d.Message, tc.wantCode, tc.wantStart)
			}
		})
	}
}

// FuzzParse: no panic, spans inside the input and ordered, and every
// document encoding/xml rejects is rejected here too.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>`,
		`<a xmlns:x="u" x:y="1"><b/>t&amp;</a>`, `<!DOCTYPE x><x/>`, `<a><b></a>`, "<a>\x00</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		root, diags := Parse(in)
		for _, d := range diags {
			if d.Span.Start < 0 || d.Span.Start > d.Span.End || d.Span.End > len(in) {
				t.Fatalf("diagnostic span %v outside %d bytes", d.Span, len(in))
			}
		}
		var walk func(e *Element)
		walk = func(e *Element) {
			for _, s := range []diag.Span{e.Span, e.NameSpan, e.TextSpan} {
				if s.Start < 0 || s.Start > s.End || s.End > len(in) {
					t.Fatalf("element %s span %v outside %d bytes", e.Local, s, len(in))
				}
			}
			for _, a := range e.Attrs {
				if a.ValueSpan.End > len(in) || a.ValueSpan.Start > a.ValueSpan.End {
					t.Fatalf("attr span %v", a.ValueSpan)
				}
			}
			for _, c := range e.Children {
				walk(c)
			}
		}
		if root != nil {
			walk(root)
			d := xml.NewDecoder(strings.NewReader(in))
			for {
				_, err := d.Token()
				if err != nil {
					if err.Error() != "EOF" && !strings.Contains(err.Error(), "EOF") {
						t.Fatalf("Parse accepted %q, encoding/xml says %v", in, err)
					}
					break
				}
			}
		}
	})
}
