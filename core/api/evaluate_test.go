package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

type evaluateResponse struct {
	OK          bool
	Error       *ErrorBody
	Value       EvaluateValue
	Diagnostics []Diagnostic
}

func callEvaluate(t *testing.T, req any) evaluateResponse {
	t.Helper()
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var resp evaluateResponse
	if err := json.Unmarshal(Call("evaluate", b), &resp); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	return resp
}

// utf16Slice returns source[from:to] in UTF-16 units, as the editor reads it.
func utf16Slice(source string, from, to int) string {
	u := utf16.Encode([]rune(source))
	if from < 0 || to > len(u) || from > to {
		return "<out of range>"
	}
	return string(utf16.Decode(u[from:to]))
}

// A policy whose first statement sits after non-ASCII text, so UTF-16
// offsets differ from byte offsets.
const evalS3 = `{"Version":"2012-10-17","Id":"照片 📷","Statement":[
 {"Sid":"Read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/*"},
 {"Sid":"Private","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/private/*",
  "Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`

func TestEvaluateOp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		req       map[string]any
		decision  string
		statement int
	}{
		{"s3 allow", map[string]any{"provider": "s3", "source": evalS3, "principal": "*", "action": "s3:GetObject",
			"resource": "arn:aws:s3:::examplebucket/a.jpg"}, "allow", 0},
		{"s3 explicit deny", map[string]any{"provider": "s3", "source": evalS3, "principal": "*", "action": "s3:GetObject",
			"resource": "arn:aws:s3:::examplebucket/private/a.jpg", "context": map[string]any{"aws:SourceIp": "203.0.113.1"}}, "explicit-deny", 1},
		{"s3 deny lifted by the context", map[string]any{"provider": "s3", "document": "policy", "source": evalS3, "principal": "*", "action": "s3:GetObject",
			"resource": "arn:aws:s3:::examplebucket/private/a.jpg", "context": map[string]any{"aws:SourceIp": []string{"192.0.2.9"}}}, "allow", 0},
		{"s3 implicit deny", map[string]any{"provider": "s3", "source": evalS3, "principal": "*", "action": "s3:PutObject",
			"resource": "arn:aws:s3:::examplebucket/a.jpg"}, "implicit-deny", -1},
		{"cos allow", map[string]any{"provider": "cos", "source": `{"version":"2.0","statement":[{"principal":{"qcs":["qcs::cam::anyone:anyone"]},"effect":"allow","action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}]}`,
			"principal": "*", "action": "name/cos:GetObject", "resource": "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/a"}, "allow", 0},
		{"qingstor first match", map[string]any{"provider": "qingstor", "source": `{"statement":[{"id":"a","user":"*","action":"get_object","effect":"allow","resource":["mybucket/*"]},{"id":"b","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*"]}]}`,
			"principal": "*", "action": "get_object", "resource": "mybucket/a", "context": map[string]any{"source_ip": "192.0.2.1"}}, "allow", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := callEvaluate(t, tc.req)
			if !resp.OK {
				t.Fatalf("evaluate failed: %+v", resp.Error)
			}
			v := resp.Value
			if v.Decision != tc.decision || v.Statement != tc.statement || !v.Evaluated || v.DocumentErrors {
				t.Fatalf("got %s %d (evaluated %v, errors %v): %s", v.Decision, v.Statement, v.Evaluated, v.DocumentErrors, v.Summary)
			}
			source := tc.req["source"].(string)
			for _, s := range v.Statements {
				text := utf16Slice(source, s.From, s.To)
				if !strings.HasPrefix(text, "{") || !strings.HasSuffix(text, "}") {
					t.Errorf("statement %d spans %q, not the statement object", s.Index, text)
				}
				for _, r := range s.Reasons {
					part := utf16Slice(source, r.From, r.To)
					if r.From < s.From || r.To > s.To || part == "" {
						t.Errorf("statement %d reason %q spans %d-%d (%q), outside the statement %d-%d", s.Index, r.Message, r.From, r.To, part, s.From, s.To)
					}
				}
			}
		})
	}
}

