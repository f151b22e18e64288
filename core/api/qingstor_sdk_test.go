package api

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	qsconfig "github.com/qingstor/qingstor-sdk-go/v4/config"
	qsservice "github.com/qingstor/qingstor-sdk-go/v4/service"

	"bucketlab/core/sign"
)

// TestComposeQingStorCORSAgainstSDK builds the same PUT /?cors with the
// official QingStor Go SDK (v4.4.1, test-only) for every valid fixture and
// compares the body bytes and the Authorization header with compose's.
func TestComposeQingStorCORSAgainstSDK(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // the SDK reads ~/.qingstor/config.yaml if present
	files, _ := filepath.Glob("testdata/qingstor-cors/*.json")
	const when = "2026-11-23T10:00:00Z"
	compared := 0
	for _, file := range files {
		src, _ := os.ReadFile(file)
		req, _ := json.Marshal(ComposeRequest{
			CheckRequest: CheckRequest{Provider: "qingstor", Document: "cors", Source: string(src)},
			Bucket:       "mybucket", Region: "pek3a",
			Credentials: Credentials{AccessKeyID: "EXAMPLEAK", SecretAccessKey: "example/secret+key"},
			Time:        when,
		})
		var resp struct {
			OK    bool
			Value struct {
				Model   json.RawMessage
				Request *SignedRequest
			}
		}
		if err := json.Unmarshal(Call("compose", req), &resp); err != nil || !resp.OK {
			t.Fatalf("%s: compose failed: %v", file, err)
		}
		if resp.Value.Request == nil {
			continue // an invalid fixture
		}
		compared++
		t.Run(filepath.Base(file), func(t *testing.T) {
			var model struct {
				Rules []struct {
					AllowedOrigins []string
					AllowedMethods []string
					AllowedHeaders []string
					ExposeHeaders  []string
					MaxAgeSeconds  *int
				}
				RespVary string
			}
			if err := json.Unmarshal(resp.Value.Model, &model); err != nil {
				t.Fatal(err)
			}
			input := &qsservice.PutBucketCORSInput{}
			for _, r := range model.Rules {
				input.CORSRules = append(input.CORSRules, &qsservice.CORSRuleType{
					AllowedOrigin:  &r.AllowedOrigins[0],
					AllowedMethods: ptrs(r.AllowedMethods),
					AllowedHeaders: ptrs(r.AllowedHeaders),
					ExposeHeaders:  ptrs(r.ExposeHeaders),
					MaxAgeSeconds:  r.MaxAgeSeconds,
				})
			}
			cfg, err := qsconfig.New("EXAMPLEAK", "example/secret+key")
			if err != nil {
				t.Fatal(err)
			}
			cfg.EnableVirtualHostStyle = true
			svc, _ := qsservice.Init(cfg)
			bucket, _ := svc.Bucket("mybucket", "pek3a")
			sdkReq, _, err := bucket.PutCORSRequest(input)
			if err != nil {
				t.Fatal(err)
			}
			if err := sdkReq.Build(); err != nil {
				t.Fatal(err)
			}
			h := sdkReq.HTTPRequest
			tm, _ := time.Parse(time.RFC3339, when)
			h.Header.Set("Date", tm.UTC().Format(httpDate))
			ours := resp.Value.Request
			md5 := header(ours.Headers, "Content-MD5")
			h.Header.Set("Content-MD5", md5) // we add it; the SDK would sign it the same way
			if err := sdkReq.Sign(); err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(h.Body)
			if model.RespVary == "" && string(body) != ours.Body {
				t.Errorf("body:\n got %s\nSDK %s", ours.Body, body)
			}
			if got, want := header(ours.Headers, "Authorization"), h.Header.Get("Authorization"); model.RespVary == "" && got != want {
				t.Errorf("Authorization = %s, SDK %s", got, want)
			}
			if got, want := header(ours.Headers, "Content-Type"), h.Header.Get("Content-Type"); got != want {
				t.Errorf("Content-Type = %s, SDK %s", got, want)
			}
			if !strings.HasPrefix(ours.URL, "https://"+h.URL.Hostname()+"/?cors") {
				t.Errorf("URL = %s, SDK %s", ours.URL, h.URL)
			}
		})
	}
	if compared < 3 {
		t.Errorf("only %d valid fixtures compared", compared)
	}
}

func ptrs(list []string) []*string {
	var out []*string
	for i := range list {
		out = append(out, &list[i])
	}
	return out
}

func header(hs []sign.Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
