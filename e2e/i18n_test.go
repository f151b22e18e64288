package e2e

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// patchDoc has an unknown method: an error whose message quotes the user's "PATCH".
const patchDoc = "{\"cors_rules\":[{\n  \"allowed_origin\":\"https://www.example.com\",\n  \"allowed_methods\":[\"GET\",\"PATCH\"]}]}"

type pageTexts struct {
	Lang       string `json:"lang"`
	Title      string `json:"title"`
	Provider   string `json:"provider"`
	Problems   string `json:"problems"`
	Compare    string `json:"compare"`
	Note       string `json:"note"`
	NavLabel   string `json:"navLabel"`
	ThemeLabel string `json:"themeLabel"`
	Toggle     string `json:"toggle"`
	Native     string `json:"native"`
	Msg        string `json:"msg"`
	Sev        string `json:"sev"`
	Copy       string `json:"copy"`
}

func (p *tab) texts() pageTexts {
	p.t.Helper()
	return evalT[pageTexts](p, `(() => {
		const q = (s) => document.querySelector(s);
		const row = q('[data-testid=diagnostics] li[data-code]');
		return {lang: document.documentElement.lang, title: document.title,
			provider: q('#provider').labels[0].firstChild.data.trim(),
			problems: q('[data-testid=diagnostics]').closest('.panel').querySelector('h2').textContent,
			compare: q('[data-testid=diff-compare]').textContent,
			note: q('[data-testid=diff-panel] .note').textContent,
			navLabel: q('#page-tools').getAttribute('aria-label'),
			themeLabel: q('[data-testid=theme-toggle]').labels[0].textContent.replace(q('[data-testid=theme-toggle]').textContent, ''),
			toggle: q('[data-testid=lang-toggle]').value,
			native: q('#format option[value=""]').textContent,
			msg: row?.querySelector('.msg')?.textContent ?? '', sev: row?.querySelector('.sev')?.textContent ?? '',
			copy: q('button.copy[data-copy=content-type]').textContent};
	})()`)
}

// TestI18nSwitchesUIAndDiagnostics switches to 中文 and back: the page's labels, <html lang>,
// the texts the panels write, and the core's diagnostic messages follow; the choice survives a
// reload.
func TestI18nSwitchesUIAndDiagnostics(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	if nav := evalT[string](p, `navigator.language`); parseLangGo(nav) != "en" {
		t.Skipf("the browser's language is %q; this test starts from English", nav)
	}
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(patchDoc)
	hasCode := func(rows []row) bool { return len(rows) > 0 && rows[0].Code == "cors-method-unknown" }
	p.settle(hasCode)

	req := map[string]any{"provider": "qingstor", "document": "cors", "source": patchDoc}
	enMsg := dig(native(t, "check", req), "diagnostics").([]any)[0].(map[string]any)["message"].(string)
	req["lang"] = "zh-CN"
	zhDiag := dig(native(t, "check", req), "diagnostics").([]any)[0].(map[string]any)
	zhMsg := zhDiag["message"].(string)
	if zhDiag["detail"] != enMsg || !strings.Contains(zhMsg, `"PATCH"`) || !strings.ContainsFunc(zhMsg, isHan) {
		t.Fatalf("the native core in Chinese: %q / detail %q", zhMsg, zhDiag["detail"])
	}

	en := p.texts()
	wantEN := pageTexts{Lang: "en", Title: "bucketlab: bucket CORS, policy and ACL playground", Provider: "provider",
		Problems: "problems", Compare: "compare", NavLabel: "page tools", ThemeLabel: "theme", Toggle: "en",
		Native: "native (JSON)", Msg: enMsg, Sev: "error", Copy: "copy"}
	wantEN.Note = en.Note
	if en != wantEN {
		t.Errorf("English page:\n got %+v\nwant %+v", en, wantEN)
	}

	p.choose("lang-toggle", "zh-CN")
	p.settle(func(rows []row) bool { return hasCode(rows) && strings.ContainsFunc(rows[0].Text, isHan) })
	zh := p.texts()
	wantZH := pageTexts{Lang: "zh-CN", Title: "bucketlab：存储桶 CORS、策略与 ACL 演练场", Provider: "服务商",
		Problems: "问题", Compare: "比对", NavLabel: "页面工具", ThemeLabel: "主题", Toggle: "zh-CN",
		Native: "原生（JSON）", Msg: zhMsg, Sev: "错误", Copy: "复制"}
	wantZH.Note = zh.Note
	if zh != wantZH {
		t.Errorf("Chinese page:\n got %+v\nwant %+v", zh, wantZH)
	}
	if !strings.HasPrefix(zh.Note, "收到 SignatureDoesNotMatch？") {
		t.Errorf("the diff note with its <code> kept: %q", zh.Note)
	}
	// Every marked text and attribute of index.html has a translation.
	untranslated := evalT[[]string](p, `(() => {
		const out = [];
		for (const el of document.querySelectorAll('[data-i18n]'))
			for (const n of el.childNodes)
				if (n instanceof Text && n.data.trim() && !/[\u4e00-\u9fff]/.test(n.data) && el.closest('select') === null)
					out.push(el.dataset.i18n + ': ' + n.data.trim());
		for (const el of document.querySelectorAll('[data-i18n-attr]'))
			for (const pair of el.dataset.i18nAttr.split(';')) {
				const name = pair.split(':')[0].trim();
				if (!/[\u4e00-\u9fff]/.test(el.getAttribute(name) ?? '')) out.push(name + ': ' + el.getAttribute(name));
			}
		return out;
	})()`)
	if len(untranslated) > 0 {
		t.Errorf("marked but not translated: %q", untranslated)
	}
	// A provider change while in Chinese: main.ts writes the native format's name again.
	p.choose("provider", "cos")
	if got := evalT[string](p, `new Promise(r => setTimeout(() => r(document.querySelector('#format option[value=""]').textContent), 50))`); got != "原生（XML）" {
		t.Errorf("native option after a provider change = %q", got)
	}
	p.choose("provider", "qingstor")
	p.settle(hasCode)

	// The choice is stored: a reload comes back in Chinese, and its first lint is Chinese
	// (whichever document the reload shows: the share link's or the sample).
	p.reload()
	if rows := p.settle(func([]row) bool { return true }); len(rows) > 0 && !strings.ContainsFunc(rows[0].Text, isHan) {
		t.Errorf("the first lint after a reload is not Chinese: %+v", rows)
	} else if len(rows) == 0 && p.text("diagnostics") != "没有问题" {
		t.Errorf("after a reload, the empty list says %q", p.text("diagnostics"))
	}
	if got := p.texts(); got.Lang != "zh-CN" || got.Provider != "服务商" || got.Toggle != "zh-CN" {
		t.Errorf("after a reload: %+v", got)
	}
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(patchDoc)
	p.settle(func(rows []row) bool { return hasCode(rows) && strings.ContainsFunc(rows[0].Text, isHan) })

	// And back.
	p.choose("lang-toggle", "en")
	p.settle(func(rows []row) bool { return hasCode(rows) && !strings.ContainsFunc(rows[0].Text, isHan) })
	back := p.texts()
	back.Note = en.Note
	if back != wantEN {
		t.Errorf("back in English:\n got %+v\nwant %+v", back, wantEN)
	}
	if stored := evalT[string](p, `localStorage.getItem('bucketlab.lang') ?? ''`); stored != "en" {
		t.Errorf("stored language %q", stored)
	}
}

