package acl

import (
	"reflect"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

// inside fails when a diagnostic's span leaves the input.
func inside(t *testing.T, in string, diags diag.List) {
	t.Helper()
	for _, d := range diags {
		if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
			t.Fatalf("%s: span %v outside %d bytes", d.Code, d.Span, len(in))
		}
	}
}

// checkDecoded validates a decoded model, checks every span, and, when the
// model has no error, that its wire reads back as the same model.
func checkDecoded(t *testing.T, in string, a *ACL, loc *diag.Locator, diags diag.List, id provider.ID, f provider.Format) {
	t.Helper()
	inside(t, in, diags)
	if a == nil {
		return
	}
	p := profile(t, id)
	more := Validate(*a, p, f)
	loc.Resolve(more)
	inside(t, in, more)
	if diags.HasErrors() || more.HasErrors() {
		return
	}
	got, _ := encodeDecode(t, *a, id, f, p)
	if f == provider.Headers {
		return // the wire groups grants by header; the order may change
	}
	if !reflect.DeepEqual(*got, *a) {
		t.Fatalf("valid model does not survive its wire:\n got %s\nwant %s", dump(*got), dump(*a))
	}
}

// FuzzDecodeXML: any text decodes without panic as an S3 and a COS body,
// every position lies inside the input, and a valid body's wire reads back
// as the same model.
func FuzzDecodeXML(f *testing.F) {
	f.Add(s3Body(s3Grant("CanonicalUser", "<ID>"+s3User+"</ID><DisplayName>a&amp;b</DisplayName>", "READ")))
	f.Add(s3Body(`<Grant><Grantee type="Group" xsi:type="x"><URI>` + allS3 + `</URI></Grantee><Permission>WRITE</Permission></Grant>`))
	f.Add(cosBody(`<Grant><Grantee type="RootAccount"><ID>` + cosUser + `</ID></Grantee><Permission>READ</Permission></Grant>`))
	f.Add(`<AccessControlPolicy><Owner/><AccessControlList><Grant/><Grant><Grantee/><Permission/></Grant></AccessControlList></AccessControlPolicy>`)
	f.Fuzz(func(t *testing.T, in string) {
		root, diags := xmlsyn.Parse(in)
		inside(t, in, diags)
		if root == nil {
			return
		}
		for _, id := range []provider.ID{provider.S3, provider.COS} {
			a, loc, diags := DecodeXML(root, profile(t, id))
			checkDecoded(t, in, a, loc, diags, id, provider.XML)
		}
	})
}

// FuzzDecodeHeaders: any text decodes without panic in both header forms,
// every position (down to a grantee inside a value) lies inside the input,
// and a valid header block's wire decodes without errors.
func FuzzDecodeHeaders(f *testing.F) {
	f.Add("x-amz-acl: private\n")
	f.Add("x-amz-grant-read: id=\"" + s3User + "\", uri=" + allS3 + ",, emailAddress=\"a@b\" x\r\nContent-Length: 0")
	f.Add("x-cos-acl: public-read\nx-cos-grant-write: id=\"100000000002\",id=\"1/2\"\nx-amz-acl: private\n  folded\n")
	f.Add("x-amz-grant-write: id=\"unclosed\n: v\nPUT / HTTP/1.1\n")
	f.Fuzz(func(t *testing.T, in string) {
		for _, id := range []provider.ID{provider.S3, provider.COS} {
			a, loc, diags := DecodeHeaders(in, profile(t, id))
			checkDecoded(t, in, a, loc, diags, id, provider.Headers)
		}
	})
}

// FuzzParseHeaderLines: the line parser never panics, its spans mark the
// name and value it returns.
func FuzzParseHeaderLines(f *testing.F) {
	f.Add("a: b\r\n\nc:d\n e: f\n")
	f.Add(":\n\x00: \x7f\n")
	f.Fuzz(func(t *testing.T, in string) {
		lines, diags := ParseHeaderLines(in)
		inside(t, in, diags)
		for _, l := range lines {
			if in[l.NameSpan.Start:l.NameSpan.End] != l.Name || in[l.ValueSpan.Start:l.ValueSpan.End] != l.Value {
				t.Fatalf("spans of %+v do not mark its name and value in %q", l, in)
			}
			parseGrantValue(l) // never panics; its spans are checked by FuzzDecodeHeaders
		}
	})
}

// FuzzDecodeQingStor: any JSON decodes without panic, positions lie inside
// the input, a valid document's wire reads back as the same model.
func FuzzDecodeQingStor(f *testing.F) {
	f.Add(`{"acl":[{"grantee":{"type":"user","id":"usr-1mvNCzZu"},"permission":"READ"}]}`)
	f.Add(`{"acl":[{"grantee":{"type":"group","name":"QS_ALL_USERS","id":5},"permission":"WRITE"},"x",{}]}`)
	f.Add(`{"ACL":{},"acl":[]}`)
	f.Fuzz(func(t *testing.T, in string) {
		root, diags := jsonsyn.Parse(in)
		inside(t, in, diags)
		if root == nil {
			return
		}
		a, loc, diags := DecodeQingStor(root)
		checkDecoded(t, in, a, loc, diags, provider.QingStor, provider.JSON)
	})
}
