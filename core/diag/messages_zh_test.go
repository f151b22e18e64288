package diag

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestZhMessagesCoverRegistry: every registered code has a Chinese text, and
// the table names no code the registry lacks. A new codes_<area>.go fails
// here until messages_zh.go gains its codes.
func TestZhMessagesCoverRegistry(t *testing.T) {
	registered := map[Code]bool{}
	for _, i := range registry {
		registered[i.Code] = true
		zh, ok := zhMessages[i.Code]
		if !ok {
			t.Errorf("code %q (%s) has no Chinese message in messages_zh.go", i.Code, i.Title)
			continue
		}
		if !hasHan(zh) {
			t.Errorf("code %q: Chinese message %q has no Chinese characters", i.Code, zh)
		}
		if strings.HasSuffix(zh, "。") || strings.TrimSpace(zh) != zh {
			t.Errorf("code %q: Chinese message %q ends in a full stop or space; Localize appends the quoted values", i.Code, zh)
		}
	}
	for c := range zhMessages {
		if !registered[c] {
			t.Errorf("messages_zh.go has a message for %q, which is not a registered code", c)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		tag  string
		want Lang
	}{
		{"", English},
		{"en", English},
		{"en-US", English},
		{"fr", English},
		{"zh", Chinese},
		{"zh-CN", Chinese},
		{"zh_cn", Chinese},
		{"ZH-Hans", Chinese},
		{"zh-Hans-CN", Chinese},
		{"zh-SG", Chinese},
		{"zh-TW", English},
		{"zh-Hant", English},
		{"-", English},
	}
	for _, tc := range tests {
		if got := ParseLang(tc.tag); got != tc.want {
			t.Errorf("ParseLang(%q) = %d, want %d", tc.tag, got, tc.want)
		}
	}
}

func TestLocalize(t *testing.T) {
	tests := []struct {
		name             string
		code             Code
		english          string
		lang             Lang
		wantMsg, wantDet string
	}{
		{"English is untouched", CORSMethodUnknown, `unknown method "PATCH"`, English,
			`unknown method "PATCH"`, ""},
		{"one quoted value", CORSMethodUnknown, `unknown method "PATCH"; expected one of GET, PUT`, Chinese,
			`服务商不接受这个允许的方法（"PATCH"）`, `unknown method "PATCH"; expected one of GET, PUT`},
		{"values in order, repeats once", CORSMethodUnknown, `unknown method "PTU"; did you mean "PUT"? (the service answers "PTU")`, Chinese,
			`服务商不接受这个允许的方法（"PTU"、"PUT"）`, `unknown method "PTU"; did you mean "PUT"? (the service answers "PTU")`},
		{"escapes kept", JSONDuplicateKey, `duplicate key "a\"b\n"; keep one of them`, Chinese,
			`同一对象中的键出现了两次，请只保留一个（"a\"b\n"）`, `duplicate key "a\"b\n"; keep one of them`},
		{"nothing quoted", DocumentEmpty, `the document is empty; write a JSON object`, Chinese,
			`文档为空`, `the document is empty; write a JSON object`},
		{"a value the Chinese text names is not repeated", CORSExposeETagMissing, `browser uploads (PUT) cannot read the ETag; add "ETag" to the exposed headers`, Chinese,
			`允许了 PUT/POST 却未暴露 ETag：浏览器上传读不到它，请把 "ETag" 加入暴露的头部`, `browser uploads (PUT) cannot read the ETag; add "ETag" to the exposed headers`},
		{"unknown code stays English", Code("no-such-code"), `something "x"`, Chinese,
			`something "x"`, ""},
	}
	for _, tc := range tests {
		msg, det := Localize(tc.code, tc.english, tc.lang)
		if msg != tc.wantMsg || det != tc.wantDet {
			t.Errorf("%s: Localize = %q, %q\nwant %q, %q", tc.name, msg, det, tc.wantMsg, tc.wantDet)
		}
	}
	if got := LocalizeRelated("first defined here", Chinese); got != "首次定义于此" {
		t.Errorf("LocalizeRelated = %q", got)
	}
	if got := LocalizeRelated("first defined here", English); got != "first defined here" {
		t.Errorf("LocalizeRelated(English) = %q", got)
	}
}

func TestQuoted(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{``, nil},
		{`no quotes`, nil},
		{`a "b" c "d"`, []string{`"b"`, `"d"`}},
		{`unterminated "b`, nil},
		{`stray " then "ok"`, []string{`" then "`}},
		{`"中文😀"`, []string{`"中文😀"`}},
	}
	for _, tc := range tests {
		if got := Quoted(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Quoted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzQuoted: Quoted takes text with the user's values in it; it must not
// panic, and every piece it returns is a valid Go string literal.
func FuzzQuoted(f *testing.F) {
	for _, s := range []string{`a "b" c`, `"\x00"`, `"unterminated`, `""""`, `"\u00e9" "é"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range Quoted(s) {
			if _, err := strconv.Unquote(q); err != nil {
				t.Errorf("Quoted(%q) returned %q, not a literal: %v", s, q, err)
			}
		}
	})
}
