package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bucketlab/core/diag"
)

type langAnswer struct {
	OK          bool            `json:"ok"`
	Value       json.RawMessage `json:"value"`
	Diagnostics []Diagnostic    `json:"diagnostics"`
	Error       *ErrorBody      `json:"error"`
}

func callLang(t *testing.T, op string, req map[string]any, lang any) langAnswer {
	t.Helper()
	r := map[string]any{}
	for k, v := range req {
		r[k] = v
	}
	if lang != nil {
		r["lang"] = lang
	}
	b, _ := json.Marshal(r)
	var a langAnswer
	if err := json.Unmarshal(Call(op, b), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLangZhCNTranslatesDiagnostics(t *testing.T) {
	req := map[string]any{"provider": "qingstor", "document": "cors",
		"source": `{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET","PATCH"]}]}`}
	en := callLang(t, "check", req, nil)
	zh := callLang(t, "check", req, "zh-CN")
	if len(en.Diagnostics) == 0 || len(en.Diagnostics) != len(zh.Diagnostics) {
		t.Fatalf("en %d diagnostics, zh %d", len(en.Diagnostics), len(zh.Diagnostics))
	}
	d := zh.Diagnostics[0]
	if d.Code != "cors-method-unknown" {
		t.Fatalf("first code %q", d.Code)
	}
	want, _ := diag.ZhMessage(diag.CORSMethodUnknown)
	if !strings.HasPrefix(d.Message, want) || !strings.Contains(d.Message, `"PATCH"`) {
		t.Errorf("message %q: want the Chinese text %q with the quoted \"PATCH\"", d.Message, want)
	}
	if d.Detail != en.Diagnostics[0].Message {
		t.Errorf("detail %q, want the English message %q", d.Detail, en.Diagnostics[0].Message)
	}
	if string(en.Value) != string(zh.Value) {
		t.Errorf("the value changed with the language")
	}
	// English: no detail, whether lang is absent, "en" or unknown.
	for _, lang := range []any{nil, "en", "fr", "zh-TW", ""} {
		a := callLang(t, "check", req, lang)
		for _, d := range a.Diagnostics {
			if d.Detail != "" || strings.ContainsFunc(d.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Errorf("lang %v: %q / detail %q", lang, d.Message, d.Detail)
			}
		}
	}
}

// TestLangZhCNOnEveryTestdataDocument: across the golden documents, every
// diagnostic in Chinese keeps code, severity and position, carries its
// English message as detail, and is the code's Chinese text plus the values
// the English message quotes.
func TestLangZhCNOnEveryTestdataDocument(t *testing.T) {
	files, _ := filepath.Glob("testdata/*-*/*.*")
	seen := 0
	for _, file := range files {
		ext := filepath.Ext(file)
		if ext == ".golden" {
			continue
		}
		prov, doc, _ := strings.Cut(filepath.Base(filepath.Dir(file)), "-")
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		req := map[string]any{"provider": prov, "document": doc, "format": strings.TrimPrefix(ext, "."), "source": string(src)}
		en, zh := callLang(t, "check", req, nil), callLang(t, "check", req, "zh-CN")
		if len(en.Diagnostics) != len(zh.Diagnostics) {
			t.Errorf("%s: %d diagnostics in English, %d in Chinese", file, len(en.Diagnostics), len(zh.Diagnostics))
			continue
		}
		for i, e := range en.Diagnostics {
			z := zh.Diagnostics[i]
			zhText, ok := diag.ZhMessage(diag.Code(e.Code))
			if !ok {
				t.Errorf("%s: code %q has no Chinese text", file, e.Code)
				continue
			}
			seen++
			wantMsg, _ := diag.Localize(diag.Code(e.Code), e.Message, diag.Chinese)
			if z.Detail != e.Message || z.Message != wantMsg || !strings.HasPrefix(z.Message, zhText) {
				t.Errorf("%s: %s\n got %q / %q\nwant %q / %q", file, e.Code, z.Message, z.Detail, wantMsg, e.Message)
			}
			z.Message, z.Detail, e.Related, z.Related = e.Message, "", nil, nil
			if z.Code != e.Code || z.Line != e.Line || z.Column != e.Column || z.From != e.From || z.To != e.To || z.Severity != e.Severity {
				t.Errorf("%s: the Chinese diagnostic moved: %+v vs %+v", file, z, e)
			}
		}
	}
	if seen < 20 {
		t.Errorf("only %d diagnostics checked; is testdata/ there?", seen)
	}
}

func TestLangTranslatesRelated(t *testing.T) {
	req := map[string]any{"provider": "qingstor", "document": "cors", "source": `{"cors_rules":[],"cors_rules":[]}`}
	a := callLang(t, "check", req, "zh-CN")
	for _, d := range a.Diagnostics {
		if d.Code == string(diag.JSONDuplicateKey) {
			if len(d.Related) == 0 || d.Related[0].Message != "首次定义于此" {
				t.Errorf("related = %+v", d.Related)
			}
			return
		}
	}
	t.Fatalf("no %s in %+v", diag.JSONDuplicateKey, a.Diagnostics)
}

// TestEveryOpAcceptsLang: "lang" is no op's field, yet every op takes it:
// "en" answers byte for byte what no lang answers, and a non-string lang is
// a bad request whichever the op.
func TestEveryOpAcceptsLang(t *testing.T) {
	for _, op := range Ops() {
		if op == "panic" {
			continue
		}
		for _, base := range []string{`{}`, `{"provider":"qingstor","document":"cors","source":"{}"}`} {
			with := base[:len(base)-1]
			if base != `{}` {
				with += ","
			}
			plain := string(Call(op, []byte(base)))
			en := string(Call(op, []byte(with+`"lang":"en"}`)))
			if plain != en {
				t.Errorf("%s %s: lang \"en\" changed the answer:\n%s\n%s", op, base, plain, en)
			}
			var zh langAnswer
			if err := json.Unmarshal(Call(op, []byte(with+`"lang":"zh-CN"}`)), &zh); err != nil {
				t.Fatal(err)
			}
			var p langAnswer
			_ = json.Unmarshal([]byte(plain), &p)
			if zh.OK != p.OK || len(zh.Diagnostics) != len(p.Diagnostics) {
				t.Errorf("%s %s: lang \"zh-CN\" changed the outcome: ok %v→%v, %d→%d diagnostics", op, base, p.OK, zh.OK, len(p.Diagnostics), len(zh.Diagnostics))
			}
			var bad langAnswer
			_ = json.Unmarshal(Call(op, []byte(with+`"lang":7}`)), &bad)
			if bad.OK || bad.Error == nil || bad.Error.Code != CodeBadRequest || !strings.Contains(bad.Error.Message, `"lang"`) {
				t.Errorf("%s: lang 7 answered %+v", op, bad)
			}
		}
	}
}
