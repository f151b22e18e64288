package acl

import (
	"bytes"
	"context"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	qsconfig "github.com/qingstor/qingstor-sdk-go/v4/config"
	qsservice "github.com/qingstor/qingstor-sdk-go/v4/service"
	cos "github.com/tencentyun/cos-go-sdk-v5"

	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

// The official Go SDKs (test-only dependencies: cos-go-sdk-v5 v0.7.75,
// aws-sdk-go-v2 service/s3 v1.114.7, qingstor-sdk-go v4.4.1) build the same
// PUT ?acl for every valid fixture in ../api/testdata/<provider>-acl and
// for random valid models; body, Content-Type and ACL headers must equal
// the wire the codecs write, byte for byte. Nothing touches the network:
// the COS and S3 clients get a transport that records the request and
// answers 200; the QingStor request is only built.

// recorder is an http.RoundTripper and an S3 HTTPClient: it keeps the last
// request and its body and answers 200 with an empty body.
type recorder struct {
	req  *http.Request
	body []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.req = req
	r.body = nil
	if req.Body != nil {
		r.body, _ = io.ReadAll(req.Body)
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Length": {"0"}},
		Body: io.NopCloser(bytes.NewReader(nil)), Request: req}, nil
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) { return r.RoundTrip(req) }

// models are the valid fixtures of one provider × form plus random models.
func models(t *testing.T, id provider.ID, f provider.Format) []ACL {
	t.Helper()
	p := profile(t, id)
	ext := map[provider.Format]string{provider.XML: ".xml", provider.Headers: ".headers", provider.JSON: ".json"}[f]
	files, _ := filepath.Glob(filepath.Join("..", "api", "testdata", string(id)+"-acl", "*"+ext))
	var out []ACL
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src := string(raw)
		var a *ACL
		switch f {
		case provider.XML:
			if root, _ := xmlsyn.Parse(src); root != nil {
				a, _, _ = DecodeXML(root, p)
			}
		case provider.Headers:
			a, _, _ = DecodeHeaders(src, p)
		case provider.JSON:
			if root, _ := jsonsyn.Parse(src); root != nil {
				a, _, _ = DecodeQingStor(root)
			}
		}
		if a != nil && !Validate(*a, p, f).HasErrors() {
			out = append(out, *a)
		}
	}
	if len(out) < 2 {
		t.Fatalf("%s %s: only %d valid fixtures", id, f, len(out))
	}
	g := gen{rng: rand.New(rand.NewSource(7)), p: p}
	for i := 0; i < 100; i++ {
		out = append(out, g.model(id, f))
	}
	return out
}

func TestCOSAgainstSDK(t *testing.T) {
	p := profile(t, provider.COS)
	u, _ := url.Parse("https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com")
	rec := &recorder{}
	client := cos.NewClient(&cos.BaseURL{BucketURL: u}, &http.Client{Transport: rec})

	for _, a := range models(t, provider.COS, provider.XML) {
		body := &cos.ACLXml{}
		if a.Owner != nil {
			body.Owner = &cos.Owner{ID: a.Owner.ID, DisplayName: a.Owner.DisplayName}
		}
		for _, g := range a.Grants {
			body.AccessControlList = append(body.AccessControlList, cos.ACLGrant{
				Grantee:    &cos.ACLGrantee{Type: g.Grantee.Type, ID: g.Grantee.ID, URI: g.Grantee.URI, DisplayName: g.Grantee.DisplayName},
				Permission: g.Permission,
			})
		}
		if _, err := client.Bucket.PutACL(context.Background(), &cos.BucketPutACLOptions{Body: body}); err != nil {
			t.Fatal(err)
		}
		ours, err := EncodeXML(a, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, rec.body) {
			t.Errorf("body:\n got %s\nSDK %s", ours, rec.body)
		}
		if ct := rec.req.Header.Get("Content-Type"); ct != XMLContentType {
			t.Errorf("Content-Type: SDK %q, ours %q", ct, XMLContentType)
		}
	}

	for _, a := range models(t, provider.COS, provider.Headers) {
		hs, err := EncodeHeaders(a, p)
		if err != nil {
			t.Fatal(err)
		}
		opt := &cos.ACLHeaderOptions{}
		fields := map[string]*string{
			"X-Cos-Acl": &opt.XCosACL, "X-Cos-Grant-Read": &opt.XCosGrantRead, "X-Cos-Grant-Write": &opt.XCosGrantWrite,
			"X-Cos-Grant-Full-Control": &opt.XCosGrantFullControl, "X-Cos-Grant-Read-Acp": &opt.XCosGrantReadACP, "X-Cos-Grant-Write-Acp": &opt.XCosGrantWriteACP,
		}
		for _, h := range hs {
			*fields[h.Name] = h.Value
		}
		if _, err := client.Bucket.PutACL(context.Background(), &cos.BucketPutACLOptions{Header: opt}); err != nil {
			t.Fatal(err)
		}
		if got := sdkHeaders(rec.req.Header, "X-Cos-"); !equalHeaders(got, hs) {
			t.Errorf("headers:\n got %v\nSDK %v", hs, got)
		}
		if ct := rec.req.Header.Get("Content-Type"); ct != p.Headers.ContentType {
			t.Errorf("Content-Type: SDK %q, ours %q", ct, p.Headers.ContentType)
		}
		if len(rec.body) != 0 {
			t.Errorf("the SDK sent a body %q", rec.body)
		}
	}
}

