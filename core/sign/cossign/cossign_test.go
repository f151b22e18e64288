package cossign

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"bucketlab/core/sign"
)

var (
	docCred = sign.Credentials{AccessKeyID: "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", SecretAccessKey: "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz"}
	docOpt  = Options{SignStart: time.Unix(1557989151, 0), SignEnd: time.Unix(1557996351, 0)}
)

// docPut is the documentation's PUT Object example.
func docPut() sign.Request {
	return sign.Request{
		Method: "PUT", Host: "examplebucket-1250000000.cos.ap-beijing.myqcloud.com", Path: "/exampleobject(腾讯云)",
		Headers: []sign.Header{
			{Name: "Date", Value: "Thu, 16 May 2019 06:45:51 GMT"},
			{Name: "Content-Type", Value: "text/plain"},
			{Name: "Content-Length", Value: "13"},
			{Name: "Content-MD5", Value: "mQ/fVh815F3k6TAUm8m0eg=="},
			{Name: "x-cos-acl", Value: "private"},
			{Name: "x-cos-grant-read", Value: `uin="100000000011"`},
		},
		Body: []byte("ObjectContent"),
	}
}

func steps(s sign.Signed) map[string]string {
	m := map[string]string{}
	for _, st := range s.Steps {
		m[st.Name] = st.Value
	}
	return m
}

