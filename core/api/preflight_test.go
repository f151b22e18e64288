package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// Sources as the page seeds them (web/src/samples.ts), and COS's docs
// example whose preflight answers COS-OPT records.
const (
	pfQingStor = `{
  "cors_rules": [
    {
      "allowed_origin": "http://*.qingcloud.com",
      "allowed_methods": ["PUT", "GET", "POST", "DELETE"],
      "allowed_headers": ["x-qs-date", "Content-Type", "Content-MD5", "Authorization"],
      "max_age_seconds": 200,
      "expose_headers": ["x-qs-date"]
    }
  ]
}`
	pfCOS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>https://www.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`
	pfS3 = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>https://www.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>x-amz-request-id</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`
	pfS3Console = `[{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["PUT", "POST"],
  "AllowedHeaders": ["*"], "ExposeHeaders": ["x-amz-request-id"], "MaxAgeSeconds": 3000}]`
	pfCOSDocs = `<CORSConfiguration>
  <CORSRule>
    <ID>réglé 😀</ID>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>Range</AllowedHeader>
    <AllowedHeader>x-cos-server-side-encryption-customer-algorithm</AllowedHeader>
    <AllowedHeader>x-cos-server-side-encryption-customer-key</AllowedHeader>
    <AllowedHeader>x-cos-server-side-encryption-customer-key-MD5</AllowedHeader>
    <ExposeHeader>Content-Length</ExposeHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>x-cos-meta-author</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
  <CORSRule>
    <ID>example-id</ID>
    <AllowedOrigin>https://example.com</AllowedOrigin>
    <AllowedOrigin>https://example.net</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>Content-Length</ExposeHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>x-cos-meta-author</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`
)

type pfResponse struct {
	OK          bool
	Value       PreflightValue
	Error       *ErrorBody
	Diagnostics []Diagnostic
}