func TestS3AgainstSDK(t *testing.T) {
	p := profile(t, provider.S3)
	rec := &recorder{}
	client := s3.New(s3.Options{
		Region:      "us-east-1",
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  rec,
		// Only a checksum the operation requires; it goes in a header.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
	})
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, a := range models(t, provider.S3, provider.XML) {
		policy := &s3types.AccessControlPolicy{}
		if a.Owner != nil {
			policy.Owner = &s3types.Owner{ID: str(a.Owner.ID), DisplayName: str(a.Owner.DisplayName)}
		}
		if a.Grants != nil {
			policy.Grants = []s3types.Grant{}
		}
		for _, g := range a.Grants {
			policy.Grants = append(policy.Grants, s3types.Grant{
				Grantee: &s3types.Grantee{Type: s3types.Type(g.Grantee.Type), ID: str(g.Grantee.ID), URI: str(g.Grantee.URI),
					EmailAddress: str(g.Grantee.Email), DisplayName: str(g.Grantee.DisplayName)},
				Permission: s3types.Permission(g.Permission),
			})
		}
		if _, err := client.PutBucketAcl(context.Background(), &s3.PutBucketAclInput{Bucket: aws.String("examplebucket"), AccessControlPolicy: policy}); err != nil {
			t.Fatal(err)
		}
		ours, err := EncodeXML(a, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, rec.body) {
			t.Errorf("body:\n got %s\nSDK %s", ours, rec.body)
		}
		if ct := rec.req.Header.Get("Content-Type"); ct != XMLContentType {
			t.Errorf("Content-Type: SDK %q, ours %q", ct, XMLContentType)
		}
	}

	for _, a := range models(t, provider.S3, provider.Headers) {
		hs, err := EncodeHeaders(a, p)
		if err != nil {
			t.Fatal(err)
		}
		in := &s3.PutBucketAclInput{Bucket: aws.String("examplebucket")}
		for _, h := range hs {
			v := aws.String(h.Value)
			switch h.Name {
			case "X-Amz-Acl":
				in.ACL = s3types.BucketCannedACL(h.Value)
			case "X-Amz-Grant-Read":
				in.GrantRead = v
			case "X-Amz-Grant-Write":
				in.GrantWrite = v
			case "X-Amz-Grant-Read-Acp":
				in.GrantReadACP = v
			case "X-Amz-Grant-Write-Acp":
				in.GrantWriteACP = v
			case "X-Amz-Grant-Full-Control":
				in.GrantFullControl = v
			default:
				t.Fatalf("unexpected header %s", h.Name)
			}
		}
		if _, err := client.PutBucketAcl(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		got := sdkHeaders(rec.req.Header, "X-Amz-Acl", "X-Amz-Grant-")
		if !equalHeaders(got, hs) {
			t.Errorf("headers:\n got %v\nSDK %v", hs, got)
		}
		if ct := rec.req.Header.Get("Content-Type"); ct != p.Headers.ContentType {
			t.Errorf("Content-Type: SDK %q, ours %q", ct, p.Headers.ContentType)
		}
		if len(rec.body) != 0 {
			t.Errorf("the SDK sent a body %q", rec.body)
		}
	}
}

func TestQingStorAgainstSDK(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // the SDK reads ~/.qingstor/config.yaml if present
	cfg, err := qsconfig.New("EXAMPLEAK", "example/secret+key")
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := qsservice.Init(cfg)
	bucket, _ := svc.Bucket("mybucket", "pek3a")
	compared := 0
	for _, a := range models(t, provider.QingStor, provider.JSON) {
		if len(a.Grants) == 0 {
			continue // the SDK refuses an empty list ("ACL" is required), the service takes it
		}
		input := &qsservice.PutBucketACLInput{}
		for _, g := range a.Grants {
			ge := &qsservice.GranteeType{Type: aws.String(g.Grantee.Type)}
			if g.Grantee.ID != "" {
				ge.ID = aws.String(g.Grantee.ID)
			}
			if g.Grantee.Name != "" {
				ge.Name = aws.String(g.Grantee.Name)
			}
			input.ACL = append(input.ACL, &qsservice.ACLType{Grantee: ge, Permission: aws.String(g.Permission)})
		}
		req, _, err := bucket.PutACLRequest(input)
		if err != nil {
			t.Fatal(err)
		}
		if err := req.Build(); err != nil {
			t.Fatalf("the SDK refuses %s: %v", dump(a), err)
		}
		body, _ := io.ReadAll(req.HTTPRequest.Body)
		ours, err := EncodeQingStor(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, body) {
			t.Errorf("body:\n got %s\nSDK %s", ours, body)
		}
		if ct := req.HTTPRequest.Header.Get("Content-Type"); ct != JSONContentType {
			t.Errorf("Content-Type: SDK %q, ours %q", ct, JSONContentType)
		}
		compared++
	}
	if compared < 50 {
		t.Errorf("only %d compared", compared)
	}
}

// sdkHeaders are the request headers whose names start with a prefix, in
// the order net/http writes them (sorted).
func sdkHeaders(h http.Header, prefixes ...string) []Header {
	var out []Header
	for name, values := range h {
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				for _, v := range values {
					out = append(out, Header{Name: name, Value: v})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func equalHeaders(a, b []Header) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