func TestURLEncode(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"unreserved kept", "AZaz09-_.~", "AZaz09-_.~"},
		{"space", "a b", "a%20b"},
		{"sub-delims encoded", "!'()*", "%21%27%28%29%2A"},
		{"plus and equals", "a+b=c", "a%2Bb%3Dc"},
		{"the doc's table", ` "#$%&,/:;<>?@[\]^` + "`{|}", "%20%22%23%24%25%26%2C%2F%3A%3B%3C%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D"},
		{"utf-8 upper-case hex", "腾讯云", "%E8%85%BE%E8%AE%AF%E4%BA%91"},
		{"control and invalid bytes", "\x00\t\xff", "%00%09%FF"},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := urlEncode(tc.in); got != tc.want {
				t.Errorf("urlEncode(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEscapePath(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"/", "/"},
		{"/exampleobject(腾讯云)", "/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)"},
		{"/a b+c=d/e?f#g%h", "/a%20b%2Bc%3Dd/e%3Ff%23g%25h"},
		{"/!'()*~", "/!'()*~"},
		{"//abs/key", "/%2Fabs/key"},
	}
	for _, tc := range cases {
		if got := escapePath(tc.in); got != tc.want {
			t.Errorf("escapePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatPairs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		in         []pair
		joined, ls string
	}{
		{"empty", nil, "", ""},
		{"sorted by encoded key", []pair{{"max-keys", "10"}, {"delimiter", "/"}, {"prefix", "a/"}},
			"delimiter=%2F&max-keys=10&prefix=a%2F", "delimiter;max-keys;prefix"},
		{"key lower-cased after encoding, value case kept", []pair{{"A/B", "X/Y"}}, "a%2fb=X%2FY", "a%2fb"},
		{"keys differing only by case merge, values sorted before encoding", []pair{{"Prefix", "b"}, {"prefix", "a b"}, {"prefix", "a+"}},
			"prefix=a%20b&prefix=a%2B&prefix=b", "prefix;prefix;prefix"},
		{"empty value", []pair{{"acl", ""}}, "acl=", "acl"},
		{"non-ASCII key sorts after encoding (SDK order)", []pair{{"é", "1"}, {"z", "2"}}, "%c3%a9=1&z=2", "%c3%a9;z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			joined, ls := formatPairs(tc.in)
			if joined != tc.joined || ls != tc.ls {
				t.Errorf("formatPairs(%v) = %q, %q; want %q, %q", tc.in, joined, ls, tc.joined, tc.ls)
			}
		})
	}
}

func TestStepFunctions(t *testing.T) {
	t.Parallel()
	// Values from the documentation's GET Object example.
	if got := signKey("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", "1557989753;1557996953"); got != "937914bf490e9e8c189836aad2052e4feeb35eaf" {
		t.Errorf("signKey = %s", got)
	}
	if got := httpString("GET", "/exampleobject", "", ""); got != "get\n/exampleobject\n\n\n" {
		t.Errorf("httpString = %q", got)
	}
	hs := "get\n/exampleobject(腾讯云)\nresponse-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream\ndate=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com\n"
	sts := stringToSign("1557989753;1557996953", hs)
	if sts != "sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n" {
		t.Errorf("stringToSign = %q", sts)
	}
	if got := signature("937914bf490e9e8c189836aad2052e4feeb35eaf", sts); got != "01681b8c9d798a678e43b685a9f1bba0f6c0e012" {
		t.Errorf("signature = %s", got)
	}
}

func TestSignHeaderForm(t *testing.T) {
	t.Parallel()
	req := docPut()
	req.Headers = append(req.Headers, sign.Header{Name: "Authorization", Value: "stale"}, sign.Header{Name: "User-Agent", Value: "x"})
	before := append([]sign.Header(nil), req.Headers...)
	s, err := Sign(req, docCred, docOpt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(req.Headers, before) {
		t.Errorf("Sign modified the request's headers")
	}
	var names []string
	for _, st := range s.Steps {
		names = append(names, st.Name)
	}
	want := []string{"KeyTime", "SignKey", "UrlParamList", "HttpParameters", "HeaderList", "HttpHeaders", "HttpString", "StringToSign", "Signature", "Authorization"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("steps %v, want %v", names, want)
	}
	// The SDK's default set leaves Date and User-Agent out (SIGNING.md §4:
	// fc4e4717… for this request).
	st := steps(s)
	if st["HeaderList"] != "content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read" || !strings.HasPrefix(st["Signature"], "fc4e4717") {
		t.Errorf("HeaderList %q, Signature %s", st["HeaderList"], st["Signature"])
	}
	if s.Headers[0] != (sign.Header{Name: "Host", Value: req.Host}) {
		t.Errorf("first header %v, want Host", s.Headers[0])
	}
	last := s.Headers[len(s.Headers)-1]
	if last.Name != "Authorization" || last.Value != st["Authorization"] || strings.Count(s.HTTP(), "Authorization:") != 1 {
		t.Errorf("Authorization header %v; HTTP:\n%s", last, s.HTTP())
	}
	if s.URL != "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)" {
		t.Errorf("URL %s", s.URL)
	}
	if string(s.Body) != "ObjectContent" || s.Method != "PUT" {
		t.Errorf("method %s body %q", s.Method, s.Body)
	}
}

func TestSignHeadersOption(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		list []string
		want string
	}{
		{"default", nil, "content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read"},
		{"every header, as the documentation", []string{"*"}, "content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read"},
		{"default plus date, as SetNeedSignHeaders", append(DefaultSignHeaders(), "Date"), "content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read"},
		{"prefix", []string{"host", "x-cos-grant-*"}, "host;x-cos-grant-read"},
		{"none", []string{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opt := docOpt
			opt.SignHeaders = tc.list
			s, err := Sign(docPut(), docCred, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := steps(s)["HeaderList"]; got != tc.want {
				t.Errorf("HeaderList = %q, want %q", got, tc.want)
			}
		})
	}
	d := DefaultSignHeaders()
	d[0] = "mutated"
	if DefaultSignHeaders()[0] != "host" {
		t.Errorf("DefaultSignHeaders returns a shared slice")
	}
}

func TestQueryForm(t *testing.T) {
	t.Parallel()
	req := sign.Request{Method: "GET", Host: "examplebucket-1250000000.cos.ap-beijing.myqcloud.com", Path: "/exampleobject(腾讯云)",
		Query: []sign.Param{{Key: "response-content-type", Value: "application/octet-stream"}, {Key: "response-cache-control", Value: "max-age=600"}},
	}
	cred := docCred
	cred.SessionToken = "tok en"
	s, err := Sign(req, cred, Options{SignStart: time.Unix(1557989753, 0), SignEnd: time.Unix(1557996953, 0), Query: true})
	if err != nil {
		t.Fatal(err)
	}
	st := steps(s)
	want := "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)" +
		"?response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600&x-cos-security-token=tok%20en" +
		"&q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753%3B1557996953&q-key-time=1557989753%3B1557996953" +
		"&q-header-list=host&q-url-param-list=response-cache-control%3Bresponse-content-type%3Bx-cos-security-token&q-signature=" + st["Signature"]
	if s.URL != want || st["PresignedURL"] != want {
		t.Errorf("URL\n got %s\nwant %s", s.URL, want)
	}
	if _, ok := sign.Get(s.Headers, "Authorization"); ok {
		t.Errorf("query form has an Authorization header")
	}
	if _, ok := sign.Get(s.Headers, tokenHeader); ok {
		t.Errorf("query form sends the token as a header")
	}
	if len(req.Query) != 2 {
		t.Errorf("Sign modified the request's query")
	}
}

func TestSessionTokenHeader(t *testing.T) {
	t.Parallel()
	req := docPut()
	req.Headers = append(req.Headers, sign.Header{Name: "X-Cos-Security-Token", Value: "old"})
	cred := docCred
	cred.SessionToken = "new"
	s, err := Sign(req, cred, docOpt)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range s.Headers {
		if strings.EqualFold(h.Name, tokenHeader) {
			n++
			if h.Value != "new" {
				t.Errorf("token header %q", h.Value)
			}
		}
	}
	if n != 1 || !strings.Contains(steps(s)["HttpHeaders"], "x-cos-security-token=new") {
		t.Errorf("%d token headers; HttpHeaders %q", n, steps(s)["HttpHeaders"])
	}
}

// TestTrimmedValues: surrounding spaces and tabs never reach the server
// (Go's net/http, browsers and servers drop them), so they are not signed
// either, and the header is sent trimmed.
func TestTrimmedValues(t *testing.T) {
	t.Parallel()
	padded, plain := docPut(), docPut()
	padded.Headers[4].Value = " \tprivate  "
	a, err1 := Sign(padded, docCred, docOpt)
	b, err2 := Sign(plain, docCred, docOpt)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if steps(a)["Signature"] != steps(b)["Signature"] || !reflect.DeepEqual(a.Headers, b.Headers) {
		t.Errorf("padded value signed or sent differently:\n%v\n%v", a.Headers, b.Headers)
	}
}

func TestKeyTime(t *testing.T) {
	t.Parallel()
	opt := docOpt
	opt.KeyStart, opt.KeyEnd = time.Unix(1557989000, 0), time.Unix(1557999999, 0)
	s, err := Sign(docPut(), docCred, opt)
	if err != nil {
		t.Fatal(err)
	}
	auth := steps(s)["Authorization"]
	if steps(s)["KeyTime"] != "1557989000;1557999999" || !strings.Contains(auth, "&q-sign-time=1557989151;1557996351&q-key-time=1557989000;1557999999&") ||
		!strings.HasPrefix(steps(s)["StringToSign"], "sha1\n1557989000;1557999999\n") {
		t.Errorf("key time not used: %v", s.Steps)
	}
}

func TestSignErrors(t *testing.T) {
	t.Parallel()
	ok := func() (sign.Request, sign.Credentials, Options) { return docPut(), docCred, docOpt }
	cases := []struct {
		name   string
		change func(*sign.Request, *sign.Credentials, *Options)
		want   string // a fragment of the message: what to write instead
	}{
		{"missing SecretId", func(r *sign.Request, c *sign.Credentials, o *Options) { c.AccessKeyID = "" }, "enter the SecretId"},
		{"missing SecretKey", func(r *sign.Request, c *sign.Credentials, o *Options) { c.SecretAccessKey = "" }, "enter the SecretKey"},
		{"SecretId with a space", func(r *sign.Request, c *sign.Credentials, o *Options) { c.AccessKeyID = "AKID x" }, "without spaces"},
		{"SecretId with '&'", func(r *sign.Request, c *sign.Credentials, o *Options) { c.AccessKeyID = "AKID&x" }, "letters and digits"},
		{"SecretKey with a trailing space", func(r *sign.Request, c *sign.Credentials, o *Options) { c.SecretAccessKey += " " }, "without them"},
		{"token with a line break", func(r *sign.Request, c *sign.Credentials, o *Options) { c.SessionToken = "a\nb" }, "as one line"},
		{"zero sign time", func(r *sign.Request, c *sign.Credentials, o *Options) { o.SignStart = time.Time{} }, "set SignStart and SignEnd"},
		{"zero sign end", func(r *sign.Request, c *sign.Credentials, o *Options) { o.SignEnd = time.Time{} }, "set SignStart and SignEnd"},
		{"reversed sign time", func(r *sign.Request, c *sign.Credentials, o *Options) {
			o.SignStart, o.SignEnd = o.SignEnd, o.SignStart
		}, "set SignEnd later"},
		{"empty sign window", func(r *sign.Request, c *sign.Credentials, o *Options) { o.SignEnd = o.SignStart.Add(time.Millisecond) }, "set SignEnd later"},
		{"sign time before 1970", func(r *sign.Request, c *sign.Credentials, o *Options) { o.SignStart = time.Unix(-5, 0) }, "2026-11-23T10:00:00Z"},
		{"half key time", func(r *sign.Request, c *sign.Credentials, o *Options) { o.KeyStart = o.SignStart }, "set both KeyStart and KeyEnd"},
		{"reversed key time", func(r *sign.Request, c *sign.Credentials, o *Options) { o.KeyStart, o.KeyEnd = o.SignEnd, o.SignStart }, "set KeyEnd later"},
		{"bad SignHeaders entry", func(r *sign.Request, c *sign.Credentials, o *Options) { o.SignHeaders = []string{"content type"} }, "x-cos-*"},
		{"empty method", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Method = "" }, "write e.g. PUT"},
		{"method with a space", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Method = "GE T" }, "write e.g. PUT"},
		{"relative path", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Path = "key" }, "write /key"},
		{"non-UTF-8 path", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Path = "/caf\xe9" }, "UTF-8 text"},
		{"empty header name", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Headers[0].Name = "" }, "Name: value"},
		{"header name with a space", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Headers[0].Name = "x-cos-meta a" }, "a space"},
		{"header name with a colon", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Headers[0].Name = "x-cos-meta:a" }, `":"`},
		{"header name not ASCII", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Headers[0].Name = "x-cos-meta-颜色" }, "x-cos-meta-color"},
		{"header value with CR", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Headers[4].Value = "private\r" }, "on one line"},
		{"header value with LF (injection)", func(r *sign.Request, c *sign.Credentials, o *Options) {
			r.Headers[4].Value = "private\nx-cos-acl: public-read-write"
		}, "on one line"},
		{"header value with NUL", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Headers[4].Value = "a\x00b" }, "remove it"},
		{"missing host", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Host = "" }, "set the host"},
		{"host differs from Host header", func(r *sign.Request, c *sign.Credentials, o *Options) {
			r.Headers = append(r.Headers, sign.Header{Name: "Host", Value: "other.example.com"})
		}, "remove the Host header or make them equal"},
		{"two Host headers", func(r *sign.Request, c *sign.Credentials, o *Options) {
			r.Headers = append(r.Headers, sign.Header{Name: "Host", Value: r.Host}, sign.Header{Name: "host", Value: r.Host})
		}, "keep one"},
		{"host with a path", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Host = "example.com/bucket" }, "without scheme or path"},
		{"host not ASCII", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Host = "例子.cos.ap-beijing.myqcloud.com" }, "xn--"},
		{"empty parameter name", func(r *sign.Request, c *sign.Credentials, o *Options) { r.Query = []sign.Param{{Key: "", Value: "x"}} }, "write name=value"},
		{"query already signed", func(r *sign.Request, c *sign.Credentials, o *Options) {
			r.Query = []sign.Param{{Key: "q-signature", Value: "x"}}
		}, "remove the q-*"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, c, o := ok()
			tc.change(&r, &c, &o)
			s, err := Sign(r, c, o)
			if err == nil {
				t.Fatalf("no error; signed %v", steps(s)["Authorization"])
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if len(s.Steps) != 0 || len(s.Headers) != 0 || s.URL != "" {
				t.Errorf("error with a result: %+v", s)
			}
		})
	}
	// The unchanged request signs.
	if _, err := Sign(ok()); err != nil {
		t.Errorf("base case: %v", err)
	}
}

