package xmldec

import (
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/syntax/xmlsyn"
)

func TestChildren(t *testing.T) {
	t.Parallel()
	in := `<CORSRule><allowedOrigin>a</allowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>` +
		`<MaxAgeSeconds>1</MaxAgeSeconds><MaxAgeSeconds>2</MaxAgeSeconds><AllowedHeadr>x</AllowedHeadr><Zebra/></CORSRule>`
	root, diags := xmlsyn.Parse(in)
	if root == nil {
		t.Fatal(diags)
	}
	r := New()
	got := r.Children(root, "a CORS rule", []Field{{"AllowedOrigin", true}, {"AllowedMethod", true}, {"AllowedHeader", true}, {"MaxAgeSeconds", false}})
	if len(got["AllowedOrigin"]) != 1 || len(got["AllowedMethod"]) != 2 || len(got["MaxAgeSeconds"]) != 1 {
		t.Errorf("children = %v", got)
	}
	var codes []diag.Code
	for _, d := range r.Diags {
		codes = append(codes, d.Code)
	}
	want := []diag.Code{diag.XMLElementCase, diag.XMLDuplicate, diag.XMLUnknownElem, diag.XMLUnknownElem}
	if len(codes) != len(want) {
		t.Fatalf("codes = %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Errorf("codes = %v, want %v", codes, want)
		}
	}
	if r.Diags[2].Suggestion != "AllowedHeader" {
		t.Errorf("suggestion = %q", r.Diags[2].Suggestion)
	}
	if v, ok := r.Int(got["MaxAgeSeconds"][0], "/m"); !ok || v != 1 {
		t.Errorf("Int = %d %v", v, ok)
	}
}
