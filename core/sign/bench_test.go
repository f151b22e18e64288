package sign_test

import (
	"testing"
	"time"

	"bucketlab/core/sign"
	"bucketlab/core/sign/cossign"
	"bucketlab/core/sign/qssign"
	"bucketlab/core/sign/sigv4"
)

// BenchmarkSign measures one signature of a PUT /?cors with a small body per
// scheme. Run natively (make bench) and under wasm in Node
// (GOOS=js GOARCH=wasm go test -bench . ./core/sign/) for the ratio.
func BenchmarkSign(b *testing.B) {
	body := []byte(`{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"]}]}`)
	base := func(host string) sign.Request {
		return sign.Request{Method: "PUT", Host: host, Path: "/", Query: []sign.Param{{Key: "cors", NoValue: true}},
			Headers: []sign.Header{{Name: "Host", Value: host}, {Name: "Content-Type", Value: "application/json"},
				{Name: "Content-MD5", Value: "abcdefghijklmnopqrstuv=="}, {Name: "Content-Length", Value: sign.ContentLength(body)}},
			Body: body}
	}
	cred := sign.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	b.Run("qingstor", func(b *testing.B) {
		r := base("mybucket.pek3a.qingstor.com")
		r.Headers = append(r.Headers, sign.Header{Name: "Date", Value: "Mon, 23 Nov 2026 10:00:00 GMT"})
		for i := 0; i < b.N; i++ {
			qssign.Sign(r, cred, qssign.Options{Bucket: "mybucket"})
		}
	})
	b.Run("cos", func(b *testing.B) {
		r := base("examplebucket-1250000000.cos.ap-beijing.myqcloud.com")
		for i := 0; i < b.N; i++ {
			if _, err := cossign.Sign(r, cred, cossign.Options{SignStart: t0, SignEnd: t0.Add(time.Hour)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sigv4", func(b *testing.B) {
		r := base("examplebucket.s3.us-east-1.amazonaws.com")
		for i := 0; i < b.N; i++ {
			if _, err := sigv4.Sign(r, cred, sigv4.Options{Time: t0, Region: "us-east-1", Service: "s3", S3: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
