package policy

import (
	"context"
	"encoding/json"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	qsconfig "github.com/qingstor/qingstor-sdk-go/v4/config"
	qsservice "github.com/qingstor/qingstor-sdk-go/v4/service"
	cossdk "github.com/tencentyun/cos-go-sdk-v5"
)

// The official Go SDKs (test-only dependencies) build the same PUT
// /?policy from the same content; their body bytes must equal the
// encoders'. Nothing touches the network: the QingStor SDK's builder only
// builds the request, and the COS client sends into a RoundTripper that
// keeps the body and answers 204.

// SDKBodyQingStor is the body qingstor-sdk-go v4.4.1 sends for p.
func SDKBodyQingStor(t testing.TB, p Policy) string {
	t.Helper()
	ptrs := func(list []string) []*string {
		var out []*string
		for i := range list {
			out = append(out, &list[i])
		}
		return out
	}
	input := &qsservice.PutBucketPolicyInput{}
	for _, s := range p.Statements {
		st := &qsservice.StatementType{
			Action:   ptrs(s.Actions),
			Effect:   &s.Effect,
			ID:       &s.Sid,
			Resource: ptrs(s.Resources),
		}
		if s.Principal != nil {
			for _, g := range s.Principal.Groups {
				st.User = append(st.User, ptrs(g.IDs)...)
			}
		}
		if s.Conditions != nil {
			st.Condition = &qsservice.ConditionType{}
			for _, c := range s.Conditions {
				for _, k := range c.Keys {
					switch c.Operator {
					case "ip_address":
						st.Condition.IPAddress = &qsservice.IPAddressType{SourceIP: ptrs(k.Values)}
					case "not_ip_address":
						st.Condition.NotIPAddress = &qsservice.NotIPAddressType{SourceIP: ptrs(k.Values)}
					case "string_like":
						st.Condition.StringLike = &qsservice.StringLikeType{Referer: ptrs(k.Values)}
					case "string_not_like":
						st.Condition.StringNotLike = &qsservice.StringNotLikeType{Referer: ptrs(k.Values)}
					case "is_null":
						b, _ := strconv.ParseBool(k.Values[0])
						st.Condition.IsNull = &qsservice.IsNullType{Referer: &b}
					default:
						t.Fatalf("no SDK field for %q", c.Operator)
					}
				}
			}
		}
		input.Statement = append(input.Statement, st)
	}
	cfg, err := qsconfig.New("EXAMPLEAK", "example/secret+key")
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := qsservice.Init(cfg)
	bucket, _ := svc.Bucket("mybucket", "pek3a")
	req, _, err := bucket.PutPolicyRequest(input)
	if err != nil {
		t.Fatalf("the SDK refuses the input: %v", err)
	}
	if err := req.Build(); err != nil {
		t.Fatal(err)
	}
	if got := req.HTTPRequest.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("SDK Content-Type %q", got)
	}
	body, _ := io.ReadAll(req.HTTPRequest.Body)
	return string(body)
}

type keepBody struct{ body []byte }

func (k *keepBody) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		k.body, _ = io.ReadAll(r.Body)
	}
	return &http.Response{StatusCode: http.StatusNoContent, Status: "204 No Content", Header: http.Header{},
		Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
}

// SDKBodyCOS is the body cos-go-sdk-v5 v0.7.75 sends for p, built the way
// a caller of Bucket.PutPolicy fills BucketPutPolicyOptions.
func SDKBodyCOS(t testing.TB, p Policy) string {
	t.Helper()
	principal := func(pr *Principal) map[string][]string {
		if pr == nil {
			return nil
		}
		if pr.Any {
			t.Fatal(`the SDK's principal type cannot hold "*"`)
		}
		m := map[string][]string{}
		for _, g := range pr.Groups {
			m[g.Type] = append(m[g.Type], g.IDs...)
		}
		return m
	}
	opt := &cossdk.BucketPutPolicyOptions{Version: p.Version, Principal: principal(p.Principal)}
	for _, s := range p.Statements {
		bs := cossdk.BucketStatement{Principal: principal(s.Principal), Action: s.Actions, Effect: s.Effect, Resource: s.Resources, Sid: s.Sid}
		for _, c := range s.Conditions {
			if bs.Condition == nil {
				bs.Condition = map[string]map[string]interface{}{}
			}
			if bs.Condition[c.Operator] == nil {
				bs.Condition[c.Operator] = map[string]interface{}{}
			}
			for _, k := range c.Keys {
				bs.Condition[c.Operator][k.Key] = sdkValue(k)
			}
		}
		opt.Statement = append(opt.Statement, bs)
	}
	rt := &keepBody{}
	u, _ := url.Parse("https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com")
	c := cossdk.NewClient(&cossdk.BaseURL{BucketURL: u}, &http.Client{Transport: rt})
	if _, err := c.Bucket.PutPolicy(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	return string(rt.body)
}

// sdkValue is what a Go caller writes for a condition value: a string,
// a bool, a json.Number for a number as written, or a list of them.
func sdkValue(k ConditionKey) interface{} {
	one := func(v string) interface{} {
		switch {
		case !k.Literal:
			return v
		case v == "true" || v == "false":
			return v == "true"
		}
		return json.Number(v)
	}
	if k.Single {
		return one(k.Values[0])
	}
	var list []interface{}
	for _, v := range k.Values {
		list = append(list, one(v))
	}
	return list
}

// TestEncodersMatchSDKs: random models, encoded by us and by the SDKs.
func TestEncodersMatchSDKs(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // the QingStor SDK reads ~/.qingstor/config.yaml if present
	g := gen{rand.New(rand.NewSource(2))}
	for i := 0; i < 200; i++ {
		p := genQingStor(g)
		ours, err := EncodeQingStor(p)
		if err != nil {
			t.Fatal(err)
		}
		if sdk := SDKBodyQingStor(t, p); string(ours) != sdk {
			t.Fatalf("QingStor body:\n ours %s\n  SDK %s", ours, sdk)
		}
	}
	for i := 0; i < 200; i++ {
		p := genCOS(g, false)
		ours, err := EncodeCOS(p)
		if err != nil {
			t.Fatal(err)
		}
		if sdk := SDKBodyCOS(t, p); string(ours) != sdk {
			t.Fatalf("COS body:\n ours %s\n  SDK %s", ours, sdk)
		}
	}
}
