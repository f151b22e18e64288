package api

import (
	"encoding/json"
	"strings"
	"testing"
)

func diffCall(t *testing.T, req map[string]any) (DiffValue, *ErrorBody) {
	t.Helper()
	b, _ := json.Marshal(req)
	var resp struct {
		OK    bool
		Error *ErrorBody
		Value DiffValue
	}
	if err := json.Unmarshal(Call("diffSignature", b), &resp); err != nil {
		t.Fatal(err)
	}
	return resp.Value, resp.Error
}

func stepOf(t *testing.T, p string, req map[string]any, name string) string {
	t.Helper()
	_, _, _, v := signCall(t, req)
	for _, s := range v["steps"].([]any) {
		if sm := s.(map[string]any); sm["name"] == name {
			return sm["value"].(string)
		}
	}
	t.Fatalf("%s: no step %s", p, name)
	return ""
}

func TestDiffSignature(t *testing.T) {
	t.Parallel()
	s3 := baseSign("s3")
	s3["method"] = "PUT"
	s3["headers"] = map[string]string{"Content-Type": "text/plain"}
	s3["body"] = "hello"
	creq := stepOf(t, "s3", s3, "CanonicalRequest")
	sts := stepOf(t, "s3", s3, "StringToSign")
	cos := baseSign("cos")
	cosSTS := stepOf(t, "cos", cos, "StringToSign")
	qs := baseSign("qingstor")
	qsSTS := stepOf(t, "qingstor", qs, "StringToSign")

	tests := []struct {
		name      string
		req       map[string]any
		server    map[string]string
		wantCause string
		wantMatch bool
	}{
		{"s3 identical: the key is wrong", s3, map[string]string{"serverStringToSign": sts, "serverCanonicalRequest": creq}, "secret key", true},
		{"s3 clock", s3, map[string]string{"serverStringToSign": strings.Replace(sts, "20261123T100000Z", "20261123T100500Z", 1)}, "clock", false},
		{"s3 region", s3, map[string]string{"serverStringToSign": strings.Replace(sts, "us-east-1", "eu-west-1", 1)}, "region", false},
		{"s3 header changed in transit", s3, map[string]string{"serverCanonicalRequest": strings.Replace(creq, "content-type:text/plain", "content-type:text/plain; charset=utf-8", 1)}, `"content-type"`, false},
		{"s3 key encoding", s3, map[string]string{"serverCanonicalRequest": strings.Replace(creq, "a%20b.jpg", "a+b.jpg", 1)}, "encoding", false},
		{"s3 error XML", s3, map[string]string{"errorBody": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><StringToSign>" + xmlEscape(sts) + "</StringToSign><CanonicalRequest>" + xmlEscape(strings.Replace(creq, "PUT", "POST", 1)) + "</CanonicalRequest></Error>"}, "method", false},
		{"cos sign time", cos, map[string]string{"errorBody": "<Error><Code>SignatureDoesNotMatch</Code><StringToSign>" + xmlEscape(strings.Replace(cosSTS, "1795428000", "1795427000", 1)) + "</StringToSign></Error>"}, "clock", false},
		{"qingstor date", qs, map[string]string{"serverStringToSign": strings.Replace(qsSTS, "10:00:00", "10:00:07", 1)}, "clock", false},
		{"qingstor resource", qs, map[string]string{"serverStringToSign": strings.Replace(qsSTS, "/mybucket/photos", "/photos", 1)}, "resource", false},
	}
	for _, tc := range tests {
		req := map[string]any{}
		for k, v := range tc.req {
			req[k] = v
		}
		for k, v := range tc.server {
			req[k] = v
		}
		got, errb := diffCall(t, req)
		if errb != nil {
			t.Errorf("%s: %+v", tc.name, errb)
			continue
		}
		allMatch := true
		for _, c := range got.Comparisons {
			allMatch = allMatch && c.Match
		}
		if allMatch != tc.wantMatch || !strings.Contains(got.Summary, tc.wantCause) {
			t.Errorf("%s: match=%v summary %q, want match=%v mentioning %q", tc.name, allMatch, got.Summary, tc.wantMatch, tc.wantCause)
		}
	}
	// The page compares the composed PUT of the document it shows.
	composeReq := map[string]any{"compose": map[string]any{"provider": "qingstor", "document": "cors",
		"source": `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"]}]}`, "bucket": "mybucket", "region": "pek3a",
		"credentials": map[string]string{"accessKeyId": "AK", "secretAccessKey": "SK"}, "time": "2026-11-23T10:00:00Z"},
		"serverStringToSign": "PUT\n\napplication/json\nMon, 23 Nov 2026 10:00:00 GMT\n/mybucket/?cors"}
	if got, errb := diffCall(t, composeReq); errb != nil || !strings.Contains(got.Summary, "Content-MD5") {
		t.Errorf("compose diff: %+v %q", errb, got.Summary)
	}
	if _, errb := diffCall(t, baseSign("s3")); errb == nil || errb.Code != "bad-request" {
		t.Errorf("no server strings: %+v", errb)
	}
	bad := baseSign("s3")
	bad["errorBody"] = "<Error><Code>AccessDenied</Code></Error>"
	if _, errb := diffCall(t, bad); errb == nil || !strings.Contains(errb.Message, "AccessDenied") {
		t.Errorf("error body without strings: %+v", errb)
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