// TestEvaluateSpans: the deciding statement and its reasons point at the
// text they are about.
func TestEvaluateSpans(t *testing.T) {
	t.Parallel()
	resp := callEvaluate(t, map[string]any{"provider": "s3", "source": evalS3, "principal": "*", "action": "s3:GetObject",
		"resource": "arn:aws:s3:::examplebucket/private/a.jpg", "context": map[string]any{"aws:SourceIp": "203.0.113.1"}})
	s := resp.Value.Statements[1]
	if got := utf16Slice(evalS3, s.From, s.To); !strings.HasPrefix(got, `{"Sid":"Private"`) {
		t.Errorf("statement 1 spans %q", got)
	}
	want := map[string]string{
		"principal": `"*"`,
		"action":    `"s3:GetObject"`,
		"resource":  `"arn:aws:s3:::examplebucket/private/*"`,
		"condition": `"192.0.2.0/24"`,
	}
	for _, r := range s.Reasons {
		if got := utf16Slice(evalS3, r.From, r.To); got != want[r.Part] {
			t.Errorf("%s reason spans %q, want %q", r.Part, got, want[r.Part])
		}
	}
}

func TestEvaluateDocumentErrors(t *testing.T) {
	t.Parallel()
	// Lower-case "allow" is an error for S3, but the statement still reads.
	resp := callEvaluate(t, map[string]any{"provider": "s3", "principal": "*", "action": "s3:GetObject", "resource": "arn:aws:s3:::b-1/a",
		"source": `{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b-1/*"}]}`})
	if !resp.OK || !resp.Value.Evaluated || !resp.Value.DocumentErrors || resp.Value.Decision != "allow" ||
		len(resp.Value.Notes) == 0 || !strings.Contains(resp.Value.Notes[0], "would refuse it") {
		t.Errorf("document with an error: %+v", resp)
	}
	if !evalHasCode(resp.Diagnostics, "policy-effect-invalid") {
		t.Errorf("the document's own diagnostics are missing: %+v", resp.Diagnostics)
	}

	// Not JSON: nothing is evaluated, and the value says so.
	resp = callEvaluate(t, map[string]any{"provider": "qingstor", "principal": "*", "action": "get_object", "resource": "mybucket/a",
		"source": `{"statement":[`})
	if !resp.OK || resp.Value.Evaluated || !resp.Value.DocumentErrors || resp.Value.Decision != "implicit-deny" ||
		resp.Value.Statement != -1 || resp.Value.Statements == nil || !evalHasCode(resp.Diagnostics, "json-syntax") {
		t.Errorf("unreadable document: %+v", resp)
	}

	// An unknown operator: the check's error and the evaluator's warning, at the operator.
	src := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b-1/*","Condition":{"StringEqualz":{"aws:Referer":"x"}}}]}`
	resp = callEvaluate(t, map[string]any{"provider": "s3", "principal": "*", "action": "s3:GetObject", "resource": "arn:aws:s3:::b-1/a", "source": src})
	var at []string
	for _, d := range resp.Diagnostics {
		if d.Code == "policy-evaluate-skipped" || d.Code == "policy-condition-operator-unknown" {
			at = append(at, utf16Slice(src, d.From, d.To))
		}
	}
	if len(at) != 2 || at[0] != `"StringEqualz"` || at[1] != at[0] || resp.Value.Statements[0].Evaluated {
		t.Errorf("unknown operator: diagnostics at %q, statement %+v", at, resp.Value.Statements)
	}
}

func evalHasCode(diags []Diagnostic, code string) bool {
	for _, d := range diags {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestEvaluateContextValues(t *testing.T) {
	t.Parallel()
	src := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b-1",
	  "Condition":{"Bool":{"aws:SecureTransport":"true"},"NumericLessThan":{"s3:max-keys":"10"}}}]}`
	resp := callEvaluate(t, map[string]any{"provider": "s3", "principal": "*", "action": "s3:ListBucket", "resource": "arn:aws:s3:::b-1",
		"source": src, "context": json.RawMessage(`{"aws:SecureTransport": true, "s3:max-keys": [5]}`)})
	if !resp.OK || resp.Value.Decision != "allow" {
		t.Errorf("booleans and numbers as context values: %+v", resp)
	}
}

func TestEvaluateBadRequests(t *testing.T) {
	t.Parallel()
	base := func() map[string]any {
		return map[string]any{"provider": "s3", "source": evalS3, "principal": "*", "action": "s3:GetObject", "resource": "arn:aws:s3:::examplebucket/a"}
	}
	tests := []struct {
		name, field string
		value       any
		want        string
	}{
		{"provider", "provider", "gcs", "unknown provider"},
		{"document", "document", "cors", `set "document" to "policy"`},
		{"principal", "principal", " ", `or "*" for an anonymous caller`},
		{"action", "action", "", `such as "s3:GetObject"`},
		{"resource", "resource", "", `such as "arn:aws:s3:::examplebucket/photo.jpg"`},
		{"context object", "context", map[string]any{"aws:SourceIp": map[string]any{}}, `each "context" value must be a string or a list of strings`},
		{"context null", "context", map[string]any{"aws:SourceIp": nil}, `each "context" value must be`},
		{"context empty key", "context", map[string]any{"": "x"}, `a "context" key is empty`},
		{"context not an object", "context", []string{"aws:SourceIp=1"}, "not a valid JSON object"},
	}
	for _, tc := range tests {
		req := base()
		req[tc.field] = tc.value
		resp := callEvaluate(t, req)
		if resp.OK || resp.Error.Code != CodeBadRequest || !strings.Contains(resp.Error.Message, tc.want) {
			t.Errorf("%s: %+v, want bad-request containing %q", tc.name, resp.Error, tc.want)
		}
	}
}

// FuzzEvaluateOp: "evaluate" answers any request with well-formed JSON: a
// value or a bad request, never an internal error, with every offset
// inside the source.
func FuzzEvaluateOp(f *testing.F) {
	f.Add("s3", evalS3, "*", "s3:GetObject", "arn:aws:s3:::examplebucket/private/a", "aws:SourceIp", "203.0.113.1")
	f.Add("cos", `{"version":"2.0","principal":{"qcs":["qcs::cam::uin/1:uin/1"]},"statement":[{"effect":"deny","action":"name/cos:*","resource":"*","condition":{"ip_equal_if_exist":{"qcs:ip":"10.0.0.0/8"}}}]}`,
		"1", "cos:GetObject", "qcs::cos:ap-guangzhou:uid/1:b-1/中", "qcs:ip", "10.1.2.3")
	f.Add("qingstor", `{"statement":[{"id":"a","user":"*","action":"head_bucket","effect":"allow","condition":{"is_null":{"Referer":true}}}]}`,
		"usr-1", "head_bucket", "mybucket", "Referer", "")
	f.Add("s3", "\xff{", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, prov, src, principal, action, resource, key, value string) {
		req, _ := json.Marshal(map[string]any{"provider": prov, "source": src, "principal": principal, "action": action,
			"resource": resource, "context": map[string]string{key: value}})
		var resp evaluateResponse
		if err := json.Unmarshal(Call("evaluate", req), &resp); err != nil {
			t.Fatalf("response is not JSON: %v", err)
		}
		if !resp.OK {
			if resp.Error == nil || resp.Error.Code != CodeBadRequest {
				t.Fatalf("evaluate failed: %+v", resp.Error)
			}
			return
		}
		units := len(utf16.Encode([]rune(src)))
		in := func(from, to int) bool { return 0 <= from && from <= to && to <= units }
		v := resp.Value
		if (v.Decision == "implicit-deny") != (v.Statement < 0) || v.Statement >= len(v.Statements) {
			t.Fatalf("decision %s with statement %d of %d", v.Decision, v.Statement, len(v.Statements))
		}
		for _, s := range v.Statements {
			if !in(s.From, s.To) {
				t.Fatalf("statement %d at %d-%d outside %d units", s.Index, s.From, s.To, units)
			}
			for _, r := range s.Reasons {
				if !in(r.From, r.To) {
					t.Fatalf("reason at %d-%d outside %d units", r.From, r.To, units)
				}
			}
		}
		for _, d := range resp.Diagnostics {
			if !in(d.From, d.To) {
				t.Fatalf("diagnostic %s at %d-%d outside %d units", d.Code, d.From, d.To, units)
			}
		}
	})
}

// BenchmarkEvaluate is the per-keystroke cost of "evaluate" on a 20 KB S3
// policy (the largest S3 accepts), with a condition in every statement.
func BenchmarkEvaluate(b *testing.B) {
	var stmts []string
	for i := 0; len(strings.Join(stmts, ",")) < 20<<10-300; i++ {
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/u%d"},"Action":["s3:Get*","s3:PutObject"],"Resource":"arn:aws:s3:::examplebucket/home/u%d/*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}}`, i, i, i))
	}
	src := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
	req, _ := json.Marshal(map[string]any{"provider": "s3", "source": src, "principal": "arn:aws:iam::123456789012:user/u7",
		"action": "s3:GetObject", "resource": "arn:aws:s3:::examplebucket/home/u7/a.txt", "context": map[string]string{"aws:SourceIp": "192.0.2.1"}})
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		Call("evaluate", req)
	}
}
