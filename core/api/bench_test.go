package api

import (
	"encoding/json"
	"fmt"
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
