package cors

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"bucketlab/core/provider"
)

// preflightCase is one row of testdata/preflight/cases.json. Fields of
// want that are absent are not checked; "headers" and "request" are exact.
type preflightCase struct {
	Name     string  `json:"name"`
	Provider string  `json:"provider"`
	Config   Config  `json:"config"`
	Request  Request `json:"request"`
	Want     struct {
		Allowed         bool         `json:"allowed"`
		Rule            int          `json:"rule"`
		Status          *int         `json:"status"`
		PreflightNeeded *bool        `json:"preflightNeeded"`
		Request         *[][2]string `json:"request"`
		Headers         *[][2]string `json:"headers"`
		Matched         []bool       `json:"matched"`
		Parts           [][]string   `json:"parts"`
		RuleReasons     [][]string   `json:"ruleReasons"` // substrings, per rule, in order
		Reasons         []string     `json:"reasons"`     // substrings of some top-level reason
		Notes           []string     `json:"notes"`
		NoNotes         []string     `json:"noNotes"`
		Browser         string       `json:"browser"`
		Error           string       `json:"error"`
		ErrorMessage    string       `json:"errorMessage"`
	} `json:"want"`
}

func loadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func pairs(h []Header) [][2]string {
	out := [][2]string{}
	for _, x := range h {
		out = append(out, [2]string{x.Name, x.Value})
	}
	return out
}

func anyContains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestPreflightCases(t *testing.T) {
	var cases []preflightCase
	loadJSON(t, "testdata/preflight/cases.json", &cases)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Fatalf("duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			p, ok := provider.Get(provider.ID(c.Provider))
			if !ok {
				t.Fatalf("unknown provider %q", c.Provider)
			}
			if _, err := Normalize(c.Request); err != nil {
				t.Fatalf("the case's request is refused: %v", err)
			}
			got := Preflight(c.Config, p, c.Request)
			w := c.Want
			dump := func() string { b, _ := json.MarshalIndent(got, "", "  "); return string(b) }
			if got.Allowed != w.Allowed || got.Rule != w.Rule {
				t.Fatalf("allowed, rule = %v, %d; want %v, %d\n%s", got.Allowed, got.Rule, w.Allowed, w.Rule, dump())
			}
			if w.Status != nil && got.Status != *w.Status {
				t.Errorf("status %d; want %d", got.Status, *w.Status)
			}
			if w.PreflightNeeded != nil && got.PreflightNeeded != *w.PreflightNeeded {
				t.Errorf("preflightNeeded %v; want %v", got.PreflightNeeded, *w.PreflightNeeded)
			}
			if w.Request != nil && !reflect.DeepEqual(pairs(got.Request.Headers), *w.Request) {
				t.Errorf("request headers\n got %q\nwant %q", pairs(got.Request.Headers), *w.Request)
			}
			if w.Headers != nil && !reflect.DeepEqual(pairs(got.ResponseHeaders), *w.Headers) {
				t.Errorf("response headers\n got %q\nwant %q", pairs(got.ResponseHeaders), *w.Headers)
			}
			if w.Matched != nil {
				var m []bool
				for _, r := range got.Rules {
					m = append(m, r.Matched)
				}
				if !reflect.DeepEqual(m, w.Matched) {
					t.Errorf("matched %v; want %v", m, w.Matched)
				}
			}
			for i, want := range w.Parts {
				if i >= len(got.Rules) {
					t.Fatalf("no rule %d", i)
				}
				parts := []string{}
				for _, r := range got.Rules[i].Reasons {
					parts = append(parts, r.Part)
				}
				if !reflect.DeepEqual(parts, want) {
					t.Errorf("rule %d reason parts %v; want %v\n%s", i, parts, want, dump())
				}
			}
			for i, want := range w.RuleReasons {
				if i >= len(got.Rules) {
					t.Fatalf("no rule %d", i)
				}
				var msgs []string
				for _, r := range got.Rules[i].Reasons {
					msgs = append(msgs, r.Message)
				}
				if len(want) == 0 && len(msgs) > 0 {
					t.Errorf("rule %d has reasons %q; want none", i, msgs)
				}
				for _, sub := range want {
					if !anyContains(msgs, sub) {
						t.Errorf("rule %d reasons %q lack %q", i, msgs, sub)
					}
				}
			}
			for _, sub := range w.Reasons {
				if !anyContains(got.Reasons, sub) {
					t.Errorf("reasons %q lack %q", got.Reasons, sub)
				}
			}
			for _, sub := range w.Notes {
				if !anyContains(got.Notes, sub) {
					t.Errorf("notes %q lack %q", got.Notes, sub)
				}
			}
			for _, sub := range w.NoNotes {
				if anyContains(got.Notes, sub) {
					t.Errorf("notes %q hold %q", got.Notes, sub)
				}
			}
			if !strings.Contains(got.Browser, w.Browser) {
				t.Errorf("browser %q lacks %q", got.Browser, w.Browser)
			}
			if w.Error != "" && (got.Error == nil || got.Error.Code != w.Error) {
				t.Errorf("error %+v; want %s", got.Error, w.Error)
			}
			if w.ErrorMessage != "" && (got.Error == nil || !strings.Contains(got.Error.Message, w.ErrorMessage)) {
				t.Errorf("error %+v lacks %q", got.Error, w.ErrorMessage)
			}
			// Every matched answer passes or fails the browser for a stated reason.
			if !got.Allowed && len(got.Reasons) == 0 {
				t.Errorf("refused without a reason")
			}
			if got.Browser == "" {
				t.Errorf("no browser verdict")
			}
		})
	}
}

