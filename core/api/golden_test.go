package api

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestCheckGolden runs "check" on every document in testdata/<provider>-<document>/
// (NAME.json, NAME.xml or NAME.headers, read in the format its extension names) and
// compares the rendered answer (diagnostics as line:column, wire body,
// Content-MD5) with NAME.golden. Run with -update after a deliberate change
// and review the diff.
func TestCheckGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*-*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, dir := range dirs {
		prov, doc, _ := strings.Cut(filepath.Base(dir), "-")
		jsonFiles, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		xmlFiles, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		headerFiles, _ := filepath.Glob(filepath.Join(dir, "*.headers"))
		for _, file := range append(append(jsonFiles, xmlFiles...), headerFiles...) {
			ext := filepath.Ext(file)
			name := strings.TrimSuffix(filepath.Base(file), ext)
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				// The extension names the format: .json, .xml or .headers.
				format := strings.TrimPrefix(ext, ".")
				req, _ := json.Marshal(CheckRequest{Provider: prov, Document: doc, Format: format, Source: string(src)})
				got := renderAnswer(t, Call("check", req))
				golden := strings.TrimSuffix(file, ext) + ".golden"
				if *update {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./core/api -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("check %s:\n--- got\n%s--- want\n%s", file, got, want)
				}
			})
		}
	}
}

func renderAnswer(t *testing.T, raw []byte) string {
	t.Helper()
	var resp struct {
		OK          bool
		Error       *ErrorBody
		Diagnostics []Diagnostic
		Value       struct {
			Wire       *Wire
			ContentMD5 string
		}
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatalf("response is not JSON: %s", raw)
	}
	var b strings.Builder
	if !resp.OK {
		fmt.Fprintf(&b, "error %s: %s\n", resp.Error.Code, resp.Error.Message)
		return b.String()
	}
	for _, d := range resp.Diagnostics {
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s: %s", d.Line, d.Column, d.EndLine, d.EndColumn, d.Severity, d.Code, d.Message)
		if d.Suggestion != nil && *d.Suggestion == "" {
			b.WriteString(" [fix: remove]")
		} else if d.Suggestion != nil {
			fmt.Fprintf(&b, " [fix: %s]", *d.Suggestion)
		}
		b.WriteString("\n")
	}
	if len(resp.Diagnostics) == 0 {
		b.WriteString("no diagnostics\n")
	}
	if w := resp.Value.Wire; w != nil {
		fmt.Fprintf(&b, "-- wire %s --\n%s\n", w.ContentType, w.Body)
		for _, h := range w.Headers {
			fmt.Fprintf(&b, "%s: %s\n", h.Name, h.Value)
		}
		fmt.Fprintf(&b, "-- content-md5 --\n%s\n", resp.Value.ContentMD5)
	}
	return b.String()
}
