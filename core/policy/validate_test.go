package policy

import (
	"slices"
	"strings"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

// run decodes and validates src as the provider's policy and returns
// "path code severity" for every diagnostic, sorted by position.
func run(t *testing.T, id provider.ID, src string) []string {
	t.Helper()
	prof := policyProfile(id)
	diags := CheckSource(src, prof)
	root, more := jsonsyn.Parse(src)
	diags = append(diags, more...)
	if root != nil {
		p, loc, more := Decode(root, prof)
		diags = append(diags, more...)
		if p != nil {
			v := Validate(*p, prof)
			loc.Resolve(v)
			diags = append(diags, v...)
		}
	}
	diags.Sort()
	out := make([]string, 0, len(diags))
	for _, d := range diags {
		if d.Span.Start < 0 || d.Span.End > len(src) || d.Span.Start > d.Span.End {
			t.Errorf("%s at %v: span outside %d bytes", d.Code, d.Span, len(src))
		}
		out = append(out, strings.TrimSpace(d.Path+" "+string(d.Code)+" "+d.Severity.String()))
	}
	return out
}

const s3Head = `{"Version":"2012-10-17","Statement":[`
const s3Good = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/*"}`

func s3(stmts ...string) string { return s3Head + strings.Join(stmts, ",") + "]}" }

const cosRes = `"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"`
const cosUser = `{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]}`

func cos(stmt string) string { return `{"version":"2.0","statement":[` + stmt + `]}` }

func qs(stmts ...string) string { return `{"statement":[` + strings.Join(stmts, ",") + `]}` }

const qsGood = `{"id":"a","user":"usr-1mvNCzZu","action":"get_object","effect":"allow","resource":["mybucket/*"]}`

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   provider.ID
		src  string
		want []string
	}{
		// S3: RULES.md §2.2 and the recorded or emulated MalformedPolicy cases.
		{"s3 valid", provider.S3, s3(s3Good), nil},
		{"s3 single statement object", provider.S3, `{"Version":"2012-10-17","Statement":` + s3Good + `}`, nil},
		{"s3 no statement", provider.S3, `{}`, []string{"/statements policy-statement-missing error"}},
		{"s3 empty statement", provider.S3, `{"Statement":[]}`, []string{"/statements policy-statement-missing error"}},
		{"s3 statement wrong type", provider.S3, `{"Statement":"x"}`, []string{"json-wrong-type error"}},
		{"s3 leading white space", provider.S3, "\n " + s3(s3Good), []string{"policy-leading-text error"}},
		{"s3 too large", provider.S3, s3(s3Good) + strings.Repeat(" ", 20*1024), []string{"policy-too-large error"}},
		{"s3 bad version", provider.S3, `{"Version":"2012-10-16","Statement":[` + s3Good + `]}`, []string{"/version policy-version-invalid error"}},
		{"s3 old version and variable", provider.S3, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b-1/home/${aws:username}/*"}]}`,
			[]string{"/statements/0/resources/0 policy-variables-old-version warning"}},
		{"s3 effect", provider.S3, s3(`{"Effect":"hello","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/effect policy-effect-invalid error"}},
		{"s3 effect case", provider.S3, s3(`{"Effect":"allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/effect policy-effect-invalid error"}},
		{"s3 effect missing", provider.S3, s3(`{"Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/effect policy-effect-missing error"}},
		{"s3 principal missing", provider.S3, s3(`{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/principal policy-principal-missing error"}},
		{"s3 principal list", provider.S3, s3(`{"Effect":"Deny","Principal":["*","grt1"],"Action":"s3:*","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/principal/groups/0 policy-principal-invalid error"}},
		{"s3 principal star mixed", provider.S3, s3(`{"Effect":"Deny","Principal":{"AWS":["*","111122223333"]},"Action":"s3:*","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/principal/groups/0/ids/0 policy-principal-invalid error"}},
		{"s3 principal type", provider.S3, s3(`{"Effect":"Deny","Principal":{"aws":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/principal/groups/0/type policy-principal-invalid error"}},
		{"s3 principal partial wildcard", provider.S3, s3(`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:*","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/principal/groups/0/ids/0 policy-principal-invalid error"}},
		{"s3 principal empty", provider.S3, s3(`{"Effect":"Deny","Principal":{},"Action":"s3:*","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/principal policy-principal-invalid error"}},
		{"s3 principal kinds", provider.S3, s3(`{"Effect":"Deny","Principal":{"Service":"logging.s3.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","Federated":"cognito-identity.amazonaws.com","AWS":["arn:aws:iam::123456789012:role/x","arn:aws:sts::123456789012:assumed-role/r/s","arn:aws-cn:iam::123456789012:user/a/b"]},"Action":"s3:*","Resource":"arn:aws:s3:::bucket"}`), nil},
		{"s3 principal and not principal", provider.S3, s3(`{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/notPrincipal policy-element-conflict error"}},
		{"s3 action missing", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/actions policy-action-missing error"}},
		{"s3 action empty list", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":[],"Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/actions policy-action-missing error"}},
		{"s3 action no prefix", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"invalid_action","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/actions/0 policy-action-invalid error"}},
		{"s3 action other service", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"iam:PassRole","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/actions/0 policy-action-invalid error"}},
		{"s3 action typo", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":["s3:GetObjects","s3:getobject","s3:Get*","s3:*"],"Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/actions/0 policy-action-unknown error"}},
		{"s3 action alias", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:ListObjects","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/actions/0 policy-action-unknown error"}},
		{"s3 wildcard matching nothing", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:Fly*","Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/actions/0 policy-action-unknown error"}},
		{"s3 object action on bucket", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":["s3:PutObject","s3:ListBucket"],"Resource":"arn:aws:s3:::bucket"}`), []string{"/statements/0/actions/0 policy-action-resource-mismatch error"}},
		{"s3 bucket action on objects", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/0/actions/0 policy-action-resource-mismatch error"}},
		{"s3 account action", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:ListAllMyBuckets","Resource":["arn:aws:s3:::bucket","arn:aws:s3:::bucket/*"]}`), []string{"/statements/0/actions/0 policy-action-resource-mismatch error"}},
		{"s3 wildcard bucket covers objects", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket*"}`), nil},
		{"s3 resource star", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`), []string{"/statements/0/resources/0 policy-resource-invalid error"}},
		{"s3 resource forms", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["bucket/*","arn:aws:s3:::/bucket","arn:aws:iam::123456789012:root","arn:aws:s3:us-east-1:123456789012:bucket","arn:aws:s3:::b"]}`),
			[]string{"/statements/0/resources/0 policy-resource-invalid error", "/statements/0/resources/1 policy-resource-invalid error",
				"/statements/0/resources/2 policy-resource-invalid error", "/statements/0/resources/3 policy-resource-invalid error", "/statements/0/resources/4 policy-resource-invalid error"}},
		{"s3 resource missing", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:*"}`), []string{"/statements/0/resources policy-resource-missing error"}},
		{"s3 two buckets", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::one/*","arn:aws:s3:::two/*"]}`), []string{"/statements/0/resources/1 policy-resource-other-bucket error"}},
		{"s3 sid duplicate", provider.S3, s3(`{"Sid":"a","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`, `{"Sid":"a","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"/statements/1/sid policy-sid-duplicate warning"}},
		{"s3 condition operator", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"StringEqual":{"aws:Referer":"x"},"stringequals":{"aws:Referer":"x"},"NullIfExists":{"aws:Referer":"true"},"ForAnyValue:StringLikeIfExists":{"aws:Referer":"x"}}}`),
			[]string{"/statements/0/conditions/0/operator policy-condition-operator-unknown error", "/statements/0/conditions/1/operator policy-condition-operator-unknown error", "/statements/0/conditions/2/operator policy-condition-operator-unknown error"}},
		{"s3 condition keys", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"StringEquals":{"aws:SourceVpcee":"x","SourceVpce":"y","aws:sourcevpce":"z","s3:ExistingObjectTag/team":"t"}}}`),
			[]string{"/statements/0/conditions/0/keys/0/key policy-condition-key-unknown warning", "/statements/0/conditions/0/keys/1/key policy-condition-key-unknown warning"}},
		{"s3 condition values", provider.S3, s3(`{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.0.0.300"]},"Bool":{"aws:SecureTransport":"no"},"NumericLessThan":{"s3:TlsVersion":"1.2"},"DateGreaterThan":{"aws:CurrentTime":"tomorrow"},"Null":{"aws:Referer":[]}}}`),
			[]string{"/statements/0/conditions/0/keys/0/values/1 policy-condition-value-invalid error", "/statements/0/conditions/1/keys/0/values/0 policy-condition-value-invalid error",
				"/statements/0/conditions/3/keys/0/values/0 policy-condition-value-invalid error", "/statements/0/conditions/4/keys/0 policy-condition-value-invalid error"}},
		{"s3 public write and list", provider.S3, s3(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::bucket/*"}`, `{"Effect":"Allow","Principal":"*","Action":"s3:List*","Resource":"arn:aws:s3:::bucket"}`),
			[]string{"/statements/0/principal policy-public-write warning", "/statements/1/principal policy-public-list warning"}},
		{"s3 public restricted by source ip", provider.S3, s3(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::bucket","arn:aws:s3:::bucket/*"],"Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}`), nil},
		{"s3 public not restricted by NotIpAddress", provider.S3, s3(`{"Effect":"Allow","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}`),
			[]string{"/statements/0/principal policy-public-write warning"}},
		{"s3 allow with not", provider.S3, s3(`{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"NotAction":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/private/*"}`),
			[]string{"/statements/0/notPrincipal policy-allow-not-principal warning", "/statements/0/notActions policy-allow-not-action warning", "/statements/0/notResources policy-allow-not-resource warning"}},
		{"s3 key case", provider.S3, s3(`{"effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`), []string{"json-key-case error"}},

		// COS: RULES.md §3.2.
		{"cos valid", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"allow","action":["name/cos:GetObject"],"resource":[` + cosRes + `]}`), nil},
		{"cos capitalised keys", provider.COS, `{"Version":"2.0","Statement":[{"Principal":` + cosUser + `,"Effect":"Allow","Action":"cos:GetObject","Resource":` + cosRes + `}]}`, nil},
		{"cos both spellings", provider.COS, `{"version":"2.0","Version":"2.0","statement":[{"principal":"*","effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `}]}`, []string{"json-duplicate-key error"}},
		{"cos policy-level principal", provider.COS, `{"version":"2.0","principal":` + cosUser + `,"statement":[{"effect":"allow","action":"name/cos:GetObject","resource":` + cosRes + `}]}`, nil},
		{"cos version missing", provider.COS, `{"statement":[{"principal":"*","effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `}]}`, []string{"/version policy-version-missing error"}},
		{"cos version 1", provider.COS, `{"version":"1.0","statement":[{"principal":"*","effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `}]}`, []string{"/version policy-version-invalid error"}},
		{"cos principal missing", provider.COS, cos(`{"effect":"allow","action":"name/cos:GetObject","resource":` + cosRes + `}`), []string{"/statements/0/principal policy-principal-missing error"}},
		{"cos principal forms", provider.COS, cos(`{"principal":{"qcs":["qcs::cam::uid/1:uin/2","qcs::cam::anyone:anyone","qcs::cam::uin/1:groupid/13"],"cam":["x"]},"effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `}`),
			[]string{"/statements/0/principal/groups/0/ids/0 policy-principal-invalid error", "/statements/0/principal/groups/1/type policy-principal-invalid error"}},
		{"cos action forms", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"deny","action":["name/cos:getobject","name/cos:GetObjet","name/cos:FlyBucket","name/cvm:RunInstances","name/cos:Get*","*"],"resource":` + cosRes + `}`),
			[]string{"/statements/0/actions/0 policy-action-unknown error", "/statements/0/actions/1 policy-action-unknown warning", "/statements/0/actions/2 policy-action-unknown warning", "/statements/0/actions/3 policy-action-invalid error"}},
		{"cos resource forms", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"deny","action":"name/cos:*","resource":["qcs::cos:ap-guangzhou:uin/1250000000:examplebucket-1250000000/*","qcs::cos:ap-guangzhou:uid/1250000000:examplebucket/*","qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000001/*","qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/*","qcs::cvm:ap-guangzhou:uid/1250000000:x","qcs::cos:ap-guangzhou:uid/1250000000:prefix//1250000000/examplebucket/*","*","qcs::cos:ap-guangzhou:uid/1250000000:*"]}`),
			[]string{"/statements/0/resources/0 policy-resource-invalid error", "/statements/0/resources/1 policy-resource-invalid error", "/statements/0/resources/2 policy-resource-invalid error",
				"/statements/0/resources/3 policy-resource-invalid error", "/statements/0/resources/4 policy-resource-invalid error", "/statements/0/resources/5 policy-resource-invalid error"}},
		{"cos object action on bucket", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"allow","action":"name/cos:GetObject","resource":"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/"}`),
			[]string{"/statements/0/actions/0 policy-action-resource-mismatch warning"}},
		{"cos two buckets", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"allow","action":"name/cos:GetObject","resource":[` + cosRes + `,"qcs::cos:ap-beijing:uid/1250000000:other-1250000000/*"]}`),
			[]string{"/statements/0/resources/1 policy-resource-other-bucket warning"}},
		{"cos operators", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `,"condition":{"StringEqual":{"cos:versionid":"x"},"ip_equal_if_exist":{"qcs:ip":"10.*.*.10/24"},"numeric_less_than":{"cos:tls-version":"1.2"},"for_any_value:string_equal":{"qcs:vpc":"vpc-1"}}}`),
			[]string{"/statements/0/conditions/0/operator policy-condition-operator-unknown error", "/statements/0/conditions/1/keys/0/values/0 policy-condition-value-invalid error"}},
		{"cos condition key", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `,"condition":{"string_equal":{"qcs: ip":"x"}}}`),
			[]string{"/statements/0/conditions/0/keys/0/key policy-condition-key-unknown warning"}},
		{"cos wildcard action with request key", provider.COS, cos(`{"principal":` + cosUser + `,"effect":"deny","action":"name/cos:*","resource":` + cosRes + `,"condition":{"string_equal":{"cos:x-cos-storage-class":"ARCHIVE","vpc:requester_vpc":"vpc-1"}}}`),
			[]string{"/statements/0/conditions/0/keys/0/key policy-condition-wildcard-action warning"}},
		{"cos public write", provider.COS, `{"version":"2.0","principal":{"qcs":["qcs::cam::anyone:anyone"]},"statement":[{"effect":"allow","action":["name/cos:PutObject","name/cos:GetBucket"],"resource":` + cosRes + `}]}`,
			[]string{"/principal policy-public-list warning", "/principal policy-public-write warning"}},
		{"cos unknown key", provider.COS, cos(`{"principal":"*","effect":"deny","action":"name/cos:GetObject","resource":` + cosRes + `,"notaction":"x"}`), []string{"json-unknown-key warning"}},

		// QingStor: RULES.md §4.2.
		{"qingstor valid", provider.QingStor, qs(qsGood), nil},
		{"qingstor docs forms", provider.QingStor, qs(`{"id":"b","user":["*"],"action":["head_bucket","get_bucket_stats"],"effect":"allow","condition":{"string_like":{"Referer":"*.example.com"},"is_null":{"Referer":true},"not_ip_address":{"source_ip":["192.0.2.0/24"]}}}`), nil},
		{"qingstor id missing and duplicate", provider.QingStor, qs(qsGood, qsGood, `{"user":"*","action":"get_object","effect":"allow","resource":["mybucket/*"]}`),
			[]string{"/statements/1/sid policy-sid-duplicate error", "/statements/2/sid policy-sid-missing error"}},
		{"qingstor id too long", provider.QingStor, qs(`{"id":"` + strings.Repeat("i", 101) + `","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*"]}`),
			[]string{"/statements/0/sid policy-field-too-long error"}},
		{"qingstor user too long", provider.QingStor, qs(`{"id":"a","user":["` + strings.Repeat("u", 200) + `","` + strings.Repeat("v", 101) + `"],"action":"get_object","effect":"deny","resource":["mybucket/*"]}`),
			[]string{"/statements/0/principal policy-field-too-long error"}},
		{"qingstor effect case", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"Allow","resource":["mybucket/*"]}`), []string{"/statements/0/effect policy-effect-invalid error"}},
		{"qingstor user missing", provider.QingStor, qs(`{"id":"a","action":"get_object","effect":"deny","resource":["mybucket/*"]}`), []string{"/statements/0/principal policy-principal-missing error"}},
		{"qingstor user object", provider.QingStor, qs(`{"id":"a","user":{"qcs":["x"]},"action":"get_object","effect":"deny","resource":["mybucket/*"]}`), []string{"json-wrong-type error"}},
		{"qingstor actions", provider.QingStor, qs(`{"id":"a","user":"*","action":["put_object","get_objec","*","GET_OBJECT","list_multipart"],"effect":"deny","resource":["mybucket/*"]}`),
			[]string{"/statements/0/actions/0 policy-action-unknown error", "/statements/0/actions/1 policy-action-unknown error", "/statements/0/actions/2 policy-action-unknown error", "/statements/0/actions/3 policy-action-unknown error"}},
		{"qingstor object action without resource", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"deny"}`), []string{"/statements/0/resources policy-resource-missing error"}},
		{"qingstor object action on bucket", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"deny","resource":"mybucket"}`), []string{"/statements/0/actions/0 policy-action-resource-mismatch error"}},
		{"qingstor bucket action on objects", provider.QingStor, qs(`{"id":"a","user":"*","action":["head_bucket","list_objects"],"effect":"deny","resource":["mybucket/*"]}`), []string{"/statements/0/actions/0 policy-action-resource-mismatch error"}},
		{"qingstor resources", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"deny","resource":["arn:aws:s3:::mybucket/*","/mybucket/*","my*/x","Bad_Bucket/*"]}`),
			[]string{"/statements/0/resources/0 policy-resource-invalid error", "/statements/0/resources/1 policy-resource-invalid error", "/statements/0/resources/2 policy-resource-invalid error", "/statements/0/resources/3 policy-resource-invalid error"}},
		{"qingstor two buckets", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*","otherbucket/*"]}`), []string{"/statements/0/resources/1 policy-resource-other-bucket warning"}},
		{"qingstor conditions", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*"],"condition":{"string_equal":{"Referer":"x"},"ip_address":{"Referer":["x"]},"string_like":{"referer":"x"},"is_null":{"Referer":"true"},"not_ip_address":{"source_ip":"300.0.0.0/8"}}}`),
			[]string{"/statements/0/conditions/0/operator policy-condition-operator-unknown error", "/statements/0/conditions/1/keys/0/key policy-condition-key-unknown error",
				"/statements/0/conditions/1/keys/0/values/0 policy-condition-value-invalid error", "/statements/0/conditions/2/keys/0/key policy-condition-key-unknown error",
				"/statements/0/conditions/3/keys/0/values/0 policy-condition-value-invalid error", "/statements/0/conditions/4/keys/0/values/0 policy-condition-value-invalid error"}},
		{"qingstor is_null list", provider.QingStor, qs(`{"id":"a","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*"],"condition":{"is_null":{"Referer":[true,false]}}}`),
			[]string{"/statements/0/conditions/0/keys/0 policy-condition-value-invalid error"}},
		{"qingstor public", provider.QingStor, qs(`{"id":"a","user":"*","action":["create_object","list_objects"],"effect":"allow","resource":["mybucket/*"]}`),
			[]string{"/statements/0/principal policy-public-list warning", "/statements/0/principal policy-public-write warning"}},
		{"qingstor public but ip-limited", provider.QingStor, qs(`{"id":"a","user":"*","action":["create_object"],"effect":"allow","resource":["mybucket/*"],"condition":{"ip_address":{"source_ip":["192.0.2.0/24"]}}}`), nil},
		{"qingstor key case", provider.QingStor, qs(`{"ID":"a","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*"]}`), []string{"json-key-case error"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, tc.id, tc.src)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

// TestDecodePaths: the locator points every model path at its text.
func TestDecodePaths(t *testing.T) {
	t.Parallel()
	src := `{"Statement":{"Principal":{"AWS":["a","b"]},"Action":"s3:GetObject","Condition":{"Bool":{"aws:SecureTransport":false}}}}`
	root, _ := jsonsyn.Parse(src)
	p, loc, diags := DecodeS3(root)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	for path, want := range map[string]string{
		"/statements/0/principal/groups/0/type":                `"AWS"`,
		"/statements/0/principal/groups/0/ids/1":               `"b"`,
		"/statements/0/actions/0":                              `"s3:GetObject"`,
		"/statements/0/conditions/0/operator":                  `"Bool"`,
		"/statements/0/conditions/0/keys/0/key":                `"aws:SecureTransport"`,
		"/statements/0/conditions/0/keys/0/values/0":           `false`,
		"/statements/0/conditions/0/keys/0":                    `false`,
		"/statements/0/principal/groups/0":                     `["a","b"]`,
		"/statements/0/principal":                              `{"AWS":["a","b"]}`,
		"/statements/0/conditions":                             `{"Bool":{"aws:SecureTransport":false}}`,
		"/statements/0/conditions/0/keys/0/values/0/../../key": ``,
	} {
		l, ok := loc.Lookup(path)
		if want == "" {
			if ok {
				t.Errorf("%s is located", path)
			}
			continue
		}
		if !ok || src[l.Value.Start:l.Value.End] != want {
			t.Errorf("%s at %v, want %s", path, l.Value, want)
		}
	}
	c := p.Statements[0].Conditions[0].Keys[0]
	if !c.Single || !c.Literal || c.Values[0] != "false" {
		t.Errorf("condition value %+v", c)
	}
}

// TestSeverityFollowsProfile: what one provider refuses another merely
// ignores; the registry holds the default.
func TestSeverityFollowsProfile(t *testing.T) {
	t.Parallel()
	if diag.PolicyActionUnknown.Severity() != diag.Error || diag.PolicyConditionKey.Severity() != diag.Warning {
		t.Fatal("registry severities changed")
	}
}

func TestCheckBucket(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id     provider.ID
		src    string
		bucket string
		want   []string
	}{
		{provider.S3, s3(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::acl3/*","arn:aws:s3:::examplebucket/*","arn:aws:s3:::example*"]}`), "examplebucket",
			[]string{"/statements/0/resources/0 policy-resource-other-bucket error"}},
		{provider.S3, s3(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::other*/x"]}`), "examplebucket",
			[]string{"/statements/0/resources/0 policy-resource-other-bucket error"}},
		{provider.COS, cos(`{"principal":"*","effect":"allow","action":"name/cos:GetObject","resource":[` + cosRes + `,"*","qcs::cos:ap-guangzhou:uid/1250000000:*"]}`), "examplebucket-1250000000", nil},
		{provider.COS, cos(`{"principal":"*","effect":"allow","action":"name/cos:GetObject","resource":[` + cosRes + `]}`), "other-1250000000",
			[]string{"/statements/0/resources/0 policy-resource-other-bucket warning"}},
		{provider.QingStor, qs(qsGood), "mybucket", nil},
	}
	for _, tc := range tests {
		root, _ := jsonsyn.Parse(tc.src)
		p, _, _ := Decode(root, policyProfile(tc.id))
		var got []string
		for _, d := range CheckBucket(*p, policyProfile(tc.id), tc.bucket) {
			got = append(got, d.Path+" "+string(d.Code)+" "+d.Severity.String())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s on %s: got %q, want %q", tc.src, tc.bucket, got, tc.want)
		}
	}
}
