package api

import (
	"encoding/json"
	"strings"
	"testing"
)

func signCall(t *testing.T, req map[string]any) (ok bool, code, msg string, value map[string]any) {
	t.Helper()
	b, _ := json.Marshal(req)
	var resp struct {
		OK    bool
		Error *ErrorBody
		Value map[string]any
	}
	if err := json.Unmarshal(Call("sign", b), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Error != nil {
		return resp.OK, resp.Error.Code, resp.Error.Message, nil
	}
	return resp.OK, "", "", resp.Value
}

func baseSign(p string) map[string]any {
	bucket := map[string]string{"cos": "examplebucket-1250000000", "qingstor": "mybucket", "s3": "examplebucket"}[p]
	region := map[string]string{"cos": "ap-beijing", "qingstor": "pek3a", "s3": "us-east-1"}[p]
	return map[string]any{"provider": p, "method": "GET", "bucket": bucket, "region": region, "key": "photos/a b.jpg",
		"credentials": map[string]string{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
		"time":        "2026-11-23T10:00:00Z"}
}

func TestSignOpEveryProvider(t *testing.T) {
	t.Parallel()
	wantURL := map[string]string{
		"cos":      "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/photos/a%20b.jpg",
		"qingstor": "https://mybucket.pek3a.qingstor.com/photos/a%20b.jpg",
		"s3":       "https://examplebucket.s3.us-east-1.amazonaws.com/photos/a%20b.jpg",
	}
	wantAuth := map[string]string{"cos": "q-sign-algorithm=sha1&", "qingstor": "QS AKIDEXAMPLE:", "s3": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/s3/aws4_request"}
	for _, p := range []string{"cos", "qingstor", "s3"} {
		for _, presign := range []bool{false, true} {
			req := baseSign(p)
			req["presign"] = presign
			ok, code, msg, v := signCall(t, req)
			if !ok {
				t.Fatalf("%s presign=%v: %s %s", p, presign, code, msg)
			}
			url := v["url"].(string)
			if !strings.HasPrefix(url, wantURL[p]) {
				t.Errorf("%s: url %s, want prefix %s", p, url, wantURL[p])
			}
			auth := ""
			for _, h := range v["headers"].([]any) {
				if hm := h.(map[string]any); hm["name"] == "Authorization" {
					auth = hm["value"].(string)
				}
			}
			if presign && (auth != "" || !strings.Contains(url, "?")) {
				t.Errorf("%s presigned: auth %q url %s", p, auth, url)
			}
			if !presign && !strings.HasPrefix(auth, wantAuth[p]) {
				t.Errorf("%s: Authorization %q, want prefix %q", p, auth, wantAuth[p])
			}
			if len(v["steps"].([]any)) < 3 || v["curl"] == "" || !strings.HasPrefix(v["http"].(string), "GET /") {
				t.Errorf("%s: steps/curl/http missing: %v", p, v)
			}
		}
	}
}

func TestSignOpBadRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(map[string]any)
		want   string
	}{
		{"unknown method", func(r map[string]any) { r["method"] = "FETCH" }, "unknown method"},
		{"no secret", func(r map[string]any) { r["credentials"] = map[string]string{"accessKeyId": "x"} }, "secret access key"},
		{"no time", func(r map[string]any) { delete(r, "time") }, "signing time"},
		{"bad time", func(r map[string]any) { r["time"] = "yesterday" }, "RFC 3339"},
		{"CRLF in a header value", func(r map[string]any) { r["headers"] = map[string]string{"x-amz-meta-a": "1\r\nX-Evil: 1"} }, "line break"},
		{"bad header name", func(r map[string]any) { r["headers"] = map[string]string{"bad name": "1"} }, "header"},
		{"bad bucket", func(r map[string]any) { r["bucket"] = "Bad_Bucket" }, "bucket"},
		{"expiry too long", func(r map[string]any) { r["presign"] = true; r["expires"] = 8 * 24 * 3600 }, "7"},
		{"bad query", func(r map[string]any) { r["query"] = "a=%zz" }, "URL-encoded"},
	}
	for _, tc := range tests {
		req := baseSign("s3")
		tc.change(req)
		ok, code, msg, _ := signCall(t, req)
		if ok || code != "bad-request" || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: ok=%v %s %q, want bad-request mentioning %q", tc.name, ok, code, msg, tc.want)
		}
	}
}

// TestComposeACLHeaderForm: the header form of an ACL is a PUT /?acl with
// the grant headers, no body, and the empty body's Content-MD5 (COS, S3).
func TestComposeACLHeaderForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ provider, bucket, region, source, header string }{
		{"s3", "examplebucket", "us-east-1", "x-amz-acl: private", "X-Amz-Acl"},
		{"cos", "examplebucket-1250000000", "ap-beijing", "x-cos-acl: private", "X-Cos-Acl"},
	} {
		b, _ := json.Marshal(map[string]any{"provider": tc.provider, "document": "acl", "format": "headers", "source": tc.source,
			"bucket": tc.bucket, "region": tc.region, "time": "2026-11-23T10:00:00Z",
			"credentials": map[string]string{"accessKeyId": "AK", "secretAccessKey": "SK"}})
		var resp struct {
			OK    bool
			Value ComposeValue
		}
		if err := json.Unmarshal(Call("compose", b), &resp); err != nil || resp.Value.Request == nil {
			t.Fatalf("%s: %v %+v", tc.provider, err, resp.Value.RequestError)
		}
		r := resp.Value.Request
		got := map[string]string{}
		for _, h := range r.Headers {
			got[strings.ToLower(h.Name)] = h.Value
		}
		if r.Body != "" || got["content-md5"] != "1B2M2Y8AsgTpgAmY7PhCfg==" || got[strings.ToLower(tc.header)] != "private" || !strings.HasSuffix(r.URL, "/?acl") {
			t.Errorf("%s: body %q headers %v url %s", tc.provider, r.Body, got, r.URL)
		}
	}
}
