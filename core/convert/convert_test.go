package convert_test

import (
	"fmt"
	"strings"
	"testing"

	"bucketlab/core/api"
)

// convertTo runs the op and fails the test on a failed call.
func convertTo(t *testing.T, req api.ConvertRequest) convertResponse {
	t.Helper()
	resp := call(t, req)
	if !resp.OK {
		t.Fatalf("convert %s/%s → %+v: %s", req.Provider, req.Document, req.To, resp.Error.Message)
	}
	return resp
}

func noErrors(t *testing.T, resp convertResponse) {
	t.Helper()
	for _, d := range resp.Diagnostics {
		if d.Severity == "error" {
			t.Fatalf("conversion error %s: %s", d.Code, d.Message)
		}
	}
	if !resp.Value.Check.OK {
		t.Fatalf("the output fails the target's check:\n%s", resp.Value.Source)
	}
}

// TestRoundTrips: a document taken to another provider or form and back
// is the document again (as the conversion writes it), on what both sides
// can express.
func TestRoundTrips(t *testing.T) {
	s3CORS := `<CORSConfiguration>
  <CORSRule>
    <ID>web</ID>
    <AllowedOrigin>https://www.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>x-amz-request-id</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
  </CORSRule>
</CORSConfiguration>`
	s3Policy := `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::examplebucket/public/*"
        },
        {
            "Sid": "Team",
            "Effect": "Allow",
            "Principal": {
                "AWS": "123456789012"
            },
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:ListBucket"
            ],
            "Resource": [
                "arn:aws:s3:::examplebucket",
                "arn:aws:s3:::examplebucket/*"
            ],
            "Condition": {
                "IpAddress": {
                    "aws:SourceIp": [
                        "192.0.2.0/24"
                    ]
                }
            }
        },
        {
            "Sid": "HTTPSOnly",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [
                "arn:aws:s3:::examplebucket",
                "arn:aws:s3:::examplebucket/*"
            ],
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "false"
                }
            }
        }
    ]
}`
	s3Body := `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID></Owner>
  <AccessControlList>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>
  </AccessControlList>
</AccessControlPolicy>`
	s3Grants := `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID></Owner>
  <AccessControlList>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI></Grantee><Permission>WRITE</Permission></Grant>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</ID></Grantee><Permission>WRITE_ACP</Permission></Grant>
  </AccessControlList>
</AccessControlPolicy>`
	cosBody := `<AccessControlPolicy>
  <Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Owner>
  <AccessControlList>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://cam.qcloud.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>
    <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>qcs::cam::uin/100000000001:uin/100000000002</ID></Grantee><Permission>WRITE</Permission></Grant>
  </AccessControlList>
</AccessControlPolicy>`

	type hop struct {
		provider, format string
		req              api.ConvertRequest // the options of this hop
	}
	tests := []struct {
		name, provider, document, format, source string
		via                                      hop
	}{
		{"S3 CORS → COS → S3", "s3", "cors", "xml", s3CORS, hop{provider: "cos", format: "xml"}},
		{"S3 CORS XML → console JSON → XML", "s3", "cors", "xml", s3CORS, hop{provider: "s3", format: "json"}},
		{"S3 policy → COS → S3", "s3", "policy", "", s3Policy, hop{provider: "cos", req: api.ConvertRequest{
			AppID: "1250000000", Region: "ap-guangzhou", IDs: map[string]string{"123456789012": "100000000003"}}}},
		{"S3 ACL body → headers → body (canned)", "s3", "acl", "xml", s3Body, hop{provider: "s3", format: "headers"}},
		{"S3 ACL body → headers → body (grants)", "s3", "acl", "xml", s3Grants, hop{provider: "s3", format: "headers"}},
		{"COS ACL body → headers → body", "cos", "acl", "xml", cosBody, hop{provider: "cos", format: "headers"}},
	}
	back := map[string]api.ConvertRequest{
		"s3":  {Owner: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", IDs: map[string]string{"qcs::cam::uin/100000000003:uin/100000000003": "123456789012"}},
		"cos": {Owner: "100000000001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The start, as the conversion writes that provider and form.
			start := convertTo(t, api.ConvertRequest{Provider: tc.provider, Document: tc.document, Format: tc.format, Source: tc.source,
				To: api.ConvertTarget{Provider: tc.provider, Format: tc.format}})
			noErrors(t, start)

			there := tc.via.req
			there.Provider, there.Document, there.Format, there.Source = tc.provider, tc.document, tc.format, tc.source
			there.To = api.ConvertTarget{Provider: tc.via.provider, Format: tc.via.format}
			mid := convertTo(t, there)
			noErrors(t, mid)

			home := back[tc.provider]
			home.Provider, home.Document, home.Format, home.Source = mid.Value.Provider, tc.document, mid.Value.Format, mid.Value.Source
			home.To = api.ConvertTarget{Provider: tc.provider, Format: start.Value.Format}
			end := convertTo(t, home)
			noErrors(t, end)
			if end.Value.Source != start.Value.Source {
				t.Errorf("round trip changed the document\n--- start\n%s\n--- via %s %s\n%s\n--- back\n%s", start.Value.Source, mid.Value.Provider, mid.Value.Format, mid.Value.Source, end.Value.Source)
			}
		})
	}
}

