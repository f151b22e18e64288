package policy

import (
	"os"
	"testing"

	"bucketlab/core/syntax/jsonsyn"
)

// BenchmarkCheckS3Large decodes and validates a 20 KB S3 policy (71
// statements, just over the limit), the largest document S3 accepts.
func BenchmarkCheckS3Large(b *testing.B) {
	src, err := os.ReadFile("../api/testdata/s3-policy/too-large.json")
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		root, _ := jsonsyn.Parse(string(src))
		p, loc, _ := DecodeS3(root)
		loc.Resolve(Validate(*p, s3Profile))
	}
}

// BenchmarkCheckCOS decodes, validates and encodes a typical COS policy.
func BenchmarkCheckCOS(b *testing.B) {
	src, err := os.ReadFile("../api/testdata/cos-policy/policy-level-principal.json")
	if err != nil {
		b.Skip(err)
	}
	for i := 0; i < b.N; i++ {
		root, _ := jsonsyn.Parse(string(src))
		p, loc, _ := DecodeCOS(root)
		loc.Resolve(Validate(*p, cosProfile))
		if _, err := EncodeCOS(*p); err != nil {
			b.Fatal(err)
		}
	}
}
