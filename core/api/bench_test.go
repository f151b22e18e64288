package api

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// corsDoc is a QingStor CORS document of about n bytes.
func corsDoc(n int) string {
	rule := `{"allowed_origin":"https://app%d.example.com","allowed_methods":["GET","PUT"],"allowed_headers":["Content-Type","x-qs-date"],"max_age_seconds":600}`
	var rules []string
	for size := 20; size < n; {
		r := fmt.Sprintf(rule, len(rules))
		rules = append(rules, r)
		size += len(r) + 1
	}
	return `{"cors_rules":[` + strings.Join(rules, ",") + `]}`
}

// BenchmarkCheck is the per-keystroke cost of "check" natively, for the
// wasm/native ratio measured in the page (make bench).
func BenchmarkCheck(b *testing.B) {
	for _, size := range []int{200, 20 << 10, 200 << 10} {
		req, _ := json.Marshal(CheckRequest{Provider: "qingstor", Document: "cors", Source: corsDoc(size)})
		b.Run(fmt.Sprintf("qingstor-cors-%dB", size), func(b *testing.B) {
			b.SetBytes(int64(len(req)))
			for i := 0; i < b.N; i++ {
				Call("check", req)
			}
		})
	}
}

// BenchmarkCheckShapes is "check" on the shapes issue 3 names: a 20 KB S3
// policy (the largest S3 accepts) and a 100-rule S3 CORS document.
func BenchmarkCheckShapes(b *testing.B) {
	policy, err := os.ReadFile("testdata/s3-policy/too-large.json")
	if err != nil {
		b.Skip(err)
	}
	var rules strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&rules, "<CORSRule><AllowedOrigin>https://app%d.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>\n", i)
	}
	cors := `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + "\n" + rules.String() + `</CORSConfiguration>`
	for _, c := range []struct{ name, doc, src string }{{"s3-policy-20KB", "policy", string(policy)}, {"s3-cors-100-rules", "cors", cors}} {
		req, _ := json.Marshal(CheckRequest{Provider: "s3", Document: c.doc, Source: c.src})
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.src)))
			for i := 0; i < b.N; i++ {
				Call("check", req)
			}
		})
	}
}

// BenchmarkCheckPolicy is "check" on the policies make bench also times in
// the page, through the Web Worker: 200 B, 20 KB (S3's limit) and 200 KB.
// e2e/bench_test.go reads the same files, so the wasm/native ratio compares
// the same work.
func BenchmarkCheckPolicy(b *testing.B) {
	for _, size := range []string{"200B", "20KB", "200KB"} {
		src, err := os.ReadFile("testdata/bench/s3-policy-" + size + ".json")
		if err != nil {
			b.Fatal(err)
		}
		req, _ := json.Marshal(CheckRequest{Provider: "s3", Document: "policy", Source: string(src)})
		b.Run("s3-policy-"+size, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Call("check", req)
			}
		})
	}
}
