package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestSharedExamples judges every document in ../shared/examples (the
// project's reference material: documents from official docs, SDK tests
// and recorded service responses, each with the outcome the real service
// gives) and checks the verdict agrees: VALID → no error, INVALID → at
// least one error. It skips when ../shared is not beside the clone; the
// project's own fixtures in testdata/ cover the same ground without it.
func TestSharedExamples(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "examples")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no ../shared/examples beside the project: %v", err)
	}
	providers := map[string]string{"aws": "s3", "cos": "cos", "qingstor": "qingstor"}
	expects, _ := filepath.Glob(filepath.Join(root, "*", "*", "*", "*.expect.txt"))
	sort.Strings(expects)
	judged := 0
	for _, exp := range expects {
		rel, _ := filepath.Rel(root, exp)
		parts := strings.Split(rel, string(filepath.Separator))
		prov, doc := providers[parts[0]], parts[1]
		meta := readExpect(t, exp)
		t.Run(strings.TrimSuffix(rel, ".expect.txt"), func(t *testing.T) {
			outcome := meta["outcome"]
			var wantValid bool
			switch {
			case strings.HasPrefix(outcome, "VALID?"), strings.HasPrefix(outcome, "CONFLICT"), strings.Contains(outcome, "INEFFECTIVE"):
				t.Skipf("the sources disagree or are unverified (%s)", outcome)
			case strings.Contains(outcome, "with a real"):
				// e.g. "VALID (with a real canonical id)": the example carries a
				// documentation placeholder the service itself refuses.
				t.Skipf("valid only once its placeholder is replaced (%s)", outcome)
			case strings.HasPrefix(outcome, "VALID"):
				wantValid = true
			case strings.HasPrefix(outcome, "INVALID"):
			default:
				t.Fatalf("unknown outcome %q", outcome)
			}
			src, format := exampleSource(t, filepath.Join(filepath.Dir(exp), meta["file"]))
			if src == "" {
				t.Skip("a request descriptor with both ACL headers and a body: judged by the compose rules, not one document")
			}
			// "… when PUT to bucket X": the verdict depends on the bucket.
			bucket := ""
			if _, b, ok := strings.Cut(outcome, "when PUT to bucket "); ok {
				bucket = strings.Trim(b, " )")
			}
			req, _ := json.Marshal(CheckRequest{Provider: prov, Document: doc, Format: format, Source: src, Bucket: bucket})
			var resp struct {
				OK          bool
				Error       *ErrorBody
				Diagnostics []Diagnostic
			}
			if err := json.Unmarshal(Call("check", req), &resp); err != nil || !resp.OK {
				t.Fatalf("check failed: %v %+v", err, resp.Error)
			}
			var errs []string
			for _, d := range resp.Diagnostics {
				if d.Code == "unsupported" {
					t.Skipf("%s %s %s is not supported yet", prov, doc, format)
				}
				if d.Severity == "error" {
					errs = append(errs, d.Code+": "+d.Message)
				}
			}
			judged++
			if wantValid && len(errs) > 0 {
				t.Errorf("the service accepts it (%s), we report errors:\n%s", meta["expected"], strings.Join(errs, "\n"))
			}
			if !wantValid && len(errs) == 0 {
				t.Errorf("the service rejects it (%s: %s), we report no error", meta["expected"], meta["why"])
			}
		})
	}
	t.Logf("%d of %d examples judged", judged, len(expects))
}

func readExpect(t *testing.T, path string) map[string]string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.Contains(k, " ") {
			out[k] = v
		}
	}
	return out
}

// exampleSource reads an example: a document (.json or .xml), or a request
// descriptor ({"request","headers","body"}) for the header form of an ACL.
func exampleSource(t *testing.T, path string) (source, format string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".xml") {
		return string(raw), "xml"
	}
	var desc struct {
		Request string
		Headers map[string]string
		Body    *string
	}
	if json.Unmarshal(raw, &desc) == nil && desc.Request != "" {
		if desc.Body != nil && *desc.Body != "" {
			return "", ""
		}
		names := make([]string, 0, len(desc.Headers))
		for n := range desc.Headers {
			names = append(names, n)
		}
		sort.Strings(names)
		var lines []string
		for _, n := range names {
			if strings.EqualFold(n, "Content-Length") {
				continue
			}
			lines = append(lines, n+": "+desc.Headers[n])
		}
		return strings.Join(lines, "\n"), "headers"
	}
	return string(raw), "json"
}
