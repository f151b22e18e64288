package cors

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/xmlsyn"
)

func corsOf(t testing.TB, id provider.ID) provider.CORSProfile {
	t.Helper()
	p, ok := provider.Get(id)
	if !ok {
		t.Fatalf("no profile %s", id)
	}
	return p.CORS
}

func decodeXMLText(t testing.TB, text string, p provider.CORSProfile) (*Config, *diag.Locator, diag.List) {
	t.Helper()
	root, diags := xmlsyn.Parse(text)
	if root == nil {
		t.Fatalf("Parse(%q): %v", text, diags)
	}
	return DecodeXML(root, p)
}

// at is a diagnostic reduced to what tests assert: code and the text its
// span covers (or the model path when it has no span yet).
type at struct{ code, text string }

func ats(text string, l diag.List) []at {
	out := []at{}
	for _, d := range l {
		s := d.Path
		if d.Span != (diag.Span{}) {
			s = text[d.Span.Start:d.Span.End]
		}
		out = append(out, at{string(d.Code), s})
	}
	return out
}

func TestDecodeXML(t *testing.T) {
	t.Parallel()
	i64 := func(v int64) *int64 { return &v }
	yes := true
	tests := []struct {
		name      string
		provider  provider.ID
		in        string
		want      *Config
		wantDiags []at
	}{
		{
			name: "s3 full rule with namespace", provider: provider.S3,
			in: `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>r1</ID>` +
				`<AllowedOrigin>https://a.example.com</AllowedOrigin><AllowedOrigin>*</AllowedOrigin>` +
				`<AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>` +
				`<MaxAgeSeconds> 300 </MaxAgeSeconds></CORSRule></CORSConfiguration>`,
			want: &Config{Rules: []Rule{{ID: "r1", AllowedOrigins: []string{"https://a.example.com", "*"}, AllowedMethods: []string{"GET"},
				AllowedHeaders: []string{"*"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: i64(300)}}},
			wantDiags: []at{},
		},
		{
			name: "s3 without namespace, elements in any order", provider: provider.S3,
			in:        `<CORSConfiguration><CORSRule><MaxAgeSeconds>0</MaxAgeSeconds><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>`,
			want:      &Config{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"PUT"}, MaxAgeSeconds: i64(0)}}},
			wantDiags: []at{},
		},
		{
			name: "cos response vary", provider: provider.COS,
			in:        `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>`,
			want:      &Config{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}}, ResponseVary: &yes},
			wantDiags: []at{},
		},
		{
			name: "response vary is unknown on s3", provider: provider.S3,
			in:        `<CORSConfiguration><ResponseVary>true</ResponseVary></CORSConfiguration>`,
			want:      &Config{},
			wantDiags: []at{{"xml-unknown-element", "ResponseVary"}},
		},
		{
			name: "response vary not a boolean", provider: provider.COS,
			in:        `<CORSConfiguration><ResponseVary>yes</ResponseVary></CORSConfiguration>`,
			want:      &Config{},
			wantDiags: []at{{"xml-wrong-value", "yes"}},
		},
		{
			name: "namespace on cos", provider: provider.COS,
			in:        `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`,
			want:      &Config{},
			wantDiags: []at{{"xml-namespace", "CORSConfiguration"}},
		},
		{
			name: "wrong root", provider: provider.S3,
			in:        `<CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>`,
			wantDiags: []at{{"xml-unknown-element", "CORSRule"}},
		},
		{
			name: "case, typo, duplicate and not a number", provider: provider.COS,
			in: `<CORSConfiguration><CORSRule><allowedorigin>*</allowedorigin><AllowedMethd>GET</AllowedMethd>` +
				`<MaxAgeSeconds>x</MaxAgeSeconds><MaxAgeSeconds>5</MaxAgeSeconds></CORSRule></CORSConfiguration>`,
			want: &Config{Rules: []Rule{{AllowedOrigins: []string{"*"}}}},
			wantDiags: []at{{"xml-element-case", "allowedorigin"}, {"xml-unknown-element", "AllowedMethd"},
				{"xml-duplicate-element", "MaxAgeSeconds"}, {"xml-wrong-value", "x"}},
		},
		{
			name: "empty elements", provider: provider.S3,
			in:        `<CORSConfiguration><CORSRule><AllowedOrigin/><AllowedMethod></AllowedMethod></CORSRule></CORSConfiguration>`,
			want:      &Config{Rules: []Rule{{AllowedOrigins: []string{""}, AllowedMethods: []string{""}}}},
			wantDiags: []at{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, diags := decodeXMLText(t, tc.in, corsOf(t, tc.provider))
			if !reflect.DeepEqual(cfg, tc.want) {
				t.Errorf("model = %+v, want %+v", cfg, tc.want)
			}
			if got := ats(tc.in, diags); !reflect.DeepEqual(got, tc.wantDiags) {
				t.Errorf("diagnostics = %v, want %v", got, tc.wantDiags)
			}
		})
	}
}