// TestPreflightRequests: requests no browser could send are refused with a
// message that says what to write; the others pass.
func TestPreflightRequests(t *testing.T) {
	var cases []struct {
		Request
		Error string `json:"error"`
	}
	loadJSON(t, "testdata/preflight/requests.json", &cases)
	for _, c := range cases {
		_, err := Normalize(c.Request)
		switch {
		case c.Error == "" && err != nil:
			t.Errorf("%+v: %v", c.Request, err)
		case c.Error != "" && err == nil:
			t.Errorf("%+v: accepted; want an error with %q", c.Request, c.Error)
		case c.Error != "" && !strings.Contains(err.Error(), c.Error):
			t.Errorf("%+v: %q lacks %q", c.Request, err.Error(), c.Error)
		}
		// Preflight refuses it the same way, without panicking.
		p, _ := provider.Get(provider.S3)
		res := Preflight(Config{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}}}, p, c.Request)
		if (err != nil) != (res.Rule == -1 && len(res.Rules) == 0) {
			t.Errorf("%+v: Preflight disagrees with Normalize: %+v", c.Request, res)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		fold, ok   bool
	}{
		{"*", "anything", false, true},
		{"http://*.example.com", "http://a.b.example.com", false, true},
		{"http://*.example.com", "http://example.com", false, false},
		{"http://*.example.com", "http://a.example.com/", false, false},
		{"*://www.example.com", "https://www.example.com", false, true},
		{"https://www.example.com:*", "https://www.example.com:8443", false, true},
		{"x-amz-*", "X-Amz-Date", true, true},
		{"x-amz-*", "X-Amz-Date", false, false},
		{"a*b*c", "aXbYc", false, true},
		{"a*b*c", "ac", false, false},
		{"İ*", "i", true, false},
		{"*İ*", "xİy", true, true},
	} {
		if ok, _ := glob(c.pattern, c.s, c.fold); ok != c.ok {
			t.Errorf("glob(%q, %q, %v) = %v", c.pattern, c.s, c.fold, ok)
		}
	}
}

// FuzzPreflight: any configuration and request, never a panic; a refused
// request is refused by Normalize too.
func FuzzPreflight(f *testing.F) {
	f.Add("http://*.example.com", "PUT", "x-amz-*", "http://a.example.com", "PUT", "Content-Type,x-amz-date", true, false)
	f.Add("*", "GET", "", "null", "get", "", false, true)
	f.Add("**", "*", "*İ*", "https://İ.com", "PATCH", "İ", true, true)
	f.Fuzz(func(t *testing.T, origin, method, header, reqOrigin, reqMethod, reqHeaders string, creds, actual bool) {
		cfg := Config{Rules: []Rule{
			{AllowedOrigins: []string{origin, "*"}, AllowedMethods: []string{method}, AllowedHeaders: []string{header}},
			{AllowedOrigins: []string{origin}, AllowedMethods: strings.Split(method, ","), ExposeHeaders: []string{header}},
		}}
		req := Request{Origin: reqOrigin, Method: reqMethod, Headers: []string{reqHeaders}, Credentials: creds, Actual: actual}
		for _, p := range provider.All() {
			res := Preflight(cfg, p, req)
			if res.Rule >= len(cfg.Rules) || res.Browser == "" {
				t.Fatalf("%+v", res)
			}
		}
	})
}