// parseLangGo mirrors i18n.ts's parseLang for the test's expectations.
func parseLangGo(tag string) string {
	parts := strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 || parts[0] != "zh" {
		return "en"
	}
	if len(parts) == 1 || parts[1] == "cn" || parts[1] == "sg" || parts[1] == "hans" {
		return "zh-CN"
	}
	return "en"
}

// TestI18nDefaultFollowsNavigatorLanguage: with nothing stored, the browser's language picks
// the page's.
func TestI18nDefaultFollowsNavigatorLanguage(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	ua := evalT[string](p, `navigator.userAgent`)
	t.Cleanup(func() {
		_, _ = chromedp.Call(p.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "en-US"})
	})
	for _, c := range []struct{ accept, want string }{
		{"zh-CN,zh", "zh-CN"},
		{"zh-TW", "en"},
		{"en-GB,en", "en"},
		{"zh", "zh-CN"},
	} {
		if _, err := chromedp.Call(p.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: c.accept}); err != nil {
			t.Fatal(err)
		}
		p.eval(`localStorage.removeItem('bucketlab.lang')`)
		p.reload()
		got := evalT[map[string]string](p, `({nav: navigator.language, lang: document.documentElement.lang,
			toggle: document.querySelector('[data-testid=lang-toggle]').value, provider: document.getElementById('provider').labels[0].firstChild.data.trim()})`)
		if got["lang"] != c.want || got["toggle"] != c.want {
			t.Errorf("navigator.language %q (Accept-Language %q): page in %q, toggle %q; want %q", got["nav"], c.accept, got["lang"], got["toggle"], c.want)
		}
		if (c.want == "zh-CN") != (got["provider"] == "服务商") {
			t.Errorf("navigator.language %q: provider label %q", got["nav"], got["provider"])
		}
	}
}

// TestI18nTablesComplete reads the sources: every key with English text (index.html's
// data-i18n and data-i18n-attr keys, i18n.ts's table, editor/strings.ts as "editor.<key>") has
// a Chinese text in i18n/zh-CN.ts, and zh-CN.ts has no key nobody uses. A module that adds
// strings fails here until they are translated.
func TestI18nTablesComplete(t *testing.T) {
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	keys := func(re, text, prefix string) []string {
		var out []string
		for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(text, -1) {
			out = append(out, prefix+m[1])
		}
		return out
	}
	zh := map[string]bool{}
	for _, k := range keys(`(?m)^\s+"([\w.]+)":`, read("../web/src/i18n/zh-CN.ts"), "") {
		zh[k] = true
	}
	html := read("../web/index.html")
	var english []string
	english = append(english, keys(`data-i18n="([\w.]+)"`, html, "")...)
	english = append(english, keys(`data-i18n-attr="[\w-]+:([\w.]+)"`, html, "")...)
	i18nTS := read("../web/src/i18n.ts")
	table := i18nTS[strings.Index(i18nTS, "const english"):]
	table = table[:strings.Index(table, "};")]
	english = append(english, keys(`(?m)^\s+"([\w.]+)":`, table, "")...)
	if s, err := os.ReadFile("../web/src/editor/strings.ts"); err == nil {
		english = append(english, keys(`(?m)^\s+(\w+): "`, string(s), "editor.")...)
	}
	used := map[string]bool{}
	for _, k := range english {
		used[k] = true
		if !zh[k] {
			t.Errorf("no Chinese text for %q in web/src/i18n/zh-CN.ts", k)
		}
	}
	for k := range zh {
		// diff.note.2: the second text node of the element marked diff.note.
		if !used[k] && !used[strings.TrimSuffix(k, ".2")] {
			t.Errorf("zh-CN.ts translates %q, which nothing uses", k)
		}
	}
	if len(english) < 40 {
		t.Errorf("only %d keys found; did the sources move?", len(english))
	}
}
