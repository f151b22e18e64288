package convert_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bucketlab/core/api"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// targets are every provider × format each document kind converts to.
var targets = map[string][][2]string{
	"cors":   {{"cos", "xml"}, {"qingstor", "json"}, {"s3", "xml"}, {"s3", "json"}},
	"acl":    {{"cos", "xml"}, {"cos", "headers"}, {"qingstor", "json"}, {"s3", "xml"}, {"s3", "headers"}},
	"policy": {{"cos", "json"}, {"qingstor", "json"}, {"s3", "json"}},
}

// owners are the bucket owner at each target, as a user fills it in.
var owners = map[string]string{
	"cos": "100000000001",
	"s3":  "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
}

// idMaps are the counterparts a user gives, per target provider: the
// testdata's ids of the other providers.
var idMaps = map[string]map[string]string{
	"cos": {"usr-1mvNCzZu": "100000000001/100000000002", "123456789012": "100000000003",
		"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be": "100000000001"},
	"s3": {"usr-1mvNCzZu": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"qcs::cam::uin/100000000001:uin/100000000002": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"qcs::cam::uin/100000000001:uin/100000000001": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
	"qingstor": {"123456789012": "usr-2pQrStUv", "qcs::cam::uin/100000000001:uin/100000000002": "usr-2pQrStUv"},
}

// TestConvertGolden converts every document in testdata/<provider>-<document>/
// (read in the format its extension names) to every provider and format
// of its kind, and compares output and diagnostics with NAME.golden. It
// also holds the op to its promise: an output without a conversion error
// passes the target's check. Run with -update after a deliberate change
// and review the diff.
func TestConvertGolden(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*-*")
	if len(dirs) == 0 {
		t.Fatal("no testdata")
	}
	for _, dir := range dirs {
		prov, doc, _ := strings.Cut(filepath.Base(dir), "-")
		files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		for _, file := range files {
			ext := filepath.Ext(file)
			if ext == ".golden" {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(file), ext)
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for _, to := range targets[doc] {
					fmt.Fprintf(&b, "== to %s %s ==\n", to[0], to[1])
					b.WriteString(convertOnce(t, prov, doc, strings.TrimPrefix(ext, "."), string(src), to))
				}
				golden := filepath.Join(dir, name+".golden")
				if *update {
					if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./core/convert -update to create it)", err)
				}
				if b.String() != string(want) {
					t.Errorf("convert %s:\n--- got\n%s--- want\n%s", file, b.String(), want)
				}
			})
		}
	}
}

type convertResponse struct {
	OK    bool
	Error *api.ErrorBody
	Value struct {
		Source, Provider, Document, Format string
		Check                              api.ConvertCheck
	}
	Diagnostics []api.Diagnostic
}

func call(t *testing.T, req api.ConvertRequest) convertResponse {
	t.Helper()
	b, _ := json.Marshal(req)
	var resp convertResponse
	if err := json.Unmarshal(api.Call("convert", b), &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

func convertOnce(t *testing.T, prov, doc, format, src string, to [2]string) string {
	t.Helper()
	resp := call(t, api.ConvertRequest{
		Provider: prov, Document: doc, Format: format, Source: src,
		To:    api.ConvertTarget{Provider: to[0], Format: to[1]},
		AppID: "1250000000", Region: "ap-guangzhou", Owner: owners[to[0]], IDs: idMaps[to[0]],
	})
	var b strings.Builder
	if !resp.OK {
		fmt.Fprintf(&b, "error %s: %s\n", resp.Error.Code, resp.Error.Message)
		return b.String()
	}
	b.WriteString(resp.Value.Source)
	c := resp.Value.Check
	fmt.Fprintf(&b, "\n-- check: ok=%v, %d diagnostics, %d errors\n", c.OK, c.Diagnostics, c.Errors)
	convErrors := 0
	for _, d := range resp.Diagnostics {
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s %q: %s\n", d.Line, d.Column, d.EndLine, d.EndColumn, d.Severity, d.Code, clip(utf16Slice(src, d.From, d.To)), d.Message)
		if d.Severity == "error" {
			convErrors++
		}
	}
	if convErrors == 0 && !c.OK {
		t.Errorf("%s %s → %s %s: no conversion error, but the output fails the target's check:\n%s", prov, doc, to[0], to[1], resp.Value.Source)
	}
	if resp.Value.Source == "" {
		t.Errorf("%s %s → %s: no output", prov, doc, to)
	}
	return b.String()
}

// utf16Slice is the source text a diagnostic's from/to select.
func utf16Slice(s string, from, to int) string {
	units := 0
	start, end := -1, -1
	for i, r := range s {
		if units == from && start < 0 {
			start = i
		}
		if units == to && end < 0 {
			end = i
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	if start < 0 {
		start = len(s)
	}
	if end < 0 {
		end = len(s)
	}
	if end < start {
		return ""
	}
	return s[start:end]
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "…"
	}
	return s
}
