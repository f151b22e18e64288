package api

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"
)

type convertAnswer struct {
	OK          bool
	Error       *ErrorBody
	Value       ConvertValue
	Diagnostics []Diagnostic
}

func callConvert(t *testing.T, req any) convertAnswer {
	t.Helper()
	b, _ := json.Marshal(req)
	var a convertAnswer
	if err := json.Unmarshal(Call("convert", b), &a); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	return a
}

const qsSeed = `{"cors_rules":[{"allowed_origin":"http://*.qingcloud.com","allowed_methods":["PUT","GET","POST","DELETE"],
 "allowed_headers":["x-qs-date","Content-Type","Content-MD5","Authorization"],"max_age_seconds":200,
 "expose_headers":["x-qs-date"]}]}`

func TestConvertOp(t *testing.T) {
	t.Run("the seed to COS and S3 passes their check", func(t *testing.T) {
		for _, to := range []string{"cos", "s3"} {
			a := callConvert(t, ConvertRequest{Provider: "qingstor", Document: "cors", Source: qsSeed, To: ConvertTarget{Provider: to}})
			if !a.OK || a.Value.Source == "" || !a.Value.Check.OK {
				t.Fatalf("to %s: %+v", to, a)
			}
			if a.Value.Provider != to || a.Value.Document != "cors" || a.Value.Format != "xml" {
				t.Errorf("to %s: value names %s/%s/%s", to, a.Value.Provider, a.Value.Document, a.Value.Format)
			}
			// The output is what check reads back without an error.
			c, diags, err := check(CheckRequest{Provider: to, Document: "cors", Source: a.Value.Source})
			if err != nil || diags.HasErrors() || c.Wire == nil {
				t.Errorf("to %s: check of the output: %v %v", to, err, diags)
			}
		}
	})
	t.Run("the target defaults to the source's provider", func(t *testing.T) {
		a := callConvert(t, map[string]any{"provider": "s3", "document": "cors", "source": `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, "to": map[string]string{"format": "json"}})
		if !a.OK || a.Value.Provider != "s3" || a.Value.Format != "json" || !strings.HasPrefix(a.Value.Source, "[") {
			t.Fatalf("%+v", a)
		}
	})
	t.Run("a source with errors is not converted", func(t *testing.T) {
		src := `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["PATCH"]}]}`
		a := callConvert(t, ConvertRequest{Provider: "qingstor", Document: "cors", Source: src, To: ConvertTarget{Provider: "cos"}})
		if !a.OK || a.Value.Source != "" || a.Value.Check.OK {
			t.Fatalf("%+v", a)
		}
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "cors-method-unknown" {
			t.Errorf("diagnostics %+v, want the source's error alone", a.Diagnostics)
		}
	})
	t.Run("a source's warnings are not repeated", func(t *testing.T) {
		src := `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["PUT"]}]}` // any origin may write; no ETag
		a := callConvert(t, ConvertRequest{Provider: "qingstor", Document: "cors", Source: src, To: ConvertTarget{Provider: "s3"}})
		for _, d := range a.Diagnostics {
			if !strings.HasPrefix(d.Code, "convert-") {
				t.Errorf("diagnostic %s is the source's, not the conversion's", d.Code)
			}
		}
	})
	t.Run("bad requests", func(t *testing.T) {
		for _, req := range []map[string]any{
			{"provider": "nope", "document": "cors", "source": "{}", "to": map[string]string{"provider": "cos"}},
			{"provider": "qingstor", "document": "cors", "source": "{}", "to": map[string]string{"provider": "nope"}},
			{"provider": "qingstor", "document": "cors", "source": "{}", "to": map[string]string{"provider": "qingstor", "format": "xml"}},
			{"provider": "cos", "document": "policy", "source": "{}", "to": map[string]string{"provider": "s3", "format": "headers"}},
			{"provider": "qingstor", "document": "website", "source": "{}"},
		} {
			if a := callConvert(t, req); a.OK || a.Error == nil || a.Error.Code != CodeBadRequest {
				t.Errorf("%v answered %+v", req, a)
			}
		}
	})
	t.Run("an unsupported source form is a diagnostic", func(t *testing.T) {
		a := callConvert(t, ConvertRequest{Provider: "qingstor", Document: "acl", Format: "xml", Source: "<x/>", To: ConvertTarget{Provider: "s3"}})
		if !a.OK || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "unsupported" {
			t.Fatalf("%+v", a)
		}
	})
	t.Run("positions count UTF-16 units of the source", func(t *testing.T) {
		src := "{\"cors_rules\":[{\"allowed_origin\":\"https://例子😀.com\",\"allowed_methods\":[\"GET\"],\"allowed_headers\":[\"x-qs-date\"]}]}"
		a := callConvert(t, ConvertRequest{Provider: "qingstor", Document: "cors", Source: src, To: ConvertTarget{Provider: "cos"}})
		if len(a.Diagnostics) != 1 {
			t.Fatalf("%+v", a.Diagnostics)
		}
		d := a.Diagnostics[0]
		units := utf16.Encode([]rune(src))
		if got := string(utf16.Decode(units[d.From:d.To])); got != `"x-qs-date"` {
			t.Errorf("the diagnostic selects %q", got)
		}
	})
	t.Run("the ids map and owner carry an ACL across", func(t *testing.T) {
		a := callConvert(t, ConvertRequest{Provider: "qingstor", Document: "acl",
			Source: `{"acl":[{"grantee":{"type":"user","id":"usr-1mvNCzZu"},"permission":"READ"}]}`,
			To:     ConvertTarget{Provider: "cos", Format: "headers"}, Owner: "100000000001",
			IDs: map[string]string{"usr-1mvNCzZu": "100000000001/100000000002"}})
		if !a.OK || !a.Value.Check.OK {
			t.Fatalf("%+v", a)
		}
		want := "x-cos-acl: private\nx-cos-grant-read: id=\"100000000001/100000000002\""
		if a.Value.Source != want {
			t.Errorf("got\n%s\nwant\n%s", a.Value.Source, want)
		}
	})
}

// FuzzConvert: "convert" answers every source, to every target, with
// well-formed JSON and never an internal error; diagnostics lie inside the
// source.
func FuzzConvert(f *testing.F) {
	f.Add(qsSeed)
	f.Add(`<CORSConfiguration><CORSRule><AllowedOrigin>a</AllowedOrigin><AllowedOrigin>b</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>*</ExposeHeader></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>`)
	f.Add(`[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"ID":"x"}]`)
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:*","Resource":"arn:aws:s3:::bkt1/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	f.Add(`{"version":"2.0","principal":{"qcs":["qcs::cam::anyone:anyone"]},"statement":[{"effect":"allow","action":["name/cos:*"],"resource":["*"]}]}`)
	f.Add(`{"statement":[{"id":"a","user":"*","action":["list_objects"],"effect":"allow"}]}`)
	f.Add(`{"acl":[{"grantee":{"type":"group","name":"QS_ALL_USERS"},"permission":"WRITE"}]}`)
	f.Add("x-amz-acl: log-delivery-write\n")
	f.Add("x-cos-acl: public-read\nx-cos-grant-read: id=\"1/2\"")
	f.Add(`<AccessControlPolicy><Owner><ID>qcs::cam::uin/1:uin/1</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>qcs::cam::anyone:anyone</ID></Grantee><Permission>READ_ACP</Permission></Grant></AccessControlList></AccessControlPolicy>`)
	sources := map[string][][2]string{
		"cors":   {{"qingstor", "json"}, {"cos", "xml"}, {"s3", "xml"}, {"s3", "json"}},
		"policy": {{"qingstor", "json"}, {"cos", "json"}, {"s3", "json"}},
		"acl":    {{"qingstor", "json"}, {"cos", "xml"}, {"cos", "headers"}, {"s3", "xml"}, {"s3", "headers"}},
	}
	f.Fuzz(func(t *testing.T, src string) {
		units := len(utf16.Encode([]rune(src)))
		for doc, forms := range sources {
			for _, from := range forms {
				for _, to := range forms {
					a := callConvert(t, ConvertRequest{Provider: from[0], Document: doc, Format: from[1], Source: src,
						To: ConvertTarget{Provider: to[0], Format: to[1]}, AppID: "1250000000", Region: "ap-guangzhou", Owner: "100000000001"})
					if !a.OK {
						t.Fatalf("%s %v → %v: %+v", doc, from, to, a.Error)
					}
					for _, d := range a.Diagnostics {
						if d.From < 0 || d.From > d.To || d.To > units {
							t.Fatalf("%s %v → %v: %s at %d..%d outside %d units", doc, from, to, d.Code, d.From, d.To, units)
						}
					}
				}
			}
		}
	})
}
