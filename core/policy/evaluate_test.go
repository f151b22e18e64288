package policy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

// evalFile is one testdata/evaluate/*.json: policies by name and the
// requests decided against them.
type evalFile struct {
	Provider string                     `json:"provider"`
	Policies map[string]json.RawMessage `json:"policies"`
	Cases    []evalCase                 `json:"cases"`
}

type evalCase struct {
	Name      string              `json:"name"`
	Policy    string              `json:"policy"`
	Principal string              `json:"principal"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context"`
	Decision  Decision            `json:"decision"`
	Statement *int                `json:"statement"`
	// Matched, when given, is every statement's verdict.
	Matched []bool `json:"matched"`
	// Skipped are the statements left out of the decision.
	Skipped []int `json:"skipped"`
	// Diags are "path code" of the evaluator's diagnostics, in order.
	Diags []string `json:"diags"`
	// Reasons, when given, are each statement's parts as "part+" (matches)
	// or "part-" (does not).
	Reasons [][]string `json:"reasons"`
	// Notes are substrings the notes about the request must contain, in order.
	Notes []string `json:"notes"`
	// Why are substrings some reason's message must contain.
	Why []string `json:"why"`
}

// TestEvaluate decides the requests of testdata/evaluate/*.json. The cases
// come from RULES.md (§2.2, §3.2, §4.2) and the policy examples beside it.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/evaluate/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	total := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var f evalFile
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		prof := policyProfile(provider.ID(f.Provider))
		for _, tc := range f.Cases {
			total++
			name := strings.TrimSuffix(filepath.Base(file), ".json") + "/" + tc.Name
			t.Run(name, func(t *testing.T) {
				raw, ok := f.Policies[tc.Policy]
				if !ok {
					t.Fatalf("no policy %q", tc.Policy)
				}
				root, diags := jsonsyn.Parse(string(raw))
				if root == nil || diags.HasErrors() {
					t.Fatalf("policy %q does not parse: %v", tc.Policy, diags)
				}
				p, _, _ := Decode(root, prof)
				if p == nil {
					t.Fatalf("policy %q does not decode", tc.Policy)
				}
				res := Evaluate(*p, prof, Request{Principal: tc.Principal, Action: tc.Action, Resource: tc.Resource, Context: tc.Context})
				checkResult(t, tc, res)
			})
		}
	}
	if total < 60 {
		t.Errorf("only %d cases", total)
	}
}

func checkResult(t *testing.T, tc evalCase, res Result) {
	t.Helper()
	dump := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %d: %s\n", res.Decision, res.Statement, res.Summary)
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "  note: %s\n", n)
		}
		for _, s := range res.Statements {
			fmt.Fprintf(&b, "  statement %d matched=%v evaluated=%v\n", s.Index, s.Matched, s.Evaluated)
			for _, r := range s.Reasons {
				fmt.Fprintf(&b, "    %s %v %s: %s\n", r.Part, r.Matched, r.Path, r.Message)
			}
		}
		for _, d := range res.Diags {
			fmt.Fprintf(&b, "  diag %s %s: %s\n", d.Path, d.Code, d.Message)
		}
		return b.String()
	}
	if res.Decision != tc.Decision {
		t.Errorf("decision %s, want %s\n%s", res.Decision, tc.Decision, dump())
	}
	want := -1
	if tc.Statement != nil {
		want = *tc.Statement
	}
	if res.Statement != want {
		t.Errorf("deciding statement %d, want %d\n%s", res.Statement, want, dump())
	}
	if (res.Decision == ImplicitDeny) != (res.Statement < 0) {
		t.Errorf("decision %s with statement %d", res.Decision, res.Statement)
	}
	if tc.Matched != nil {
		var got []bool
		for _, s := range res.Statements {
			got = append(got, s.Matched)
		}
		if !slices.Equal(got, tc.Matched) {
			t.Errorf("matched %v, want %v\n%s", got, tc.Matched, dump())
		}
	}
	var skipped []int
	for _, s := range res.Statements {
		if !s.Evaluated {
			skipped = append(skipped, s.Index)
		}
	}
	if !slices.Equal(skipped, tc.Skipped) {
		t.Errorf("skipped %v, want %v\n%s", skipped, tc.Skipped, dump())
	}
	var diags []string
	for _, d := range res.Diags {
		diags = append(diags, d.Path+" "+string(d.Code))
	}
	if !slices.Equal(diags, tc.Diags) {
		t.Errorf("diagnostics %q, want %q\n%s", diags, tc.Diags, dump())
	}
	if tc.Reasons != nil {
		var got [][]string
		for _, s := range res.Statements {
			var parts []string
			for _, r := range s.Reasons {
				parts = append(parts, r.Part+map[bool]string{true: "+", false: "-"}[r.Matched])
			}
			got = append(got, parts)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.Reasons) {
			t.Errorf("reasons %v, want %v\n%s", got, tc.Reasons, dump())
		}
	}
	notes := strings.Join(res.Notes, "\n")
	for _, n := range tc.Notes {
		i := strings.Index(notes, n)
		if i < 0 {
			t.Errorf("no note contains %q\n%s", n, dump())
			continue
		}
		notes = notes[i+len(n):]
	}
	if tc.Notes == nil && len(res.Notes) > 0 {
		t.Errorf("unexpected notes\n%s", dump())
	}
	for _, w := range tc.Why {
		found := false
		for _, s := range res.Statements {
			for _, r := range s.Reasons {
				found = found || strings.Contains(r.Message, w)
			}
		}
		if !found && !strings.Contains(res.Summary, w) {
			t.Errorf("no reason or summary contains %q\n%s", w, dump())
		}
	}
	for _, s := range res.Statements {
		for _, r := range s.Reasons {
			if r.Message == "" || r.Path == "" {
				t.Errorf("statement %d: reason %+v lacks a message or path", s.Index, r)
			}
		}
	}
}

