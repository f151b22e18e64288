package policy

import (
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

// fuzzDecode: any JSON decodes and validates without panic; every span the
// decoder reports or the locator resolves lies inside the input; a policy
// without errors encodes, and its encoding decodes again.
func fuzzDecode(t *testing.T, in string, prof provider.PolicyProfile, enc func(Policy) ([]byte, error)) {
	inside := func(what string, diags diag.List) {
		for _, d := range diags {
			if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
				t.Fatalf("%s %s span %v outside %d bytes", what, d.Code, d.Span, len(in))
			}
		}
	}
	inside("source", CheckSource(in, prof))
	root, _ := jsonsyn.Parse(in)
	if root == nil {
		return
	}
	p, loc, diags := Decode(root, prof)
	inside("decode", diags)
	if p == nil {
		return
	}
	v := Validate(*p, prof)
	loc.Resolve(v)
	inside("validate", v)
	if diags.HasErrors() || v.HasErrors() {
		return
	}
	wire, err := enc(*p)
	if err != nil {
		t.Fatalf("valid policy does not encode: %v\n%s", err, in)
	}
	if root2, d := jsonsyn.Parse(string(wire)); root2 == nil {
		t.Fatalf("encoding is not JSON: %v\n%s", d, wire)
	}
}

func FuzzDecodeS3(f *testing.F) {
	f.Add(s3(s3Good))
	f.Add(`{"Statement":{"Effect":"Allow","Principal":{"AWS":["*","1"]},"NotAction":"s3:Get*","Resource":"arn:aws:s3:::b/*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:Referer":[1,true,"x"]}}}}`)
	f.Add(` {"Version":"2008-10-17","Statement":[{"Sid":1,"Effect":["Allow"],"Principal":[],"Action":{},"Resource":null,"Condition":"x"}]}`)
	f.Fuzz(func(t *testing.T, in string) { fuzzDecode(t, in, s3Profile, EncodeS3) })
}

func FuzzDecodeCOS(f *testing.F) {
	f.Add(cos(`{"principal":` + cosUser + `,"effect":"allow","action":["name/cos:GetObject"],"resource":[` + cosRes + `],"condition":{"ip_equal":{"qcs:ip":["10.0.0.0/8"]}}}`))
	f.Add(`{"Version":"2.0","version":"2.0","Principal":"*","statement":[{"Principal":{"qcs":"x","cam":[1]},"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	f.Fuzz(func(t *testing.T, in string) { fuzzDecode(t, in, cosProfile, EncodeCOS) })
}

func FuzzDecodeQingStor(f *testing.F) {
	f.Add(qs(qsGood))
	f.Add(qs(`{"id":"b","user":["*"],"action":["head_bucket"],"effect":"allow","condition":{"string_like":{"Referer":"*.example.com"},"is_null":{"Referer":true},"not_ip_address":{"source_ip":["192.0.2.0/24"]}}}`))
	f.Add(`{"statement":[{"ID":1,"user":{"a":1},"action":[null],"effect":"deny","condition":{"is_null":{"Referer":"true"}}}],"x":1}`)
	f.Fuzz(func(t *testing.T, in string) { fuzzDecode(t, in, qingstorProfile, EncodeQingStor) })
}