// TestValidateXMLPositions: the validator's model paths land on the
// offending element — the text of a bad value, the rule for a missing one.
func TestValidateXMLPositions(t *testing.T) {
	t.Parallel()
	in := `<CORSConfiguration><CORSRule><AllowedOrigin>https://*.*.example.com</AllowedOrigin></CORSRule>` +
		`<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>*</AllowedMethod><AllowedMethod>PUT</AllowedMethod>` +
		`<MaxAgeSeconds>-1</MaxAgeSeconds></CORSRule></CORSConfiguration>`
	p := corsOf(t, provider.S3)
	cfg, loc, diags := decodeXMLText(t, in, p)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	more := Validate(*cfg, p)
	loc.Resolve(more)
	more.Sort()
	want := []at{{"cors-methods-missing", "CORSRule"}, {"cors-origin-wildcards", "https://*.*.example.com"},
		{"cors-expose-etag-missing", "CORSRule"}, {"cors-any-origin-write", "*"}, {"cors-method-unknown", "*"}, {"cors-max-age-negative", "-1"}}
	if got := ats(in, more); !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics = %v, want %v", got, want)
	}
	for _, d := range more {
		if d.Code == diag.CORSMaxAgeNegative && d.Severity != diag.Warning {
			t.Errorf("negative max age on S3 is %v; S3 stores it, so it is a warning", d.Severity)
		}
		if d.Code == diag.CORSMethodUnknown && !strings.Contains(d.Message, "Unsupported method is *") {
			t.Errorf("method message %q does not quote the service's", d.Message)
		}
	}
}

func TestEncodeXML(t *testing.T) {
	t.Parallel()
	age := int64(0)
	cfg := Config{Rules: []Rule{{ID: "r", AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"a"}, ExposeHeaders: []string{"e"}, MaxAgeSeconds: &age}}}
	tests := []struct {
		provider provider.ID
		want     string
	}{
		{provider.S3, `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedHeader>a</AllowedHeader>` +
			`<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>*</AllowedOrigin>` +
			`<ExposeHeader>e</ExposeHeader><ID>r</ID><MaxAgeSeconds>0</MaxAgeSeconds></CORSRule></CORSConfiguration>`},
		{provider.COS, `<CORSConfiguration><CORSRule><ID>r</ID><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>` +
			`<AllowedOrigin>*</AllowedOrigin><AllowedHeader>a</AllowedHeader><MaxAgeSeconds>0</MaxAgeSeconds>` +
			`<ExposeHeader>e</ExposeHeader></CORSRule></CORSConfiguration>`},
	}
	for _, tc := range tests {
		got, err := EncodeXML(cfg, corsOf(t, tc.provider))
		if err != nil || string(got) != tc.want {
			t.Errorf("%s:\n got %s, %v\nwant %s", tc.provider, got, err, tc.want)
		}
	}
	if _, err := EncodeXML(cfg, corsOf(t, provider.QingStor)); err == nil {
		t.Error("QingStor has no XML form, yet EncodeXML succeeded")
	}
	yes := true
	if _, err := EncodeXML(Config{ResponseVary: &yes}, corsOf(t, provider.S3)); err == nil {
		t.Error("S3 has no ResponseVary, yet EncodeXML wrote it")
	}
}

func TestXMLEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, std, smithy string }{
		{`"'<&>`, "&#34;&#39;&lt;&amp;&gt;", "&#34;&#39;&lt;&amp;&gt;"},
		{"a\tb\nc\rd", "a&#x9;b&#xA;c&#xD;d", "a&#x9;b&#xA;c&#xD;d"},
		{"nel\u0085ls\u2028", "nel\u0085ls\u2028", "nel&#x85;ls&#x2028;"},
		{"bad\x01\xff例😀", "bad\uFFFD\uFFFD例😀", "bad\uFFFD\uFFFD例😀"},
	}
	for _, tc := range tests {
		for _, lineSeps := range []bool{false, true} {
			w := xmlWriter{lineSeps: lineSeps}
			w.escape(tc.in)
			want := tc.std
			if lineSeps {
				want = tc.smithy
			}
			if w.b.String() != want {
				t.Errorf("escape(%q, %v) = %q, want %q", tc.in, lineSeps, w.b.String(), want)
			}
		}
	}
}

// TestXMLRuleOrder: each XML profile names every CORSRule element once.
func TestXMLRuleOrder(t *testing.T) {
	t.Parallel()
	for _, prof := range provider.All() {
		p := prof.CORS
		if p.XMLNamespaces == nil {
			continue
		}
		seen := map[string]int{}
		for _, n := range p.XMLRuleOrder {
			seen[n]++
		}
		for _, f := range xmlRuleFields {
			if seen[f.Name] != 1 {
				t.Errorf("%s: %s appears %d times in XMLRuleOrder", prof.ID, f.Name, seen[f.Name])
			}
		}
		if len(p.XMLRuleOrder) != len(xmlRuleFields) {
			t.Errorf("%s: XMLRuleOrder = %v", prof.ID, p.XMLRuleOrder)
		}
	}
}

func TestXMLSuggestions(t *testing.T) {
	t.Parallel()
	l := diag.List{{Suggestion: `"GET"`}, {Suggestion: `"a&b"`}, {Suggestion: "CORSRule"}, {}}
	XMLSuggestions(l)
	want := []string{"GET", "a&amp;b", "CORSRule", ""}
	for i, d := range l {
		if d.Suggestion != want[i] {
			t.Errorf("suggestion %d = %q, want %q", i, d.Suggestion, want[i])
		}
	}
}

func TestValidateXMLBody(t *testing.T) {
	t.Parallel()
	p := corsOf(t, provider.COS)
	rule := Rule{AllowedMethods: []string{"GET"}}
	for len(rule.AllowedOrigins)*40 < p.MaxBodyBytes {
		rule.AllowedOrigins = append(rule.AllowedOrigins, "https://an-origin-of-forty-bytes.example")
	}
	if l := ValidateXMLBody(Config{Rules: []Rule{rule}}, p); len(l) != 1 || l[0].Code != diag.CORSBodyTooLarge {
		t.Errorf("%d origins: %v", len(rule.AllowedOrigins), l)
	}
	rule.AllowedOrigins = rule.AllowedOrigins[:10]
	if l := ValidateXMLBody(Config{Rules: []Rule{rule}}, p); len(l) != 0 {
		t.Errorf("10 origins: %v", l)
	}
}

// xmlWords are values that survive XML: no leading or trailing white
// space (the reader trims text) and only characters XML can hold.
var xmlWords = []string{"https://a.example.com", "http://*.example.com:8080", "*", "x-amz-date", "Content-Type",
	"例子", "😀", `quote"d`, "<&>", "it's", "a\tb", "line\nbreak", "nel\u0085ls\u2028x", "x-cos-meta-*", "]]>"}

