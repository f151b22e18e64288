package api

import (
	"encoding/json"
	"testing"
	"unicode/utf16"
)

// FuzzCheck: "check" answers every source with well-formed JSON, never an
// internal error, and every diagnostic's positions lie inside the source.
func FuzzCheck(f *testing.F) {
	f.Add(`{"cors_rules":[{"allowed_origin":"http://*.qingcloud.com","allowed_methods":["PUT"]}]}`)
	f.Add("{\"cors_rules\":[{\"allowed_origin\":\"中😀\",\n\"allowed_methods\":[\"X\"]}]}")
	f.Add("\xff\xfe{")
	f.Add(`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`)
	f.Add(`<AccessControlPolicy><Owner><ID>x</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>u</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`)
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`)
	f.Add("x-amz-acl: private\nx-amz-grant-read: id=\"abc\", uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"")
	f.Fuzz(func(t *testing.T, src string) {
		// One input, every provider and document: each decoder sees it.
		for _, target := range [][3]string{{"qingstor", "cors", ""}, {"cos", "cors", ""}, {"s3", "cors", ""}, {"s3", "cors", "json"},
			{"qingstor", "policy", ""}, {"cos", "policy", ""}, {"s3", "policy", ""},
			{"qingstor", "acl", ""}, {"cos", "acl", ""}, {"s3", "acl", ""}, {"cos", "acl", "headers"}, {"s3", "acl", "headers"}} {
			checkFuzzed(t, target, src)
		}
	})
}

func checkFuzzed(t *testing.T, target [3]string, src string) {
	t.Helper()
	{
		req, _ := json.Marshal(CheckRequest{Provider: target[0], Document: target[1], Format: target[2], Source: src})
		var resp struct {
			OK          bool
			Error       *ErrorBody
			Diagnostics []Diagnostic
		}
		if err := json.Unmarshal(Call("check", req), &resp); err != nil {
			t.Fatalf("response is not JSON: %v", err)
		}
		if !resp.OK {
			t.Fatalf("check %v failed: %+v", target, resp.Error)
		}
		// json.Marshal turns invalid UTF-8 into U+FFFD, as a JS string would.
		units := len(utf16.Encode([]rune(src)))
		lines := 1
		for _, r := range src {
			if r == '\n' {
				lines++
			}
		}
		for _, d := range resp.Diagnostics {
			if d.From < 0 || d.From > d.To || d.To > units {
				t.Fatalf("from/to %d/%d outside %d UTF-16 units", d.From, d.To, units)
			}
			if d.Line < 1 || d.Line > lines || d.EndLine < d.Line || d.Column < 1 {
				t.Fatalf("position %d:%d-%d:%d outside %d lines", d.Line, d.Column, d.EndLine, d.EndColumn, lines)
			}
		}
	}
}