func callPreflight(t *testing.T, req map[string]any) pfResponse {
	t.Helper()
	b, _ := json.Marshal(req)
	var r pfResponse
	if err := json.Unmarshal(Call("preflight", b), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// slice16 is source[from:to] in UTF-16 units, as the editor sees it.
func slice16(source string, from, to int) string {
	u := utf16.Encode([]rune(source))
	if from < 0 || to > len(u) || from > to {
		return "<out of range>"
	}
	return string(utf16.Decode(u[from:to]))
}

func pfHeader(v PreflightValue, name string) string {
	for _, h := range v.ResponseHeaders {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

func TestPreflightOp(t *testing.T) {
	for _, c := range []struct {
		name     string
		req      map[string]any
		allowed  bool
		rule     int
		ruleText string            // the start of the matched rule's text
		headers  map[string]string // some response headers
		reason   string            // a substring of some reason (any rule or top level)
		reasonAt string            // the source text that reason points at
	}{
		{name: "qingstor seed: hit",
			req:     map[string]any{"provider": "qingstor", "source": pfQingStor, "origin": "http://docs.qingcloud.com", "method": "PUT", "requestHeaders": []string{"Content-Type"}},
			allowed: true, rule: 0, ruleText: `{
      "allowed_origin"`,
			headers: map[string]string{"Access-Control-Allow-Origin": "http://docs.qingcloud.com", "Access-Control-Allow-Headers": "content-type", "Access-Control-Max-Age": "200"}},
		{name: "qingstor seed: https page misses",
			req:     map[string]any{"provider": "qingstor", "document": "cors", "source": pfQingStor, "origin": "https://docs.qingcloud.com", "method": "PUT", "requestHeaders": "Content-Type"},
			allowed: false, rule: -1, reason: "the scheme differs", reasonAt: `"http://*.qingcloud.com"`},
		{name: "qingstor seed: a header the rule lacks",
			req:     map[string]any{"provider": "qingstor", "source": pfQingStor, "origin": "http://docs.qingcloud.com", "method": "PUT", "requestHeaders": []string{"Content-Type", "x-qs-meta-author"}},
			allowed: false, rule: -1, reason: `header "x-qs-meta-author"`, reasonAt: `["x-qs-date", "Content-Type", "Content-MD5", "Authorization"]`},
		{name: "cos seed: hit",
			req:     map[string]any{"provider": "cos", "source": pfCOS, "origin": "https://www.example.com", "method": "PUT", "requestHeaders": []string{"Content-Type"}},
			allowed: true, rule: 0, ruleText: "<CORSRule>",
			headers: map[string]string{"Access-Control-Allow-Methods": "PUT,GET", "Access-Control-Allow-Credentials": "true", "Access-Control-Expose-Headers": "ETag"}},
		{name: "cos seed: DELETE misses on the method",
			req:     map[string]any{"provider": "cos", "source": pfCOS, "origin": "https://www.example.com", "method": "DELETE"},
			allowed: false, rule: -1, reason: "method DELETE is not among", reasonAt: "PUT"},
		{name: "s3 seed: hit",
			req:     map[string]any{"provider": "s3", "source": pfS3, "origin": "https://www.example.com", "method": "POST", "requestHeaders": []string{"Content-Type"}},
			allowed: true, rule: 0, ruleText: "<CORSRule>",
			headers: map[string]string{"Access-Control-Allow-Methods": "PUT, POST", "Vary": "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"}},
		{name: "s3 seed: the default origin misses",
			req:     map[string]any{"provider": "s3", "source": pfS3, "origin": "http://docs.qingcloud.com", "method": "PUT", "requestHeaders": []string{"Content-Type"}},
			allowed: false, rule: -1, reason: "the host differs", reasonAt: "https://www.example.com"},
		{name: "s3 console JSON: hit, the rule is the array element",
			req:     map[string]any{"provider": "s3", "format": "json", "source": pfS3Console, "origin": "https://www.example.com", "method": "PUT"},
			allowed: true, rule: 0, ruleText: `{"AllowedOrigins"`},
		{name: "cos docs: example 2 (rule 0, after a non-ASCII ID)",
			req:     map[string]any{"provider": "cos", "source": pfCOSDocs, "origin": "https://example.com", "method": "GET", "requestHeaders": []string{"range"}},
			allowed: true, rule: 0, ruleText: "<CORSRule>\n    <ID>réglé 😀</ID>",
			headers: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET,HEAD"}},
		{name: "cos docs: example 1 (rule 1; rule 0 misses on the method)",
			req:     map[string]any{"provider": "cos", "source": pfCOSDocs, "origin": "https://example.com", "method": "PUT", "requestHeaders": "content-md5,content-type,x-cos-meta-author"},
			allowed: true, rule: 1, ruleText: "<CORSRule>\n    <ID>example-id</ID>",
			headers: map[string]string{"Access-Control-Allow-Headers": "content-md5,content-type,x-cos-meta-author"},
			reason:  "method PUT is not among the rule's methods (GET, HEAD)", reasonAt: "GET"},
		{name: "cos docs: an origin matching neither of rule 1's points at both",
			req:     map[string]any{"provider": "cos", "source": pfCOSDocs, "origin": "https://example.org", "method": "PUT"},
			allowed: false, rule: -1, reason: "matches none of the rule's origins",
			reasonAt: "https://example.com</AllowedOrigin>\n    <AllowedOrigin>https://example.net"},
		{name: "s3 seed: credentials are fine with a named origin",
			req:     map[string]any{"provider": "s3", "source": pfS3, "origin": "https://www.example.com", "method": "PUT", "credentials": true, "actual": true},
			allowed: true, rule: 0, ruleText: "<CORSRule>",
			headers: map[string]string{"Access-Control-Allow-Credentials": "true"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := callPreflight(t, c.req)
			if !r.OK {
				t.Fatalf("error %+v", r.Error)
			}
			v, src := r.Value, c.req["source"].(string)
			if v.Allowed != c.allowed || v.Rule != c.rule {
				b, _ := json.MarshalIndent(v, "", "  ")
				t.Fatalf("allowed, rule = %v, %d; want %v, %d\n%s", v.Allowed, v.Rule, c.allowed, c.rule, b)
			}
			if v.DocumentErrors {
				t.Errorf("documentErrors on a valid document: %+v", r.Diagnostics)
			}
			if c.rule >= 0 {
				if got := slice16(src, v.RuleFrom, v.RuleTo); !strings.HasPrefix(got, c.ruleText) {
					t.Errorf("the matched rule's range holds %q; want it to start with %q", got, c.ruleText)
				}
				if v.Rules[c.rule].From != v.RuleFrom || !v.Rules[c.rule].Used {
					t.Errorf("rules[%d] = %+v; ruleFrom %d", c.rule, v.Rules[c.rule], v.RuleFrom)
				}
			} else if v.RuleFrom != -1 || v.RuleTo != -1 {
				t.Errorf("ruleFrom/To = %d/%d without a rule", v.RuleFrom, v.RuleTo)
			}
			for name, want := range c.headers {
				if got := pfHeader(v, name); got != want {
					t.Errorf("%s: %q; want %q", name, got, want)
				}
			}
			if c.reason != "" {
				found := false
				for _, rule := range v.Rules {
					for _, x := range rule.Reasons {
						if strings.Contains(x.Message, c.reason) {
							found = true
							if got := slice16(src, x.From, x.To); !strings.Contains(got, c.reasonAt) {
								t.Errorf("reason %q points at %q; want %q", x.Message, got, c.reasonAt)
							}
						}
					}
				}
				if !found {
					t.Errorf("no reason holds %q: %+v", c.reason, v.Rules)
				}
			}
			if v.Browser == "" || len(v.Reasons) == 0 {
				t.Errorf("no verdict: %+v", v)
			}
		})
	}
}

// TestPreflightDocumentErrors: a document the service would refuse allows
// nothing, says so, and still judges each rule; one that cannot be read
// has no rules at all.
func TestPreflightDocumentErrors(t *testing.T) {
	src := strings.Replace(pfCOS, "<AllowedMethod>PUT</AllowedMethod>", "<AllowedMethod>PUT,DELETE</AllowedMethod>", 1)
	r := callPreflight(t, map[string]any{"provider": "cos", "source": src, "origin": "https://www.example.com", "method": "DELETE"})
	if !r.OK {
		t.Fatal(r.Error)
	}
	v := r.Value
	if v.Allowed || v.Rule != -1 || !v.DocumentErrors || len(v.ResponseHeaders) != 0 || v.Status != 0 {
		t.Errorf("document with errors: %+v", v)
	}
	if !strings.Contains(v.Reasons[0], "fix the error first") {
		t.Errorf("reasons %q", v.Reasons)
	}
	if len(v.Rules) != 1 || len(v.Rules[0].Reasons) != 1 || !strings.Contains(v.Rules[0].Reasons[0].Message, "one method name") {
		t.Errorf("rules %+v", v.Rules)
	}
	if !hasCode(r.Diagnostics, "cors-method-unknown") {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
	// Rule 0 matching a GET is still shown, though nothing is allowed.
	r = callPreflight(t, map[string]any{"provider": "cos", "source": src, "origin": "https://www.example.com", "method": "GET"})
	if r.Value.Allowed || !r.Value.Rules[0].Matched || r.Value.Rules[0].Used {
		t.Errorf("matched rule in a refused document: %+v", r.Value)
	}

	r = callPreflight(t, map[string]any{"provider": "qingstor", "source": `{"cors_rules": [`, "origin": "https://www.example.com", "method": "GET"})
	if !r.OK || r.Value.Allowed || !r.Value.DocumentErrors || len(r.Value.Rules) != 0 || !hasCode(r.Diagnostics, "json-syntax") {
		t.Errorf("unreadable document: %+v", r)
	}
	// Warnings alone do not stop the simulation (S3 stores an empty origin).
	src = strings.Replace(pfS3, "<AllowedOrigin>https://www.example.com</AllowedOrigin>", "<AllowedOrigin></AllowedOrigin><AllowedOrigin>https://www.example.com</AllowedOrigin>", 1)
	r = callPreflight(t, map[string]any{"provider": "s3", "source": src, "origin": "https://www.example.com", "method": "PUT"})
	if !r.Value.Allowed || r.Value.DocumentErrors {
		t.Errorf("document with warnings only: %+v %+v", r.Value, r.Diagnostics)
	}
}

func hasCode(ds []Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestPreflightBadRequests(t *testing.T) {
	base := func(kv ...any) map[string]any {
		m := map[string]any{"provider": "s3", "source": pfS3, "origin": "https://www.example.com", "method": "PUT"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	for _, c := range []struct {
		req  map[string]any
		want string
	}{
		{base("origin", ""), `"origin" is empty`},
		{base("origin", "https://www.example.com/"), `write "https://www.example.com"`},
		{base("origin", "https://WWW.example.com"), "lower case"},
		{base("method", ""), `"method" is empty`},
		{base("method", "P UT"), "not an HTTP method name"},
		{base("requestHeaders", []string{"bad header"}), "not a header name"},
		{base("requestHeaders", 7), "requestHeaders must be a list"},
		{base("document", "policy"), `set "document" to "cors"`},
		{base("provider", "gcs"), "unknown provider"},
		{base("format", "yaml"), "unknown format"},
	} {
		r := callPreflight(t, c.req)
		if r.OK || r.Error == nil || r.Error.Code != CodeBadRequest || !strings.Contains(r.Error.Message, c.want) {
			t.Errorf("%v: %+v; want a bad-request with %q", c.req, r.Error, c.want)
		}
	}
	// Not supported is a diagnostic (as for check), not a bad request.
	r := callPreflight(t, base("format", "json", "provider", "cos", "source", "[]"))
	if !r.OK || !hasCode(r.Diagnostics, "unsupported") || !r.Value.DocumentErrors {
		t.Errorf("unsupported format: %+v", r)
	}
}

// TestPreflightSharedExamples runs each CORS document of ../shared/examples
// through the op with a browser-like request: no internal error, offsets
// inside the source.
func TestPreflightSharedExamples(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "examples")
	files, _ := filepath.Glob(filepath.Join(root, "*", "cors", "*", "*.*"))
	if len(files) == 0 {
		t.Skip("no ../shared/examples beside the project")
	}
	providers := map[string]string{"aws": "s3", "cos": "cos", "qingstor": "qingstor"}
	for _, f := range files {
		if strings.HasSuffix(f, ".txt") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		prov := providers[strings.Split(strings.TrimPrefix(f, root+string(filepath.Separator)), string(filepath.Separator))[0]]
		for _, origin := range []string{"http://www.example.com", "https://example.com", "http://docs.qingcloud.com"} {
			r := callPreflight(t, map[string]any{"provider": prov, "source": string(b), "origin": origin, "method": "PUT", "requestHeaders": []string{"Content-Type"}})
			if !r.OK {
				t.Fatalf("%s: %+v", f, r.Error)
			}
			checkOffsets(t, string(b), r.Value)
		}
	}
}

func checkOffsets(t *testing.T, src string, v PreflightValue) {
	t.Helper()
	units := len(utf16.Encode([]rune(src)))
	in := func(from, to int) bool { return 0 <= from && from <= to && to <= units }
	if v.Rule >= 0 && !in(v.RuleFrom, v.RuleTo) {
		t.Fatalf("ruleFrom/To %d/%d outside %d units", v.RuleFrom, v.RuleTo, units)
	}
	for _, r := range v.Rules {
		if !in(r.From, r.To) {
			t.Fatalf("rule %d at %d/%d outside %d units", r.Index, r.From, r.To, units)
		}
		for _, x := range r.Reasons {
			if !in(x.From, x.To) {
				t.Fatalf("reason %q at %d/%d outside %d units", x.Message, x.From, x.To, units)
			}
		}
	}
}

// FuzzPreflightOp: any document and request answers JSON, never an internal
// error, with offsets inside the source.
func FuzzPreflightOp(f *testing.F) {
	f.Add("qingstor", "", pfQingStor, "http://docs.qingcloud.com", "PUT", "Content-Type", false, false)
	f.Add("cos", "", pfCOSDocs, "https://example.com", "GET", "range", true, false)
	f.Add("s3", "json", pfS3Console, "https://www.example.com", "post", "x-amz-date, Content-Type", false, true)
	f.Add("s3", "", "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>", "null", "GET", "", true, true)
	f.Fuzz(func(t *testing.T, prov, format, src, origin, method, headers string, creds, actual bool) {
		b, _ := json.Marshal(map[string]any{"provider": prov, "format": format, "source": src, "origin": origin, "method": method,
			"requestHeaders": headers, "credentials": creds, "actual": actual})
		var r pfResponse
		if err := json.Unmarshal(Call("preflight", b), &r); err != nil {
			t.Fatalf("response is not JSON: %v", err)
		}
		if !r.OK {
			if r.Error == nil || r.Error.Code != CodeBadRequest {
				t.Fatalf("%+v", r.Error)
			}
			return
		}
		checkOffsets(t, strings.ToValidUTF8(src, "\uFFFD"), r.Value)
	})
}