// TestLike: '*' before a literal '*', '?' only where the provider has it,
// case folding only where asked.
func TestLike(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s     string
		question, fold bool
		want           bool
	}{
		{"a*", "a*b", false, false, true},
		{"*", "", false, false, true},
		{"a?c", "abc", true, false, true},
		{"a?c", "abc", false, false, false},
		{"a?c", "a?c", false, false, true},
		{"Get*", "getobject", true, true, true},
		{"Get*", "getobject", true, false, false},
		{"*.example.com", "http://img.example.com", false, false, true},
		{"*a*b*c", "xxaxxbxxc", false, false, true},
		{"*a*b*c", "xxaxxbxxd", false, false, false},
		{"中*", "中文", false, false, true},
	}
	for _, tc := range tests {
		if got := like(tc.pattern, tc.s, tc.question, tc.fold); got != tc.want {
			t.Errorf("like(%q, %q, %v, %v) = %v, want %v", tc.pattern, tc.s, tc.question, tc.fold, got, tc.want)
		}
	}
}

// TestIPIn: CIDR ranges of both families, single addresses, mapped IPv4.
func TestIPIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p, r string
		want bool
	}{
		{"192.0.2.0/24", "192.0.2.7", true},
		{"192.0.2.0/24", "192.0.3.7", false},
		{"192.0.2.10", "192.0.2.10", true},
		{"192.0.2.10", "192.0.2.11", false},
		{"192.0.2.1/24", "192.0.2.200", true}, // host bits set: IAM masks them
		{"2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true},
		{"2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false},
		{"192.0.2.0/24", "::ffff:192.0.2.7", true},
		{"::ffff:192.0.2.0/120", "192.0.2.7", true},
		{"192.0.2.0/24", "not an ip", false},
		{"bad", "192.0.2.7", false},
	}
	for _, tc := range tests {
		if got := ipIn(tc.p, tc.r); got != tc.want {
			t.Errorf("ipIn(%q, %q) = %v, want %v", tc.p, tc.r, got, tc.want)
		}
	}
}

// FuzzEvaluate: any decodable policy and any request evaluate without a
// panic, to a decision that names its statement consistently.
func FuzzEvaluate(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`, "*", "s3:GetObject", "arn:aws:s3:::b/x", "aws:SourceIp", "192.0.2.1")
	f.Add(`{"version":"2.0","statement":[{"principal":{"qcs":["qcs::cam::anyone:anyone"]},"effect":"deny","action":"name/cos:*","resource":"*","condition":{"string_not_equal_if_exist":{"cos:versionid":"x"}}}]}`, "100000000001", "name/cos:GetObject", "qcs::cos:ap-guangzhou:uid/1:b-1/x", "cos:versionid", "y")
	f.Add(`{"statement":[{"id":"a","user":"*","action":"get_object","effect":"allow","resource":["mybucket/*"],"condition":{"is_null":{"Referer":true}}}]}`, "usr-1", "get_object", "mybucket/a", "Referer", "")
	f.Fuzz(func(t *testing.T, src, principal, action, resource, key, value string) {
		root, _ := jsonsyn.Parse(src)
		if root == nil {
			return
		}
		for _, id := range []provider.ID{provider.COS, provider.QingStor, provider.S3} {
			prof := policyProfile(id)
			p, _, _ := Decode(root, prof)
			if p == nil {
				continue
			}
			res := Evaluate(*p, prof, Request{Principal: principal, Action: action, Resource: resource, Context: map[string][]string{key: {value}}})
			if len(res.Statements) != len(p.Statements) {
				t.Fatalf("%d results for %d statements", len(res.Statements), len(p.Statements))
			}
			if (res.Decision == ImplicitDeny) != (res.Statement < 0) || res.Statement >= len(p.Statements) {
				t.Fatalf("decision %s with statement %d", res.Decision, res.Statement)
			}
			if res.Statement >= 0 && !res.Statements[res.Statement].Matched {
				t.Fatalf("deciding statement %d does not match", res.Statement)
			}
		}
	})
}