func randomConfig(rng *rand.Rand, methods []string, words []string, vary bool) Config {
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
	var cfg Config
	for r := 0; r < rng.Intn(5); r++ {
		rule := Rule{AllowedOrigins: pick(1 + rng.Intn(3))}
		for m := 0; m < 1+rng.Intn(3); m++ {
			rule.AllowedMethods = append(rule.AllowedMethods, methods[rng.Intn(len(methods))])
		}
		rule.AllowedHeaders = pick(rng.Intn(3))
		rule.ExposeHeaders = pick(rng.Intn(3))
		if rng.Intn(2) == 0 {
			rule.ID = words[rng.Intn(len(words))]
		}
		if rng.Intn(2) == 0 {
			v := int64(rng.Intn(100000)) - 10
			rule.MaxAgeSeconds = &v
		}
		cfg.Rules = append(cfg.Rules, rule)
	}
	if vary && rng.Intn(2) == 0 {
		b := rng.Intn(2) == 0
		cfg.ResponseVary = &b
	}
	return cfg
}

// TestRoundTripXML: decode(encode(m)) == m for random models, for COS and S3.
func TestRoundTripXML(t *testing.T) {
	t.Parallel()
	for _, id := range []provider.ID{provider.COS, provider.S3} {
		p := corsOf(t, id)
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < 500; i++ {
			cfg := randomConfig(rng, p.Methods, xmlWords, p.ResponseVary)
			wire, err := EncodeXML(cfg, p)
			if err != nil {
				t.Fatal(err)
			}
			got, _, diags := decodeXMLText(t, string(wire), p)
			if len(diags) > 0 {
				t.Fatalf("%s: decoding %s: %v", id, wire, diags)
			}
			if !reflect.DeepEqual(*got, cfg) {
				t.Fatalf("%s: round trip of %s:\n got %+v\nwant %+v", id, wire, *got, cfg)
			}
		}
	}
}

// FuzzDecodeXML: any text decodes without panic for both XML providers;
// every diagnostic and location lies inside the input; and what decodes
// re-encodes to bytes that decode to the same model.
func FuzzDecodeXML(f *testing.F) {
	f.Add(`<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>a</ID><AllowedOrigin>*</AllowedOrigin>` +
		`<AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>5</MaxAgeSeconds></CORSRule></CORSConfiguration>`)
	f.Add(`<CORSConfiguration><CORSRule><allowedOrigin>a&amp;b</allowedOrigin><AllowedMethod/><MaxAgeSeconds>x</MaxAgeSeconds>` +
		`</CORSRule><ResponseVary>false</ResponseVary><Zzz/></CORSConfiguration>`)
	f.Add("<?xml version=\"1.0\"?><CORSConfiguration>\n<CORSRule><ID><![CDATA[ 例 ]]>&#x85;</ID></CORSRule></CORSConfiguration>")
	f.Add(`<x:CORSConfiguration xmlns:x="urn:x"><CORSRule>text<AllowedHeader>h</AllowedHeader></CORSRule></x:CORSConfiguration>`)
	profiles := []provider.CORSProfile{corsOf(f, provider.COS), corsOf(f, provider.S3)}
	f.Fuzz(func(t *testing.T, in string) {
		root, _ := xmlsyn.Parse(in)
		if root == nil {
			return
		}
		for _, p := range profiles {
			cfg, loc, diags := DecodeXML(root, p)
			for _, d := range diags {
				if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
					t.Fatalf("diagnostic span %v outside %d bytes", d.Span, len(in))
				}
			}
			if cfg == nil {
				continue
			}
			more := Validate(*cfg, p)
			loc.Resolve(more)
			for _, d := range more {
				if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
					t.Fatalf("validator span %v outside %d bytes", d.Span, len(in))
				}
			}
			wire, err := EncodeXML(*cfg, p)
			if err != nil {
				t.Fatal(err)
			}
			again, _, _ := decodeXMLText(t, string(wire), p)
			if !reflect.DeepEqual(again, cfg) {
				t.Fatalf("re-encoding changed the model:\n%s\n got %+v\nwant %+v", wire, *again, *cfg)
			}
		}
	})
}