// TestCannotCarryOver: every loss is a diagnostic with its code and
// severity, at the SOURCE element it concerns.
func TestCannotCarryOver(t *testing.T) {
	many := `{"cors_rules":[` + strings.Repeat(`{"allowed_origin":"https://a.example.com","allowed_methods":["GET"]},`, 100) +
		`{"allowed_origin":"https://b.example.com","allowed_methods":["GET"]}]}`
	tests := []struct {
		name     string
		req      api.ConvertRequest
		code     string
		severity string
		at       string // the source text the diagnostic selects
	}{
		// CORS
		{"a second origin where QingStor takes one",
			req("s3", "cors", "", `<CORSConfiguration><CORSRule><AllowedOrigin>https://a.example.com</AllowedOrigin><AllowedOrigin>https://b.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, "qingstor", ""),
			"convert-cors-origins-split", "info", "https://b.example.com"},
		{"ResponseVary false to S3",
			req("cos", "cors", "", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><ResponseVary>false</ResponseVary></CORSConfiguration>`, "s3", ""),
			"convert-cors-vary", "warning", "false"},
		{"ResponseVary true to S3 keeps its meaning",
			req("cos", "cors", "", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>`, "s3", ""),
			"convert-cors-vary", "info", "true"},
		{"resp_vary to S3",
			req("qingstor", "cors", "", `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"]}],"resp_vary":"disabled"}`, "s3", ""),
			"convert-cors-vary", "warning", `"disabled"`},
		{"exposed '*' to COS",
			req("s3", "cors", "", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>*</ExposeHeader></CORSRule></CORSConfiguration>`, "cos", ""),
			"convert-cors-expose-wildcard", "warning", "*"},
		{"QingStor's method wildcard",
			req("qingstor", "cors", "", `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["*"]}]}`, "cos", ""),
			"convert-cors-method-wildcard", "info", `"*"`},
		{"a rule ID to QingStor",
			req("s3", "cors", "json", `[{"ID":"web","AllowedOrigins":["*"],"AllowedMethods":["GET"]}]`, "qingstor", ""),
			"convert-cors-rule-id", "info", `"web"`},
		{"a negative max age to COS",
			req("s3", "cors", "", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-5</MaxAgeSeconds></CORSRule></CORSConfiguration>`, "cos", ""),
			"convert-cors-max-age", "info", "-5"},
		{"more rules than COS takes",
			req("qingstor", "cors", "", many, "cos", ""),
			"convert-cors-too-many-rules", "error", "{"},
		{"a QingStor header with no COS counterpart",
			req("qingstor", "cors", "", `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"],"allowed_headers":["x-qs-date"]}]}`, "cos", ""),
			"convert-cors-header-foreign", "info", `"x-qs-date"`},

		// ACL
		{"canned to grants without the owner",
			req("s3", "acl", "headers", "x-amz-acl: public-read", "s3", "xml"),
			"convert-owner-missing", "error", "x"},
		{"canned to grants",
			withOwner(req("s3", "acl", "headers", "x-amz-acl: public-read", "s3", "xml"), "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"),
			"convert-acl-canned-expanded", "info", "public-read"},
		{"a canned ACL COS does not have",
			withOwner(req("s3", "acl", "headers", "x-amz-acl: aws-exec-read", "cos", "xml"), "100000000001"),
			"convert-acl-canned-unsupported", "error", "aws-exec-read"},
		{"an S3 account COS does not know",
			withOwner(req("s3", "acl", "headers", `x-amz-grant-read: id="79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"`, "cos", "xml"), "100000000001"),
			"convert-id-unmapped", "error", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
		{"a 12-digit account in the S3 body",
			withOwner(req("s3", "acl", "headers", `x-amz-grant-read: id="111122223333"`, "s3", "xml"), "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"),
			"convert-id-unmapped", "error", "111122223333"},
		{"the owner's S3 id in a COS body",
			req("s3", "acl", "", `<AccessControlPolicy><Owner><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`, "cos", "xml"),
			"convert-owner-missing", "error", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
		{"S3's log-delivery group at COS",
			withOwner(req("s3", "acl", "headers", `x-amz-grant-write: uri="http://acs.amazonaws.com/groups/s3/LogDelivery"`, "cos", "xml"), "100000000001"),
			"convert-acl-group-unsupported", "warning", "http://acs.amazonaws.com/groups/s3/LogDelivery"},
		{"WRITE_ACP at QingStor",
			req("cos", "acl", "headers", `x-cos-grant-write-acp: id="100000000001"`, "qingstor", ""),
			"convert-acl-permission-unsupported", "warning", "x-cos-grant-write-acp"},
		{"a group in COS grant headers",
			req("s3", "acl", "headers", `x-amz-grant-write: uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"`, "cos", "headers"),
			"convert-acl-grantee-unsupported", "error", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"},
		{"a display name",
			req("s3", "acl", "", `<AccessControlPolicy><Owner><ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID><DisplayName>alice</DisplayName></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`, "s3", "headers"),
			"convert-element-dropped", "info", "alice"},

		// policy
		{"NotAction at COS",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"}]}`, "cos"),
			"convert-policy-not-element", "error", `"NotAction"`},
		{"NotPrincipal at QingStor",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"}]}`, "qingstor"),
			"convert-policy-not-element", "error", `"NotPrincipal"`},
		{"a condition key COS does not have",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*","Condition":{"StringEquals":{"aws:UserAgent":"x"}}}]}`, "cos"),
			"convert-policy-condition-unsupported", "error", `"aws:UserAgent"`},
		{"a condition operator QingStor does not have",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}`, "qingstor"),
			"convert-policy-condition-unsupported", "error", `"DateLessThan"`},
		{"QingStor's exact match cannot hold '*'",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*","Condition":{"StringEquals":{"aws:Referer":"a*b"}}}]}`, "qingstor"),
			"convert-policy-condition-unsupported", "error", `"a*b"`},
		{"a service principal in an Allow",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*","Service":"logging.s3.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"}]}`, "cos"),
			"convert-policy-principal-unsupported", "warning", `"Service"`},
		{"a service principal in a Deny",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"}]}`, "cos"),
			"convert-policy-principal-unsupported", "error", `"Service"`},
		{"an action with no counterpart in an Allow",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:GetObjectRetention"],"Resource":"arn:aws:s3:::bkt1/*"}]}`, "qingstor"),
			"convert-policy-action-unsupported", "warning", `"s3:GetObjectRetention"`},
		{"an action with no counterpart in a Deny",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":["s3:PutObjectAcl"],"Resource":"arn:aws:s3:::bkt1/*"}]}`, "qingstor"),
			"convert-policy-action-unsupported", "error", `"s3:PutObjectAcl"`},
		{"an Allow with nothing left",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:PutObjectAcl"],"Resource":"arn:aws:s3:::bkt1/*"}]}`, "qingstor"),
			"convert-policy-statement-dropped", "warning", "{"},
		{"a broader action",
			policyReq("cos", `{"version":"2.0","statement":[{"principal":{"qcs":["qcs::cam::anyone:anyone"]},"effect":"allow","action":["name/cos:HeadObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:bkt1-1250000000/*"]}]}`, "s3"),
			"convert-policy-action-broader", "warning", `"name/cos:HeadObject"`},
		{"an action wildcard at QingStor",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::bkt1/*"}]}`, "qingstor"),
			"convert-policy-action-unsupported", "warning", `"s3:Get*"`},
		{"an account COS does not know",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"}]}`, "cos"),
			"convert-id-unmapped", "error", `"arn:aws:iam::123456789012:root"`},
		{"COS resources without the APPID",
			req("qingstor", "policy", "", `{"statement":[{"id":"a","user":"*","action":"get_object","effect":"allow","resource":"mybucket/*"}]}`, "cos", ""),
			"convert-resource-incomplete", "error", `"mybucket/*"`},
		{"all actions on objects at COS",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bkt1/*"}]}`, "cos"),
			"convert-policy-resource-changed", "warning", `"arn:aws:s3:::bkt1/*"`},
		{"a '?' in a resource",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/a?c"}]}`, "qingstor"),
			"convert-policy-resource-changed", "warning", `"arn:aws:s3:::bkt1/a?c"`},
		{"a Deny after an Allow to QingStor",
			policyReq("s3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"},{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/private/*"}]}`, "qingstor"),
			"convert-policy-deny-first", "info", `"Deny"`},
		{"a Deny after an Allow from QingStor",
			policyReq("qingstor", `{"statement":[{"id":"a","user":"*","action":"get_object","effect":"allow","resource":"mybucket/*"},{"id":"b","user":"*","action":"get_object","effect":"deny","resource":"mybucket/private/*"}]}`, "s3"),
			"convert-policy-order", "warning", `"deny"`},
		{"S3's policy Id",
			policyReq("s3", `{"Version":"2012-10-17","Id":"p1","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt1/*"}]}`, "cos"),
			"convert-element-dropped", "info", `"p1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := convertTo(t, tc.req)
			var seen []string
			for _, d := range resp.Diagnostics {
				at := utf16Slice(tc.req.Source, d.From, d.To)
				seen = append(seen, fmt.Sprintf("%s %s %q", d.Severity, d.Code, at))
				if d.Code == tc.code && d.Severity == tc.severity && at == tc.at {
					if resp.Value.Source == "" {
						t.Errorf("no output")
					}
					return
				}
			}
			t.Errorf("want %s %s at %q; got %v\n%s", tc.severity, tc.code, tc.at, seen, resp.Value.Source)
		})
	}
}

func req(prov, doc, format, src, to, toFormat string) api.ConvertRequest {
	return api.ConvertRequest{Provider: prov, Document: doc, Format: format, Source: src, To: api.ConvertTarget{Provider: to, Format: toFormat}}
}

func withOwner(r api.ConvertRequest, owner string) api.ConvertRequest {
	r.Owner = owner
	return r
}

func policyReq(prov, src, to string) api.ConvertRequest {
	r := req(prov, "policy", "", src, to, "")
	r.AppID, r.Region = "1250000000", "ap-guangzhou"
	return r
}
