package cors

import (
	"bytes"
	"context"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	cos "github.com/tencentyun/cos-go-sdk-v5"

	"bucketlab/core/diag"
	"bucketlab/core/digest"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

// The official Go SDKs (test-only dependencies) send the same models:
// cos-go-sdk-v5 v0.7.75 (BucketService.PutCORS, encoding/xml) and
// aws-sdk-go-v2/service/s3 v1.114.7 (PutBucketCors, smithy-go's restxml
// serializer). Each request is captured by a stub HTTP client that answers
// 200 at once; nothing leaves the process. The bodies must be equal byte
// for byte, and the Content-Type too.

// captured is the last request a stub transport saw.
type captured struct {
	req  *http.Request
	body []byte
}

func (c *captured) RoundTrip(r *http.Request) (*http.Response, error) { return c.Do(r) }

func (c *captured) Do(r *http.Request) (*http.Response, error) {
	c.req = r
	c.body = nil
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		c.body = b
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(nil)),
		ContentLength: 0, Request: r}, nil
}

// sdkWords add characters XML cannot hold, which every writer turns into U+FFFD.
var sdkWords = append([]string{"\x01ctl", "bad\xffutf8", "\uFFFE"}, xmlWords...)

// fixtureModels are the models of the check op's fixtures
// (core/api/testdata/<provider>-cors) that have no error, so that every
// wire body a golden file shows is compared with the SDK's too.
func fixtureModels(t *testing.T, id provider.ID, p provider.CORSProfile) []Config {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "api", "testdata", string(id)+"-cors", "*.*"))
	var out []Config
	for _, file := range files {
		var cfg *Config
		var diags diag.List
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(file) {
		case ".xml":
			if root, d := xmlsyn.Parse(string(src)); root != nil {
				cfg, _, diags = DecodeXML(root, p)
			} else {
				diags = d
			}
		case ".json":
			if root, d := jsonsyn.Parse(string(src)); root != nil {
				cfg, _, diags = DecodeS3Console(root)
			} else {
				diags = d
			}
		default:
			continue
		}
		if cfg == nil || diags.HasErrors() || Validate(*cfg, p).HasErrors() || ValidateXMLBody(*cfg, p).HasErrors() {
			continue
		}
		out = append(out, *cfg)
	}
	if len(out) < 3 {
		t.Fatalf("only %d valid %s fixtures", len(out), id)
	}
	return out
}

// sdkModels are the fixtures' models, fixed cases and random ones;
// maxAge0 says whether a max age of 0 may appear (COS's SDK cannot send it).
func sdkModels(t *testing.T, id provider.ID, p provider.CORSProfile, maxAge0 bool) []Config {
	age, zero := int64(3000), int64(0)
	out := append(fixtureModels(t, id, p), []Config{
		{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}}},
		{Rules: []Rule{{ID: "uploads", AllowedOrigins: []string{"https://a.example.com", "https://*.example.net"},
			AllowedMethods: []string{"PUT", "POST", "DELETE"}, AllowedHeaders: []string{"*"},
			ExposeHeaders: []string{"ETag", "x-request-id"}, MaxAgeSeconds: &age}}},
	}...)
	if maxAge0 {
		out = append(out, Config{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"HEAD"}, MaxAgeSeconds: &zero}}})
	}
	rng := rand.New(rand.NewSource(3))
	for len(out) < 400 {
		cfg := randomConfig(rng, p.Methods, sdkWords, p.ResponseVary)
		keep := true
		for _, r := range cfg.Rules {
			if r.MaxAgeSeconds != nil && *r.MaxAgeSeconds == 0 && !maxAge0 {
				keep = false
			}
		}
		if keep {
			out = append(out, cfg)
		}
	}
	return out
}

