package cors

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

func decode(t *testing.T, text string) *Config {
	t.Helper()
	root, diags := jsonsyn.Parse(text)
	if root == nil {
		t.Fatalf("Parse(%q): %v", text, diags)
	}
	cfg, _, diags := DecodeQingStor(root)
	if len(diags) > 0 {
		t.Fatalf("DecodeQingStor(%q): %v", text, diags)
	}
	return cfg
}

// TestRoundTripQingStor: decode(encode(m)) == m for random valid models,
// including strings JSON must escape (quotes, HTML characters, CJK, emoji).
func TestRoundTripQingStor(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(1))
	words := []string{"https://a.example.com", "http://*.qingcloud.com", "*", "x-qs-date", "Content-Type",
		"例子", "😀", `quote"d`, "<&>", "back\\slash", "tab\t", "x-qs-meta-*"}
	pick := func(n int) []string {
		if n == 0 {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			out[i] = words[rng.Intn(len(words))]
		}
		return out
	}
	methods := provider.All()[1].CORS.Methods
	for i := 0; i < 500; i++ {
		var cfg Config
		for r := 0; r < 1+rng.Intn(4); r++ {
			rule := Rule{AllowedOrigins: pick(1)}
			for m := 0; m < 1+rng.Intn(3); m++ {
				rule.AllowedMethods = append(rule.AllowedMethods, methods[rng.Intn(len(methods))])
			}
			rule.AllowedHeaders = pick(rng.Intn(3))
			rule.ExposeHeaders = pick(rng.Intn(3))
			if rng.Intn(2) == 0 {
				v := int64(rng.Intn(100000))
				rule.MaxAgeSeconds = &v
			}
			cfg.Rules = append(cfg.Rules, rule)
		}
		if rng.Intn(3) == 0 {
			cfg.RespVary = "enabled"
		}
		wire, err := EncodeQingStor(cfg)
		if err != nil {
			t.Fatal(err)
		}
		got := decode(t, string(wire))
		if !reflect.DeepEqual(*got, cfg) {
			t.Fatalf("round trip of %s:\n got %+v\nwant %+v", wire, *got, cfg)
		}
	}
}

func TestEncodeQingStorRefusesSeveralOrigins(t *testing.T) {
	t.Parallel()
	_, err := EncodeQingStor(Config{Rules: []Rule{{AllowedOrigins: []string{"a", "b"}, AllowedMethods: []string{"GET"}}}})
	if err == nil || !strings.Contains(err.Error(), "exactly one") {
		t.Errorf("err = %v", err)
	}
}

// FuzzDecodeQingStor: any JSON decodes without panic, and every location the
// decoder records lies inside the input.
func FuzzDecodeQingStor(f *testing.F) {
	f.Add(`{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"],"max_age_seconds":5}],"resp_vary":"enabled"}`)
	f.Add(`{"cors_rules":[{"allowed_origin":["a","b"],"allowed_methods":"GET","max_age_seconds":"5"}]}`)
	f.Add(`{"CORS_RULES":{},"x":1}`)
	f.Fuzz(func(t *testing.T, in string) {
		root, _ := jsonsyn.Parse(in)
		if root == nil {
			return
		}
		cfg, _, diags := DecodeQingStor(root)
		for _, d := range diags {
			if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
				t.Fatalf("diagnostic span %v outside %d bytes", d.Span, len(in))
			}
		}
		if cfg != nil {
			Validate(*cfg, provider.CORSProfile{Methods: []string{"GET"}, SingleOrigin: true, RespVary: true, MaxRules: 2})
		}
	})
}