// FuzzSign: Sign never panics; it returns an error or a signature whose
// URL and headers are safe to send and mean what was signed.
func FuzzSign(f *testing.F) {
	f.Add("PUT", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com", "/exampleobject(腾讯云)", "acl", "x-cos-acl", "private",
		"AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", "", int64(1557989151), int64(1557996351), false, "")
	f.Add("GET", "h", "//a b/+=%", "prefix=a+b&Prefix=%E4%B8%AD&x", "Range", " bytes=0-3 ", "AK", "SK", "tok", int64(1), int64(2), true, "*")
	f.Add("GET", "h", "/", "q-ak=1&=", "x-cos-meta-a", "a\r\nb", "AK", "SK", "", int64(2), int64(1), false, "x-cos-*,host")
	f.Add("", "", "", "%zz", "", "", "", "", "", int64(0), int64(0), true, ",")
	f.Fuzz(func(t *testing.T, method, host, path, rawQuery, hname, hvalue, ak, sk, token string, start, end int64, query bool, signHeaders string) {
		req := sign.Request{Method: method, Host: host, Path: path, Headers: []sign.Header{{Name: hname, Value: hvalue}}}
		for _, part := range strings.Split(rawQuery, "&") {
			if part == "" {
				continue
			}
			k, v, hasEq := strings.Cut(part, "=")
			req.Query = append(req.Query, sign.Param{Key: k, Value: v, NoValue: !hasEq})
		}
		opt := Options{SignStart: time.Unix(start, 0), SignEnd: time.Unix(end, 0), Query: query}
		if signHeaders != "" {
			opt.SignHeaders = strings.Split(signHeaders, ",")
		}
		cred := sign.Credentials{AccessKeyID: ak, SecretAccessKey: sk, SessionToken: token}
		s, err := Sign(req, cred, opt)
		if err != nil {
			if err.Error() == "" || len(s.Steps) != 0 {
				t.Fatalf("error %q with result %+v", err, s)
			}
			return
		}
		st := steps(s)
		if len(s.Steps) != 10 || len(st["Signature"]) != 40 || strings.Trim(st["Signature"], "0123456789abcdef") != "" {
			t.Fatalf("steps %v", s.Steps)
		}
		if !strings.HasPrefix(st["HttpString"], strings.ToLower(method)+"\n"+path+"\n") {
			t.Fatalf("HttpString %q does not start with the method and the decoded path", st["HttpString"])
		}
		again, _ := Sign(req, cred, opt)
		if !reflect.DeepEqual(s, again) {
			t.Fatalf("not deterministic")
		}
		for _, h := range s.Headers {
			if !isToken(h.Name) || strings.ContainsAny(h.Value, "\r\n\x00") {
				t.Fatalf("unsafe header %q: %q", h.Name, h.Value)
			}
		}
		for i := 0; i < len(s.URL); i++ {
			if c := s.URL[i]; c <= ' ' || c >= 0x7f {
				t.Fatalf("URL %q has byte %#x", s.URL, c)
			}
		}
		// The URL decodes to the path and parameters that were signed.
		target := strings.TrimPrefix(s.URL, "https://"+s.Headers[0].Value)
		rawPath, rawQ, _ := strings.Cut(target, "?")
		if p, err := url.PathUnescape(rawPath); err != nil || p != path {
			t.Fatalf("URL path %q decodes to %q (%v), signed %q", rawPath, p, err, path)
		}
		if query {
			i := strings.Index(rawQ, "q-sign-algorithm=")
			if i < 0 || rawQ[i:] != "q-sign-algorithm=sha1&q-ak="+uriComponent(ak)+"&q-sign-time="+uriComponent(st["KeyTime"])+
				"&q-key-time="+uriComponent(st["KeyTime"])+"&q-header-list="+uriComponent(st["HeaderList"])+
				"&q-url-param-list="+uriComponent(st["UrlParamList"])+"&q-signature="+st["Signature"] {
				t.Fatalf("pre-signed query %q", rawQ)
			}
			rawQ = strings.TrimSuffix(rawQ[:i], "&")
		} else if auth, _ := sign.Get(s.Headers, "Authorization"); auth != st["Authorization"] {
			t.Fatalf("Authorization header %q, step %q", auth, st["Authorization"])
		}
		got, err := url.ParseQuery(rawQ)
		if err != nil {
			t.Fatalf("query %q: %v", rawQ, err)
		}
		want := url.Values{}
		for _, p := range req.Query {
			if !(query && token != "" && p.Key == tokenHeader) {
				want.Add(p.Key, p.Value)
			}
		}
		if query && token != "" {
			want.Add(tokenHeader, token)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("query %q decodes to %v, signed %v", rawQ, got, want)
		}
	})
}
