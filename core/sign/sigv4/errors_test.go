package sigv4

import (
	"strings"
	"testing"
	"time"

	"bucketlab/core/sign"
)

// TestErrors: wrong input gives an error that names the problem and says
// what to write instead (after the ';'), never a panic or a signature.
func TestErrors(t *testing.T) {
	t.Parallel()
	okReq := sign.Request{Method: "GET", Host: "b.s3.amazonaws.com", Path: "/k"}
	okCred := sign.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}
	okOpt := Options{Time: sdkTime, Region: "us-east-1", Service: "s3", S3: true}
	withHeader := func(name, value string) sign.Request {
		r := okReq
		r.Headers = []sign.Header{{Name: name, Value: value}}
		return r
	}
	tests := []struct {
		name string
		req  func(*sign.Request)
		cred func(*sign.Credentials)
		opt  func(*Options)
		want string
	}{
		{"empty method", func(r *sign.Request) { r.Method = "" }, nil, nil, "method is empty; write one of DELETE, GET"},
		{"lower-case method", func(r *sign.Request) { r.Method = "get" }, nil, nil, `method "get" must be upper case; write GET`},
		{"unknown method", func(r *sign.Request) { r.Method = "FETCH" }, nil, nil, `unknown method "FETCH"; write one of`},
		{"no credentials", nil, func(c *sign.Credentials) { *c = sign.Credentials{} }, nil, "credentials are missing; enter"},
		{"no access key", nil, func(c *sign.Credentials) { c.AccessKeyID = "" }, nil, "access key ID is empty"},
		{"no secret", nil, func(c *sign.Credentials) { c.SecretAccessKey = "" }, nil, "secret access key is empty"},
		{"access key with slash", nil, func(c *sign.Credentials) { c.AccessKeyID = "AK/X" }, nil, "access key ID contains \"/\""},
		{"token with newline", nil, func(c *sign.Credentials) { c.SessionToken = "a\nX-Evil: 1" }, nil, "session token contains a line break"},
		{"zero time", nil, nil, func(o *Options) { o.Time = time.Time{} }, "signing time is not set; pass Options.Time"},
		{"year 10000", nil, nil, func(o *Options) { o.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "outside years 0001–9999"},
		{"empty region", nil, nil, func(o *Options) { o.Region = "" }, "region is empty; write e.g. us-east-1"},
		{"region with slash", nil, nil, func(o *Options) { o.Region = "us/east" }, `region "us/east" contains "/"`},
		{"empty service", nil, nil, func(o *Options) { o.Service = "" }, "service is empty; write e.g. s3"},
		{"presign without expiry", nil, nil, func(o *Options) { o.Presign = true }, "needs an expiry between 1 s and 7 days"},
		{"presign 8 days", nil, nil, func(o *Options) { o.Presign, o.Expires = true, 8*24*time.Hour }, "longer than SigV4 allows"},
		{"presign 1.5 s", nil, nil, func(o *Options) { o.Presign, o.Expires = true, 1500*time.Millisecond }, "not a whole number of seconds; write 1 s"},
		{"expiry on header form", nil, nil, func(o *Options) { o.Expires = time.Hour }, "expires is set but the header form has no expiry"},
		{"header name with space", func(r *sign.Request) { *r = withHeader("Bad Name", "x") }, nil, nil, `header name "Bad Name" contains " "`},
		{"header name with colon", func(r *sign.Request) { *r = withHeader("X:Y", "x") }, nil, nil, `header name "X:Y" contains ":"`},
		{"empty header name", func(r *sign.Request) { *r = withHeader("", "x") }, nil, nil, "a header has an empty name"},
		{"header value CRLF", func(r *sign.Request) { *r = withHeader("X-A", "v\r\nX-Injected: 1") }, nil, nil, "header X-A contains a line break (CR or LF)"},
		{"header value LF", func(r *sign.Request) { *r = withHeader("X-A", "v\nw") }, nil, nil, "contains a line break"},
		{"header value CR", func(r *sign.Request) { *r = withHeader("X-A", "v\rw") }, nil, nil, "contains a line break"},
		{"header value NUL", func(r *sign.Request) { *r = withHeader("X-A", "v\x00") }, nil, nil, "control character 0x00; remove it"},
		{"path not UTF-8", func(r *sign.Request) { r.Path = "/k\xff" }, nil, nil, "is not valid UTF-8"},
		{"path without slash", func(r *sign.Request) { r.Path = "test$file.text" }, nil, nil, `must start with '/'; write /test$file.text`},
		{"query not UTF-8", func(r *sign.Request) { r.Query = []sign.Param{{Key: "prefix", Value: "\xc3"}} }, nil, nil, `query parameter "prefix" is not valid UTF-8`},
		{"query empty name", func(r *sign.Request) { r.Query = []sign.Param{{Key: "", Value: "v"}} }, nil, nil, "empty name"},
		{"query NoValue with value", func(r *sign.Request) { r.Query = []sign.Param{{Key: "cors", Value: "1", NoValue: true}} }, nil, nil, "write cors=1 or cors alone"},
		{"query already presigned", func(r *sign.Request) { r.Query = []sign.Param{{Key: "X-Amz-Signature", Value: "ab"}} }, nil, nil, "belongs to an already presigned URL"},
		{"scheme ftp", func(r *sign.Request) { r.Scheme = "ftp" }, nil, nil, `scheme "ftp" is not http or https`},
		{"no host", func(r *sign.Request) { r.Host = "" }, nil, nil, "the request has no host; set Request.Host"},
		{"host with path", func(r *sign.Request) { r.Host = "b.example/x" }, nil, nil, `host "b.example/x" contains "/"`},
		{"host header differs", func(r *sign.Request) { r.Headers = []sign.Header{{Name: "Host", Value: "other.example"}} }, nil, nil, "differs from the request host"},
		{"two host headers", func(r *sign.Request) {
			r.Headers = []sign.Header{{Name: "Host", Value: r.Host}, {Name: "host", Value: r.Host}}
		}, nil, nil, "two Host headers; keep one"},
		{"content-length mismatch", func(r *sign.Request) {
			r.Method, r.Body, r.Headers = "PUT", []byte("abc"), []sign.Header{{Name: "Content-Length", Value: "4"}}
		}, nil, nil, "Content-Length is 4 but the body has 3 bytes; write 3"},
		{"content-length not a number", func(r *sign.Request) { r.Headers = []sign.Header{{Name: "Content-Length", Value: "-1"}} }, nil, nil, `Content-Length "-1" is not a number of bytes`},
		{"content-length without body", func(r *sign.Request) { r.Headers = []sign.Header{{Name: "Content-Length", Value: "10"}} }, nil, nil, "but the body is empty; add the body"},
		{"UNSIGNED-PAYLOAD outside S3", nil, nil, func(o *Options) { o.S3, o.PayloadHash = false, UnsignedPayload }, "UNSIGNED-PAYLOAD is an S3 extension"},
		{"upper-case hash", nil, nil, func(o *Options) { o.PayloadHash = strings.Repeat("AB", 32) }, "must be lower-case hex; write abab"},
		{"garbage hash", nil, nil, func(o *Options) { o.PayloadHash = "sha256" }, "neither 64 hex digits"},
		{"streaming hash", nil, nil, func(o *Options) { o.PayloadHash = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" }, "is not supported"},
		{"hash not of body", func(r *sign.Request) { r.Method, r.Body = "PUT", []byte("x") }, nil, func(o *Options) { o.PayloadHash = strings.Repeat("0", 64) }, "is not the SHA-256 of the body"},
		{"content sha header differs", func(r *sign.Request) { *r = withHeader("X-Amz-Content-Sha256", UnsignedPayload) }, nil, nil, "header X-Amz-Content-Sha256 is \"UNSIGNED-PAYLOAD\" but the payload hash is e3b0"},
		{"presign with X-Amz-Date header", func(r *sign.Request) { *r = withHeader("X-Amz-Date", "20261123T100000Z") }, nil, func(o *Options) { o.Presign, o.Expires = true, time.Hour }, "remove the X-Amz-Date header"},
		{"presign with Authorization", func(r *sign.Request) { *r = withHeader("Authorization", "x") }, nil, func(o *Options) { o.Presign, o.Expires = true, time.Hour }, "remove the Authorization header"},
		{"presign token twice", func(r *sign.Request) { *r = withHeader("X-Amz-Security-Token", "t") }, func(c *sign.Credentials) { c.SessionToken = "t" }, func(o *Options) { o.Presign, o.Expires = true, time.Hour }, "remove the X-Amz-Security-Token header"},
		{"presign header also in query", func(r *sign.Request) {
			*r = withHeader("X-Amz-Foo", "1")
			r.Query = []sign.Param{{Key: "X-Amz-Foo", Value: "2"}}
		}, nil, func(o *Options) { o.Presign, o.Expires = true, time.Hour }, "X-Amz-Foo is both a header and a query parameter; keep one"},
		{"sign Authorization", nil, nil, func(o *Options) { o.SignedHeaders = []string{"authorization"} }, "Authorization carries the signature and cannot be signed"},
		{"sign absent header", nil, nil, func(o *Options) { o.SignedHeaders = []string{"User-Agent"} }, "signed headers name User-Agent but the request has no such header"},
		{"sign bad name", nil, nil, func(o *Options) { o.SignedHeaders = []string{"a b"} }, `signed headers: header name "a b"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, cred, opt := okReq, okCred, okOpt
			if tc.req != nil {
				tc.req(&req)
			}
			if tc.cred != nil {
				tc.cred(&cred)
			}
			if tc.opt != nil {
				tc.opt(&opt)
			}
			s, err := Sign(req, cred, opt)
			if err == nil {
				t.Fatalf("Sign succeeded (%s), want an error containing %q", s.URL, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), "; ") {
				t.Errorf("error %q does not say what to write instead", err)
			}
			if len(s.Steps) != 0 || s.URL != "" {
				t.Errorf("an error came with a signed request: %+v", s)
			}
		})
	}
}

// TestAccepted: input that looks odd but is signed (the opposite of TestErrors).
func TestAccepted(t *testing.T) {
	t.Parallel()
	cred := sign.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}
	opt := Options{Time: sdkTime, Region: "us-east-1", Service: "s3", S3: true}
	tests := []struct {
		name string
		req  sign.Request
		opt  Options
	}{
		{"empty path is /", sign.Request{Method: "GET", Host: "b.example"}, opt},
		{"host from the Host header", sign.Request{Method: "GET", Path: "/", Headers: []sign.Header{{Name: "host", Value: "b.example"}}}, opt},
		{"tab in a header value", sign.Request{Method: "GET", Host: "b.example", Path: "/", Headers: []sign.Header{{Name: "X-A", Value: "a\tb"}}}, opt},
		{"UTF-8 in a header value", sign.Request{Method: "GET", Host: "b.example", Path: "/", Headers: []sign.Header{{Name: "X-Amz-Meta-N", Value: "ü"}}}, opt},
		{"control bytes in a key", sign.Request{Method: "GET", Host: "b.example", Path: "/a\x01b"}, opt},
		{"Content-Length 0 without body", sign.Request{Method: "PUT", Host: "b.example", Path: "/k", Headers: []sign.Header{{Name: "Content-Length", Value: "0"}}}, opt},
		{"matching X-Amz-Content-Sha256", sign.Request{Method: "GET", Host: "b.example", Path: "/", Headers: []sign.Header{{Name: "x-amz-content-sha256", Value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}}, opt},
		{"User-Agent signed on request", sign.Request{Method: "GET", Host: "b.example", Path: "/", Headers: []sign.Header{{Name: "User-Agent", Value: "x"}}},
			Options{Time: sdkTime, Region: "us-east-1", Service: "s3", S3: true, SignedHeaders: []string{"user-agent"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Sign(tc.req, cred, tc.opt); err != nil {
				t.Errorf("Sign: %v", err)
			}
		})
	}
}

// TestSignedHeadersOption: the option adds what the default leaves out.
func TestSignedHeadersOption(t *testing.T) {
	t.Parallel()
	cred := sign.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}
	req := sign.Request{Method: "GET", Host: "b.example", Path: "/", Headers: []sign.Header{{Name: "User-Agent", Value: "x"}, {Name: "X-Amz-Foo", Value: "1"}}}
	tests := []struct {
		name    string
		opt     Options
		want    string
		inQuery bool
	}{
		{"default header form", Options{}, "host;x-amz-content-sha256;x-amz-date;x-amz-foo", false},
		{"header form + user-agent", Options{SignedHeaders: []string{"User-Agent"}}, "host;user-agent;x-amz-content-sha256;x-amz-date;x-amz-foo", false},
		{"default presigned: x-amz-foo hoisted", Options{Presign: true, Expires: time.Hour}, "host", true},
		{"presigned, x-amz-foo kept a header", Options{Presign: true, Expires: time.Hour, SignedHeaders: []string{"x-amz-foo"}}, "host;x-amz-foo", false},
	}
	for _, tc := range tests {
		opt := tc.opt
		opt.Time, opt.Region, opt.Service, opt.S3 = sdkTime, "us-east-1", "s3", true
		s, err := Sign(req, cred, opt)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		creq := strings.Split(stepsOf(s)["CanonicalRequest"], "\n")
		if got := creq[len(creq)-2]; got != tc.want {
			t.Errorf("%s: SignedHeaders = %q, want %q", tc.name, got, tc.want)
		}
		if got := strings.Contains(s.URL, "X-Amz-Foo=1"); got != tc.inQuery {
			t.Errorf("%s: X-Amz-Foo in the URL = %v, want %v (%s)", tc.name, got, tc.inQuery, s.URL)
		}
	}
}
