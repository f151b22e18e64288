package cossign

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	cos "github.com/tencentyun/cos-go-sdk-v5"

	"bucketlab/core/sign"
)

// The official COS Go SDK (v0.7.75, a test-only dependency) signs the same
// requests with a pinned AuthTime; the Authorization header and the
// pre-signed URL must be identical byte for byte. Nothing here touches the
// network: AddAuthorizationHeader and GetPresignedURL only build strings.

const (
	sdkAK   = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
	sdkSK   = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz"
	sdkHost = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"
	sdkTok  = "tmp+Token/With=Odd&Chars_0123456789"
)

var (
	t0 = time.Unix(1795425600, 0) // 2026-11-23T10:00:00Z
	t1 = t0.Add(time.Hour)
)

func TestAgainstSDKHeader(t *testing.T) {
	cases := []struct {
		name, method, path, rawQuery string
		headers                      [][2]string
		token                        string
		signDate                     bool      // cos.SetNeedSignHeaders("date", true)
		keyStart, keyEnd             time.Time // zero: the sign time
	}{
		{name: "put cors", method: "PUT", path: "/", rawQuery: "cors", headers: [][2]string{
			{"Content-Type", "application/xml"}, {"Content-MD5", "Q2hlY2sgSW50ZWdyaXR5IQ=="}, {"Content-Length", "236"},
			{"Date", "Mon, 23 Nov 2026 10:00:00 GMT"}, {"User-Agent", "bucketlab"}}},
		{name: "put policy", method: "PUT", path: "/", rawQuery: "policy", headers: [][2]string{
			{"Content-Type", "application/json"}, {"Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="}, {"Content-Length", "412"}}},
		{name: "put acl with body", method: "PUT", path: "/", rawQuery: "acl", headers: [][2]string{
			{"Content-Type", "application/xml"}, {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="}}},
		{name: "put acl headers", method: "PUT", path: "/", rawQuery: "acl", headers: [][2]string{
			{"x-cos-acl", "public-read"},
			{"x-cos-grant-read", `id="qcs::cam::uin/100000000001:uin/100000000011"`},
			{"x-cos-grant-write", `id="qcs::cam::uin/100000000001:uin/100000000001"`},
			{"x-cos-grant-full-control", `id="qcs::cam::uin/100000000001:uin/100000000011",id="qcs::cam::anyone:anyone"`},
			{"x-cos-grant-read-acp", `uri="http://cam.qcloud.com/groups/global/AllUsers"`}}},
		{name: "object acl with session token", method: "PUT", path: "/exampleobject", rawQuery: "acl", token: sdkTok, headers: [][2]string{
			{"x-cos-acl", "private"}, {"Content-Type", "application/xml"}, {"Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="}}},
		{name: "object key with spaces, unicode, + and =", method: "GET", path: "/dir/a b+c=d/腾讯云 (1)!'*~%.txt",
			rawQuery: "response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22&response-content-type=text%2Fplain&versionId=MTg0NDUx",
			headers:  [][2]string{{"Range", "bytes=0-3"}, {"If-None-Match", `"d41d8cd98f00b204e9800998ecf8427e"`}}},
		{name: "key starting with a slash", method: "HEAD", path: "//abs/key.txt"},
		{name: "repeated, cased, empty and valueless parameters", method: "GET", path: "/",
			rawQuery: "prefix=a+b&Prefix=B&max-keys=10&delimiter=%2F&marker=%E4%B8%AD%E6%96%87&a%2Fb=1&empty=&versions&x=2&x=1"},
		{name: "x-ci, meta, duplicates and unsigned headers", method: "PUT", path: "/k", headers: [][2]string{
			{"x-cos-meta-color", "red"}, {"X-Cos-Meta-Color", "blue"}, {"x-ci-trace", "a\tb"},
			{"X-Custom", "not signed"}, {"Expect", "100-continue"}, {"Cache-Control", "no-cache"},
			{"Origin", "https://example.com"}, {"Access-Control-Request-Method", "PUT"},
			{"x-cos-storage-class", "STANDARD_IA"}, {"pic-operations", `{"is_pic_info":1}`}, {"Content-Length", "0"}}},
		{name: "date signed after SetNeedSignHeaders", method: "PUT", path: "/", rawQuery: "cors", signDate: true, headers: [][2]string{
			{"Date", "Mon, 23 Nov 2026 10:00:00 GMT"}, {"Content-Type", "application/xml"}}},
		{name: "key time differs from sign time", method: "DELETE", path: "/", rawQuery: "cors",
			keyStart: t0.Add(-time.Hour), keyEnd: t1.Add(time.Hour)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := &url.URL{Scheme: "https", Host: sdkHost, Path: tc.path, RawQuery: tc.rawQuery}
			hreq, err := http.NewRequest(tc.method, u.String(), nil)
			if err != nil {
				t.Fatal(err)
			}
			req := sign.Request{Method: tc.method, Host: sdkHost, Path: tc.path, Query: parseQuery(t, tc.rawQuery)}
			for _, h := range tc.headers {
				hreq.Header.Add(h[0], h[1])
				req.Headers = append(req.Headers, sign.Header{Name: h[0], Value: h[1]})
			}
			at := &cos.AuthTime{SignStartTime: t0, SignEndTime: t1, KeyStartTime: t0, KeyEndTime: t1}
			opt := Options{SignStart: t0, SignEnd: t1, KeyStart: tc.keyStart, KeyEnd: tc.keyEnd}
			if !tc.keyStart.IsZero() {
				at.KeyStartTime, at.KeyEndTime = tc.keyStart, tc.keyEnd
			}
			if tc.signDate {
				cos.SetNeedSignHeaders("date", true)
				defer cos.SetNeedSignHeaders("date", false)
				opt.SignHeaders = append(DefaultSignHeaders(), "date")
			}
			cos.AddAuthorizationHeader(sdkAK, sdkSK, tc.token, hreq, at)

			signed, err := Sign(req, sign.Credentials{AccessKeyID: sdkAK, SecretAccessKey: sdkSK, SessionToken: tc.token}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := header(signed.Headers, "Authorization"), hreq.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization\n got %s\nwant %s", got, want)
			}
			// Same headers on the wire, Host and token included.
			if got, want := headerSet(signed.Headers), sdkHeaderSet(hreq); !reflect.DeepEqual(got, want) {
				t.Errorf("headers\n got %v\nwant %v", got, want)
			}
			// The URL means the same path and parameters as the SDK's.
			pu, err := url.Parse(signed.URL)
			if err != nil {
				t.Fatal(err)
			}
			if pu.Host != hreq.Host || pu.Path != hreq.URL.Path || !reflect.DeepEqual(pu.Query(), hreq.URL.Query()) {
				t.Errorf("URL %s decodes to %s %q %v, want %s %q %v", signed.URL, pu.Host, pu.Path, pu.Query(), hreq.Host, hreq.URL.Path, hreq.URL.Query())
			}
		})
	}
}

func TestAgainstSDKPresigned(t *testing.T) {
	cases := []struct {
		name, method, key string
		query             url.Values
		headers           [][2]string
		token             string // GetPresignedURL2: the token is a signed query parameter
	}{
		{name: "get object", method: "GET", key: "exampleobject(腾讯云)"},
		{name: "get with response overrides", method: "GET", key: "dir/a b+c=d/中文 (1)!'*~%.txt", query: url.Values{
			"response-content-type":        {"application/octet-stream"},
			"response-cache-control":       {"max-age=600"},
			"response-content-disposition": {`attachment; filename="a b.txt"`},
		}},
		{name: "put with content headers and acl", method: "PUT", key: "upload/k.bin", headers: [][2]string{
			{"Content-Type", "application/octet-stream"}, {"Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="}, {"x-cos-acl", "private"},
			{"Date", "Mon, 23 Nov 2026 10:00:00 GMT"}}},
		{name: "key starting with a slash", method: "GET", key: "/abs/key"},
		{name: "session token", method: "GET", key: "exampleobject", token: sdkTok, query: url.Values{"versionId": {"MTg0NDUx"}}},
		{name: "session token and headers", method: "PUT", key: "a=b+c", token: sdkTok, headers: [][2]string{{"Content-Type", "text/plain"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, _ := url.Parse("https://" + sdkHost)
			client := cos.NewClient(&cos.BaseURL{BucketURL: base}, &http.Client{
				Transport: &cos.AuthorizationTransport{SecretID: sdkAK, SecretKey: sdkSK, SessionToken: tc.token},
			})
			at := &cos.AuthTime{SignStartTime: t0, SignEndTime: t1, KeyStartTime: t0, KeyEndTime: t1}
			popt := &cos.PresignedURLOptions{AuthTime: at}
			if tc.query != nil {
				popt.Query = &tc.query
			}
			hh := http.Header{}
			for _, h := range tc.headers {
				hh.Add(h[0], h[1])
			}
			popt.Header = &hh
			var sdkURL *url.URL
			var err error
			if tc.token == "" {
				sdkURL, err = client.Object.GetPresignedURL(context.Background(), tc.method, tc.key, sdkAK, sdkSK, time.Hour, popt)
			} else {
				sdkURL, err = client.Object.GetPresignedURL2(context.Background(), tc.method, tc.key, time.Hour, popt)
			}
			if err != nil {
				t.Fatal(err)
			}

			req := sign.Request{Method: tc.method, Host: sdkHost, Path: "/" + tc.key}
			if tc.query != nil {
				req.Query = parseQuery(t, tc.query.Encode())
			}
			for _, h := range tc.headers {
				req.Headers = append(req.Headers, sign.Header{Name: h[0], Value: h[1]})
			}
			signed, err := Sign(req, sign.Credentials{AccessKeyID: sdkAK, SecretAccessKey: sdkSK, SessionToken: tc.token},
				Options{SignStart: t0, SignEnd: t1, Query: true})
			if err != nil {
				t.Fatal(err)
			}
			// url.Values.Encode writes a space as '+', we write %20 (a '+'
			// in its output can only be a space); nothing else differs.
			want := sdkURL.String()
			if i := strings.Index(want, "?"); i >= 0 {
				want = want[:i] + strings.ReplaceAll(want[i:], "+", "%20")
			}
			if signed.URL != want {
				t.Errorf("pre-signed URL\n got %s\nwant %s", signed.URL, want)
			}
			if header(signed.Headers, "Authorization") != "" || header(signed.Headers, tokenHeader) != "" {
				t.Errorf("query form sends Authorization or the token as a header: %v", signed.Headers)
			}
		})
	}
}

func header(hs []sign.Header, name string) string {
	v, _ := sign.Get(hs, name)
	return v
}

// headerSet is "lower-case-name: value" for every header, sorted.
func headerSet(hs []sign.Header) []string {
	var out []string
	for _, h := range hs {
		out = append(out, strings.ToLower(h.Name)+": "+h.Value)
	}
	sort.Strings(out)
	return out
}

func sdkHeaderSet(r *http.Request) []string {
	var out []string
	for k, vs := range r.Header {
		for _, v := range vs {
			out = append(out, strings.ToLower(k)+": "+v)
		}
	}
	sort.Strings(out)
	return out
}

// FuzzAgainstSDK: whatever Sign accepts, the SDK signs to the same
// Authorization (given the trimmed header values Sign sends).
func FuzzAgainstSDK(f *testing.F) {
	f.Add("PUT", "/a b+c=d/腾讯云", "acl&Prefix=a+b&prefix=%E4%B8%AD&x", "x-cos-meta-a", " 1 ", "X-COS-META-A", "0", "tok")
	f.Add("GET", "//k", "a%2Fb=1&A%2fb=2&é=3&z=4", "Range", "bytes=0-3", "x-cos-security-token", "old", "new")
	f.Add("DELETE", "/", "cors", "Authorization", "stale", "Content-Type", "application/xml", "")
	f.Fuzz(func(t *testing.T, method, path, rawQuery, n1, v1, n2, v2, token string) {
		req := sign.Request{Method: method, Host: sdkHost, Path: path,
			Headers: []sign.Header{{Name: n1, Value: v1}, {Name: n2, Value: v2}}}
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return
		}
		for _, k := range sortedKeys(q) {
			for _, v := range q[k] {
				req.Query = append(req.Query, sign.Param{Key: k, Value: v})
			}
		}
		cred := sign.Credentials{AccessKeyID: sdkAK, SecretAccessKey: sdkSK, SessionToken: token}
		s, err := Sign(req, cred, Options{SignStart: t0, SignEnd: t1})
		if err != nil {
			return
		}
		u := &url.URL{Scheme: "https", Host: sdkHost, Path: path, RawQuery: encodeQuery(req.Query)}
		hreq, err := http.NewRequest(method, u.String(), nil)
		if err != nil {
			t.Skipf("net/http refuses %q %q: %v", method, u, err)
		}
		for _, h := range req.Headers {
			hreq.Header.Add(h.Name, strings.Trim(h.Value, " \t"))
		}
		hreq.Header.Del("Authorization")
		cos.AddAuthorizationHeader(sdkAK, sdkSK, token, hreq, &cos.AuthTime{SignStartTime: t0, SignEndTime: t1, KeyStartTime: t0, KeyEndTime: t1})
		if got, want := header(s.Headers, "Authorization"), hreq.Header.Get("Authorization"); got != want {
			t.Fatalf("Authorization\n got %s\nwant %s\nsteps %v", got, want, s.Steps)
		}
	})
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestDefaultSignHeadersAreTheSDKs: DefaultSignHeaders is the SDK's
// NeedSignHeaders whitelist plus the x-cos-*/x-ci-* prefixes of its
// isSignHeader.
func TestDefaultSignHeadersAreTheSDKs(t *testing.T) {
	var sdk []string
	for k, v := range cos.NeedSignHeaders {
		if v {
			sdk = append(sdk, k)
		}
	}
	sdk = append(sdk, "x-cos-*", "x-ci-*")
	ours := DefaultSignHeaders()
	sort.Strings(sdk)
	sort.Strings(ours)
	if !reflect.DeepEqual(ours, sdk) {
		t.Errorf("DefaultSignHeaders\n%v\nSDK\n%v", ours, sdk)
	}
}