// TestValidateProviderDifferences: one rule set, read through each
// provider's profile, gives that provider's verdicts.
func TestValidateProviderDifferences(t *testing.T) {
	t.Parallel()
	i64 := func(v int64) *int64 { return &v }
	type verdict struct {
		code     diag.Code
		severity diag.Severity // 0: no diagnostic
	}
	tests := []struct {
		name string
		rule Rule
		want map[provider.ID]verdict
	}{
		{"empty origin", Rule{AllowedOrigins: []string{""}},
			map[provider.ID]verdict{provider.S3: {diag.CORSOriginInvalid, diag.Warning}, provider.COS: {diag.CORSOriginInvalid, diag.Error}, provider.QingStor: {diag.CORSOriginInvalid, diag.Error}}},
		{"origin without scheme", Rule{AllowedOrigins: []string{"example.org"}},
			map[provider.ID]verdict{provider.S3: {diag.CORSOriginInvalid, diag.Warning}, provider.COS: {diag.CORSOriginInvalid, diag.Warning}, provider.QingStor: {diag.CORSOriginInvalid, diag.Warning}}},
		{"negative max age", Rule{MaxAgeSeconds: i64(-1)},
			map[provider.ID]verdict{provider.S3: {diag.CORSMaxAgeNegative, diag.Warning}, provider.COS: {diag.CORSMaxAgeNegative, diag.Error}, provider.QingStor: {diag.CORSMaxAgeNegative, diag.Error}}},
		{"max age beyond 32 bits", Rule{MaxAgeSeconds: i64(-3_000_000_000)},
			map[provider.ID]verdict{provider.S3: {diag.CORSMaxAgeTooLarge, diag.Error}, provider.COS: {diag.CORSMaxAgeNegative, diag.Error}, provider.QingStor: {diag.CORSMaxAgeNegative, diag.Error}}},
		{"max age 32 bits", Rule{MaxAgeSeconds: i64(2147483647)}, map[provider.ID]verdict{}},
		{"expose wildcard", Rule{ExposeHeaders: []string{"*"}},
			map[provider.ID]verdict{provider.COS: {diag.CORSExposeWildcard, diag.Error}}},
		{"long id", Rule{ID: strings.Repeat("例", 256)},
			map[provider.ID]verdict{provider.S3: {diag.CORSIDTooLong, diag.Error}}},
		{"method wildcard", Rule{AllowedMethods: []string{"*"}, ExposeHeaders: []string{"ETag"}},
			map[provider.ID]verdict{provider.S3: {diag.CORSMethodUnknown, diag.Error}, provider.COS: {diag.CORSMethodUnknown, diag.Error}}},
	}
	for _, tc := range tests {
		for _, id := range []provider.ID{provider.COS, provider.QingStor, provider.S3} {
			rule := tc.rule
			if rule.AllowedOrigins == nil {
				rule.AllowedOrigins = []string{"https://a.example.com"}
			}
			if rule.AllowedMethods == nil {
				rule.AllowedMethods = []string{"GET"}
			}
			got := Validate(Config{Rules: []Rule{rule}}, corsOf(t, id))
			want := tc.want[id]
			switch {
			case want.severity == 0 && len(got) != 0:
				t.Errorf("%s on %s: %v, want none", tc.name, id, got)
			case want.severity != 0 && (len(got) != 1 || got[0].Code != want.code || got[0].Severity != want.severity):
				t.Errorf("%s on %s: %v, want %s %s", tc.name, id, got, want.severity, want.code)
			}
		}
	}
}
