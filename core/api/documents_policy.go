package api

import (
	"bucketlab/core/diag"
	"bucketlab/core/policy"
	"bucketlab/core/provider"
	"bucketlab/core/sign"
	"bucketlab/core/syntax/jsonsyn"
)

// Bucket policies of the three providers, all JSON.
func init() {
	codecs[codecKey{provider.S3, provider.Policy, provider.JSON}] = codec{
		decode:    decodeS3Policy,
		validate:  validatePolicy,
		forBucket: policyForBucket,
		// PutBucketPolicyInput.Policy is a string: the SDKs send the text
		// as written, so the wire bytes are the source itself.
		encode: func(m any) (Wire, error) {
			return policyWire(m.(*s3Policy).source), nil
		},
	}
	codecs[codecKey{provider.COS, provider.Policy, provider.JSON}] = codec{
		decode:    jsonDecoder(policyDecoder(policy.DecodeCOS)),
		validate:  validatePolicy,
		forBucket: policyForBucket,
		encode: func(m any) (Wire, error) {
			b, err := policy.EncodeCOS(*m.(*policy.Policy))
			return policyWire(string(b)), err
		},
	}
	codecs[codecKey{provider.QingStor, provider.Policy, provider.JSON}] = codec{
		decode:    jsonDecoder(policyDecoder(policy.DecodeQingStor)),
		validate:  validatePolicy,
		forBucket: policyForBucket,
		encode: func(m any) (Wire, error) {
			b, err := policy.EncodeQingStor(*m.(*policy.Policy))
			return policyWire(string(b)), err
		},
	}
}

// s3Policy is an S3 policy with the text it was read from, which is what
// goes on the wire. Its JSON form is the policy model.
type s3Policy struct {
	*policy.Policy
	source string
}

func decodeS3Policy(source string) (any, *diag.Locator, diag.List) {
	diags := policy.CheckSourceS3(source)
	root, more := jsonsyn.Parse(source)
	diags = append(diags, more...)
	if root == nil {
		return nil, nil, diags
	}
	p, loc, more := policy.DecodeS3(root)
	diags = append(diags, more...)
	if p == nil {
		return nil, loc, diags
	}
	return &s3Policy{Policy: p, source: source}, loc, diags
}

func policyDecoder(fn func(*jsonsyn.Node) (*policy.Policy, *diag.Locator, diag.List)) func(*jsonsyn.Node) (any, *diag.Locator, diag.List) {
	return func(root *jsonsyn.Node) (any, *diag.Locator, diag.List) {
		p, loc, diags := fn(root)
		if p == nil {
			return nil, loc, diags // not a typed nil: checkDocument tests for nil
		}
		return p, loc, diags
	}
}

func validatePolicy(m any, p provider.Profile) diag.List {
	switch m := m.(type) {
	case *s3Policy:
		return policy.Validate(*m.Policy, p.Policy)
	case *policy.Policy:
		return policy.Validate(*m, p.Policy)
	}
	return nil
}

// policyWire: the body is JSON. No SDK adds headers of its own for a
// policy (Content-MD5 is computed by check for every body).
func policyWire(body string) Wire {
	return Wire{ContentType: "application/json", Body: body, Headers: []sign.Header{}}
}

func policyForBucket(m any, p provider.Profile, bucket string) diag.List {
	switch m := m.(type) {
	case *s3Policy:
		return policy.CheckBucket(*m.Policy, p.Policy, bucket)
	case *policy.Policy:
		return policy.CheckBucket(*m, p.Policy, bucket)
	}
	return nil
}