func TestEncodeXMLMatchesCOSSDK(t *testing.T) {
	t.Parallel()
	p := corsOf(t, provider.COS)
	base, _ := url.Parse("https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com")
	stub := &captured{}
	client := cos.NewClient(&cos.BaseURL{BucketURL: base}, &http.Client{Transport: stub})
	for i, cfg := range sdkModels(t, provider.COS, p, false) {
		opt := &cos.BucketPutCORSOptions{}
		for _, r := range cfg.Rules {
			rule := cos.BucketCORSRule{ID: r.ID, AllowedMethods: r.AllowedMethods, AllowedOrigins: r.AllowedOrigins,
				AllowedHeaders: r.AllowedHeaders, ExposeHeaders: r.ExposeHeaders}
			if r.MaxAgeSeconds != nil {
				rule.MaxAgeSeconds = int(*r.MaxAgeSeconds)
			}
			opt.Rules = append(opt.Rules, rule)
		}
		if cfg.ResponseVary != nil {
			opt.ResponseVary = map[bool]string{true: "true", false: "false"}[*cfg.ResponseVary]
		}
		if _, err := client.Bucket.PutCORS(context.Background(), opt); err != nil {
			t.Fatalf("model %d: SDK: %v", i, err)
		}
		ours, err := EncodeXML(cfg, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, stub.body) {
			t.Fatalf("model %d %+v:\nours %s\n SDK %s", i, cfg, ours, stub.body)
		}
		if ct := stub.req.Header.Get("Content-Type"); ct != "application/xml" {
			t.Errorf("SDK Content-Type = %q", ct)
		}
		// The SDK sets the key verbatim, not canonicalised ("Content-Md5").
		if md5 := stub.req.Header["Content-MD5"]; len(md5) != 1 || md5[0] != digest.ContentMD5(ours) {
			t.Errorf("SDK Content-MD5 = %q, ours %q", md5, digest.ContentMD5(ours))
		}
	}
}

// TestCOSSDKDropsMaxAgeZero pins the one known difference: the SDK's
// MaxAgeSeconds is an int with omitempty, so 0 is not sent; EncodeXML
// sends what the document says.
func TestCOSSDKDropsMaxAgeZero(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com")
	stub := &captured{}
	client := cos.NewClient(&cos.BaseURL{BucketURL: base}, &http.Client{Transport: stub})
	opt := &cos.BucketPutCORSOptions{Rules: []cos.BucketCORSRule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}}}
	if _, err := client.Bucket.PutCORS(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	ours, _ := EncodeXML(Config{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}, MaxAgeSeconds: &zero}}}, corsOf(t, provider.COS))
	want := bytes.Replace(stub.body, []byte("</AllowedOrigin>"), []byte("</AllowedOrigin><MaxAgeSeconds>0</MaxAgeSeconds>"), 1)
	if !bytes.Equal(ours, want) {
		t.Errorf("ours %s\nwant %s (SDK %s)", ours, want, stub.body)
	}
}

func TestEncodeXMLMatchesS3SDK(t *testing.T) {
	t.Parallel()
	p := corsOf(t, provider.S3)
	stub := &captured{}
	client := s3.New(s3.Options{
		Region:           "us-east-1",
		Credentials:      aws.AnonymousCredentials{},
		HTTPClient:       stub,
		RetryMaxAttempts: 1,
	})
	for i, cfg := range sdkModels(t, provider.S3, p, true) {
		if len(cfg.Rules) == 0 {
			continue // the SDK refuses it itself: "missing required field …CORSRules"
		}
		in := &s3types.CORSConfiguration{}
		for _, r := range cfg.Rules {
			rule := s3types.CORSRule{AllowedMethods: r.AllowedMethods, AllowedOrigins: r.AllowedOrigins,
				AllowedHeaders: r.AllowedHeaders, ExposeHeaders: r.ExposeHeaders}
			if r.ID != "" {
				rule.ID = aws.String(r.ID)
			}
			if r.MaxAgeSeconds != nil {
				rule.MaxAgeSeconds = aws.Int32(int32(*r.MaxAgeSeconds))
			}
			in.CORSRules = append(in.CORSRules, rule)
		}
		_, err := client.PutBucketCors(context.Background(), &s3.PutBucketCorsInput{Bucket: aws.String("examplebucket"), CORSConfiguration: in})
		if err != nil {
			t.Fatalf("model %d: SDK: %v", i, err)
		}
		ours, err := EncodeXML(cfg, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, stub.body) {
			t.Fatalf("model %d %+v:\nours %s\n SDK %s", i, cfg, ours, stub.body)
		}
		if ct := stub.req.Header.Get("Content-Type"); ct != "application/xml" {
			t.Errorf("SDK Content-Type = %q", ct)
		}
	}
	t.Logf("the S3 SDK's integrity headers: %v", integrityHeaders(stub.req.Header))
}

func integrityHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for k := range h {
		switch k {
		case "Content-Md5", "X-Amz-Checksum-Crc32", "X-Amz-Checksum-Crc32c", "X-Amz-Sdk-Checksum-Algorithm", "X-Amz-Content-Sha256", "Content-Type":
			out[k] = h.Get(k)
		}
	}
	return out
}
