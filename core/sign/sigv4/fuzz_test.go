package sigv4

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"bucketlab/core/sign"
)

// FuzzSign: for any method, path, header and query, Sign either refuses
// with an error or returns a well-formed signature; it never panics, never
// signs a header value carrying CR or LF, and is deterministic.
func FuzzSign(f *testing.F) {
	f.Add("GET", "/", "Host", "example.amazonaws.com", "", "", false, false, []byte(nil))
	f.Add("PUT", "/test$file.text", "x-amz-storage-class", "REDUCED_REDUNDANCY", "", "", false, true, []byte("Welcome to Amazon S3."))
	f.Add("GET", "/example/../a b/ሴ", "My-Header1", "  a   b  ", "Param1", "value1", false, false, []byte(nil))
	f.Add("GET", "/test.txt", "X-Amz-Foo", "bar", "cors", "", true, true, []byte(nil))
	f.Add("POST", "//x//./..", "Content-Length", "3", "ሴ", "+ &", true, false, []byte("a=b"))
	f.Add("get", "no-slash", "Bad Name", "v\r\nX-Evil: 1", "X-Amz-Signature", "x", false, true, []byte{0xff})
	f.Fuzz(func(t *testing.T, method, path, hname, hvalue, qkey, qvalue string, presign, s3 bool, body []byte) {
		req := sign.Request{Method: method, Host: "bucket.s3.amazonaws.com", Path: path, Body: body,
			Headers: []sign.Header{{Name: hname, Value: hvalue}}}
		if qkey != "" || qvalue != "" {
			req.Query = []sign.Param{{Key: qkey, Value: qvalue, NoValue: qvalue == ""}}
		}
		cred := sign.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}
		opt := Options{Time: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Region: "us-east-1", Service: "s3", S3: s3, Presign: presign}
		if presign {
			opt.Expires = time.Hour
		}
		s, err := Sign(req, cred, opt)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if strings.ContainsAny(hvalue, "\r\n") {
			t.Fatalf("signed a header value with CR/LF: %q", hvalue)
		}
		if !utf8.ValidString(path) {
			t.Fatalf("signed a non-UTF-8 path %q", path)
		}
		st := stepsOf(s)
		if sig := st["Signature"]; len(sig) != 64 || !isHex(sig) {
			t.Fatalf("signature %q", sig)
		}
		for _, h := range s.Headers {
			if strings.ContainsAny(h.Name+h.Value, "\r\n") {
				t.Fatalf("output header %q: %q", h.Name, h.Value)
			}
		}
		for i := 0; i < len(s.URL); i++ {
			if c := s.URL[i]; c <= ' ' || c >= 0x7f {
				t.Fatalf("URL has byte %#x: %q", c, s.URL)
			}
		}
		if presign != (st["PresignedURL"] != "") || presign == (st["Authorization"] != "") {
			t.Fatalf("presign=%v but steps %v", presign, s.Steps)
		}
		again, err := Sign(req, cred, opt)
		if err != nil || again.URL != s.URL || stepsOf(again)["Signature"] != st["Signature"] {
			t.Fatalf("not deterministic: %v", err)
		}
	})
}
