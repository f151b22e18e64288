package sigv4

import (
	"encoding/hex"
	"net/textproto"
	"net/url"
	"testing"
	"time"

	"bucketlab/core/sign"
)

func TestURIEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		keepSlash bool
		want      string
	}{
		{"-._~AZaz09", false, "-._~AZaz09"},
		{"a b", false, "a%20b"},
		{"a+b", false, "a%2Bb"},
		{"a/b", false, "a%2Fb"},
		{"a/b", true, "a/b"},
		{"test$file.text", true, "test%24file.text"},
		{"ሴ", false, "%E1%88%B4"},
		{"%20", true, "%2520"},
		{"\x00\xff", false, "%00%FF"},
		{"*'()!", false, "%2A%27%28%29%21"},
	}
	for _, tc := range tests {
		if got := uriEncode(tc.in, tc.keepSlash); got != tc.want {
			t.Errorf("uriEncode(%q, %v) = %q, want %q", tc.in, tc.keepSlash, got, tc.want)
		}
	}
}

// TestWirePath: S3 sends the key UriEncoded; other services send what Go's
// url.URL.EscapedPath writes (checked against it).
func TestWirePath(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/", "/a b/c", "/example/$delete", "/ሴ", "/a+b&c=d;e:f@g,h", "/!'()*", "/%41", "/?#[]", "/\x00\x7f", "/a//b/../c"} {
		want := (&url.URL{Path: p}).EscapedPath()
		if got := wirePath(p, false); got != want {
			t.Errorf("wirePath(%q, false) = %q, want EscapedPath's %q", p, got, want)
		}
		if got, want := wirePath(p, true), uriEncode(p, true); got != want {
			t.Errorf("wirePath(%q, true) = %q, want %q", p, got, want)
		}
	}
}

func TestCanonicalURI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		wire          string
		s3, normalize bool
		want          string
	}{
		{"", false, true, "/"},
		{"", true, false, "/"},
		{"/example/..", false, true, "/"},
		{"/example1/example2/../..", false, true, "/"},
		{"/./example", false, true, "/example"},
		{"//example//", false, true, "/example/"},
		{"/a/b/..", false, true, "/a/"},
		{"/a/./", false, true, "/a/"},
		{"/..", false, true, "/"},
		{"/example/..", false, false, "/example/.."},
		{"//example//", false, false, "//example//"},
		{"/%20/foo", false, true, "/%2520/foo"},
		{"/example/$delete", false, true, "/example/%24delete"},
		{"/my-object//example//photo.user", true, false, "/my-object//example//photo.user"},
		{"/test%24file.text", true, false, "/test%24file.text"},
	}
	for _, tc := range tests {
		if got := canonicalURI(tc.wire, tc.s3, tc.normalize); got != tc.want {
			t.Errorf("canonicalURI(%q, s3=%v, normalize=%v) = %q, want %q", tc.wire, tc.s3, tc.normalize, got, tc.want)
		}
	}
}

// TestCanonicalQueryString: sorted after encoding, byte order (SIGNING.md
// §3.1 rule 4; the SDK's EncodeQuery comment explains "a/b" vs "a-b").
func TestCanonicalQueryString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []param
		want string
	}{
		{"empty", nil, ""},
		{"no value", []param{{"lifecycle", ""}}, "lifecycle="},
		{"encoded order", []param{{"Param-3", "Value3"}, {"Param", "Value2"}, {"ሴ", "Value1"}}, "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"},
		{"same key, value order", []param{{"Param1", "value2"}, {"Param1", "Value1"}}, "Param1=Value1&Param1=value2"},
		{"case differs", []param{{"b", "1"}, {"B", "2"}}, "B=2&b=1"},
		{"sort after encoding", []param{{"a/b", ""}, {"a-b", ""}}, "a%2Fb=&a-b="},
		{"space and plus", []param{{"k", "a b+c"}}, "k=a%20b%2Bc"},
		{"credential", []param{{"X-Amz-Credential", "AK/20150830/us-east-1/s3/aws4_request"}}, "X-Amz-Credential=AK%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"},
	}
	for _, tc := range tests {
		if got := canonicalQueryString(tc.in); got != tc.want {
			t.Errorf("%s: canonicalQueryString(%v) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestTrimall(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{" value1", "value1"},
		{`"a   b   c"`, `"a b c"`},
		{"  a  b  ", "a b"},
		{"a\tb", "a\tb"},
		{"\ta  b\t", "a b"},
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range tests {
		if got := trimall(tc.in); got != tc.want {
			t.Errorf("trimall(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCanonicalHeaders(t *testing.T) {
	t.Parallel()
	fields := []field{
		{"x-amz-date", []string{"20150830T123600Z"}},
		{"host", []string{"example.amazonaws.com"}},
		{"my-header1", []string{"value4", " value1 ", "value3"}},
	}
	canon, signed := canonicalHeaders(fields, false)
	if want := "host:example.amazonaws.com\nmy-header1:value4,value1,value3\nx-amz-date:20150830T123600Z\n"; canon != want {
		t.Errorf("canonical headers = %q, want %q", canon, want)
	}
	if want := "host;my-header1;x-amz-date"; signed != want {
		t.Errorf("signed headers = %q, want %q", signed, want)
	}
	if canon, _ := canonicalHeaders(fields, true); canon != "host:example.amazonaws.com\nmy-header1:value1,value3,value4\nx-amz-date:20150830T123600Z\n" {
		t.Errorf("sorted values: %q", canon)
	}
}

// TestHeaderNamesDifferingByCase: "My-Header" and "my-header" are one
// header, values in request order.
func TestHeaderNamesDifferingByCase(t *testing.T) {
	t.Parallel()
	req := sign.Request{Method: "GET", Host: "example.amazonaws.com", Path: "/", Headers: []sign.Header{
		{Name: "My-Header", Value: "b"}, {Name: "x-amz-meta-k", Value: "1"}, {Name: "my-header", Value: "a"}, {Name: "X-AMZ-META-K", Value: "2"}}}
	s, err := Sign(req, sign.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}, Options{Time: sdkTime, Region: "us-east-1", Service: "s3", S3: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "GET\n/\n\nhost:example.amazonaws.com\nmy-header:b,a\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20261123T100000Z\nx-amz-meta-k:1,2\n\nhost;my-header;x-amz-content-sha256;x-amz-date;x-amz-meta-k\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if got := stepsOf(s)["CanonicalRequest"]; got != want {
		t.Errorf("canonical request =\n%s\nwant\n%s", got, want)
	}
}

func TestCanonicalKey(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"x-amz-date", "X-AMZ-META-a", "content-md5", "x_y-z", "a--b", "1-a", "X-Amz-Grant-Full-control", "~-a"} {
		if got, want := canonicalKey(n), textproto.CanonicalMIMEHeaderKey(n); got != want {
			t.Errorf("canonicalKey(%q) = %q, textproto says %q", n, got, want)
		}
	}
}

func TestHoistName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"X-Amz-Foo", "X-Amz-Foo"},
		{"X-Amz-Acl", ""},
		{"X-Amz-Meta-Color", ""},
		{"X-Amz-Object-Lock-Mode", ""},
		{"X-Amz-Checksum-Crc32", ""},
		{"X-Amz-Checksum-Mode", "X-Amz-Checksum-Mode"},
		{"X-Amz-Request-Payer", "x-amz-request-payer"},
		{"X-Amz-Expected-Bucket-Owner", "x-amz-expected-bucket-owner"},
		{"X-Amz-Grant-Full-Control", "X-Amz-Grant-Full-Control"}, // the SDK's list spells it "Full-control"
		{"X-Amz-Grant-Read", ""},
		{"Content-Type", ""},
		{"X-Amzn-Trace-Id", ""},
	}
	for _, tc := range tests {
		if got := hoistName(tc.in); got != tc.want {
			t.Errorf("hoistName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDocSigningKeyAndIAMExample: the signing key and the IAM ListUsers
// example of AWS's "Signature Version 4 signing process" pages (General
// Reference, 2015-08-30 examples; the same values appear in many public
// test files).
func TestDocSigningKeyAndIAMExample(t *testing.T) {
	t.Parallel()
	secret := "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	for _, tc := range []struct {
		date time.Time
		want string
	}{
		{time.Date(2012, 2, 15, 0, 0, 0, 0, time.UTC), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"},
		{time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"},
	} {
		if got := hex.EncodeToString(signingKey(secret, tc.date, "us-east-1", "iam")); got != tc.want {
			t.Errorf("signingKey(%s, us-east-1, iam) = %s, want %s", tc.date.Format(dateFormat), got, tc.want)
		}
	}
	req := sign.Request{Method: "GET", Host: "iam.amazonaws.com", Path: "/",
		Query:   []sign.Param{{Key: "Action", Value: "ListUsers"}, {Key: "Version", Value: "2010-05-08"}},
		Headers: []sign.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded; charset=utf-8"}}}
	s, err := Sign(req, sign.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: secret},
		Options{Time: time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC), Region: "us-east-1", Service: "iam"})
	if err != nil {
		t.Fatal(err)
	}
	st := stepsOf(s)
	for name, want := range map[string]string{
		"HashedCanonicalRequest": "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
		"CredentialScope":        "20150830/us-east-1/iam/aws4_request",
		"SigningKey":             "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
		"Signature":              "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
	} {
		if st[name] != want {
			t.Errorf("%s = %q, want %q", name, st[name], want)
		}
	}
}

// TestStepsOrder: the steps are named and ordered as AWS documents them.
func TestStepsOrder(t *testing.T) {
	t.Parallel()
	req := sign.Request{Method: "GET", Host: "b.s3.amazonaws.com", Path: "/k"}
	cred := sign.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}
	for _, presign := range []bool{false, true} {
		opt := Options{Time: sdkTime, Region: "us-east-1", Service: "s3", S3: true, Presign: presign}
		last := "Authorization"
		if presign {
			opt.Expires, last = time.Hour, "PresignedURL"
		}
		s, err := Sign(req, cred, opt)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"CanonicalRequest", "HashedCanonicalRequest", "CredentialScope", "StringToSign", "SigningKey", "Signature", last}
		if len(s.Steps) != len(want) {
			t.Fatalf("presign=%v: %d steps, want %d", presign, len(s.Steps), len(want))
		}
		for i, st := range s.Steps {
			if st.Name != want[i] {
				t.Errorf("presign=%v: step %d is %s, want %s", presign, i, st.Name, want[i])
			}
		}
	}
}

// TestSignedRequest: what the header form sends.
func TestSignedRequest(t *testing.T) {
	t.Parallel()
	body := []byte("<CORSConfiguration/>")
	req := sign.Request{Method: "PUT", Host: "b.s3.amazonaws.com:443", Path: "/", Query: []sign.Param{{Key: "cors", NoValue: true}},
		Headers: []sign.Header{{Name: "Content-Type", Value: "application/xml"}, {Name: "Content-Length", Value: "20"}}, Body: body}
	cred := sign.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK", SessionToken: "TOKEN"}
	s, err := Sign(req, cred, Options{Time: sdkTime, Region: "us-east-1", Service: "s3", S3: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL != "https://b.s3.amazonaws.com/?cors" {
		t.Errorf("URL = %q", s.URL)
	}
	var names []string
	for _, h := range s.Headers {
		names = append(names, h.Name+": "+h.Value)
	}
	want := []string{"Host: b.s3.amazonaws.com", "Content-Type: application/xml", "Content-Length: 20", "X-Amz-Date: 20261123T100000Z",
		"X-Amz-Security-Token: TOKEN", "X-Amz-Content-Sha256: " + stepsOf(s)["CanonicalRequest"][len(stepsOf(s)["CanonicalRequest"])-64:]}
	for i, w := range want {
		if i >= len(names) || names[i] != w {
			t.Fatalf("headers = %q, want %q then Authorization", names, want)
		}
	}
	if a, _ := sign.Get(s.Headers, "Authorization"); a != stepsOf(s)["Authorization"] ||
		a != "AWS4-HMAC-SHA256 Credential=AK/20261123/us-east-1/s3/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="+stepsOf(s)["Signature"] {
		t.Errorf("Authorization = %q", a)
	}
	if string(s.Body) != string(body) || s.Method != "PUT" {
		t.Errorf("method %s body %q", s.Method, s.Body)
	}
}
