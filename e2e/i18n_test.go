package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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
// data-i18n and data-i18n-attr keys, i18n.ts's table, the modules' registerStrings tables,
// editor/strings.ts as "editor.<key>") has
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
	// The modules' own tables: registerStrings({ … }) in web/src/*.ts.
	modules, err := filepath.Glob("../web/src/*.ts")
	if err != nil {
		t.Fatal(err)
	}
	registered := 0
	for _, m := range modules {
		for _, block := range regexp.MustCompile(`(?s)registerStrings\(\{\n(.*?)\n\}\);`).FindAllStringSubmatch(read(m), -1) {
			ks := keys(`(?m)^\s+"([\w.]+)":`, block[1], "")
			registered += len(ks)
			english = append(english, ks...)
		}
	}
	if registered < 100 {
		t.Errorf("only %d keys in the modules' registerStrings tables; did the sources move?", registered)
	}
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

// panelTexts is what one of the simulator panels shows: its heading, its aria-label, its
// fields' labels, its verdict line, and its diagnostic rows' message and detail.
type panelTexts struct {
	Hidden  bool     `json:"hidden"`
	State   string   `json:"state"`
	Title   string   `json:"title"`
	Aria    string   `json:"aria"`
	Labels  []string `json:"labels"`
	Heads   []string `json:"heads"`
	Verdict string   `json:"verdict"`
	Rows    []struct {
		Code   string `json:"code"`
		Sev    string `json:"sev"`
		Msg    string `json:"msg"`
		Detail string `json:"detail"`
	} `json:"rows"`
}

// panel reads the panel data-testid="<name>-panel"; verdict names its verdict line's testid.
func (p *tab) panel(name, verdict string) panelTexts {
	p.t.Helper()
	return evalT[panelTexts](p, `(() => {
		const s = document.querySelector('[data-testid=`+name+`-panel]');
		const shownLabels = Array.from(s.querySelectorAll('label')).filter(l => !l.closest('[hidden]'));
		return {hidden: s.hidden, state: s.dataset.state || '',
			title: s.querySelector('[data-testid=`+name+`-title]')?.textContent || '',
			aria: s.getAttribute('aria-label') || '',
			labels: shownLabels.map(l => l.textContent),
			heads: Array.from(s.querySelectorAll('h3')).map(h => h.textContent),
			verdict: s.querySelector('[data-testid=`+verdict+`]')?.textContent || '',
			rows: Array.from(s.querySelectorAll('li[data-code]')).map(li => ({code: li.dataset.code,
				sev: li.querySelector('.sev')?.textContent || '', msg: li.querySelector('.msg')?.textContent || '',
				detail: li.querySelector('.detail')?.textContent || ''}))};
	})()`)
}

// waitPanel polls until the panel is shown, idle, and want holds.
func (p *tab) waitPanel(name, verdict string, want func(panelTexts) bool) panelTexts {
	p.t.Helper()
	var last panelTexts
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		last = p.panel(name, verdict)
		if !last.Hidden && last.State == "idle" && want(last) {
			return last
		}
	}
	p.t.Fatalf("the %s panel did not settle; last seen %+v", name, last)
	return last
}

// allHan: every text has Han characters (is Chinese).
func allHan(texts ...string) bool {
	for _, s := range texts {
		if !strings.ContainsFunc(s, isHan) {
			return false
		}
	}
	return len(texts) > 0
}

// TestI18nPanels switches to 中文 and checks the panels that modules build: the copy buttons'
// names, the diagnostics' Chinese message over its English detail, and the preflight, policy
// decision and convert panels' headings, labels and verdicts; then back to English.
func TestI18nPanels(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	if nav := evalT[string](p, `navigator.language`); parseLangGo(nav) != "en" {
		t.Skipf("the browser's language is %q; this test starts from English", nav)
	}
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.choose("lang-toggle", "zh-CN")
	p.settle(func(rows []row) bool { return len(rows) == 0 || strings.ContainsFunc(rows[0].Text, isHan) })

	// The copy buttons: each named for what it copies, in Chinese, none alike.
	names := evalT[[]string](p, `new Promise(r => setTimeout(() => r(Array.from(document.querySelectorAll('button.copy'))
		.map(b => b.getAttribute('aria-label') + ' / ' + b.textContent)), 50))`)
	seen := map[string]bool{}
	for _, n := range names {
		if !strings.HasPrefix(n, "复制") || !strings.HasSuffix(n, " / 复制") || seen[n] {
			t.Errorf("copy button %q (all: %q)", n, names)
		}
		seen[n] = true
	}
	if len(names) < 9 || !seen["复制 Content-MD5 / 复制"] || !seen["复制签名步骤 StringToSign / 复制"] {
		t.Errorf("%d copy buttons: %q", len(names), names)
	}
	t.Logf("%d copy buttons: %q", len(names), names)

	// A diagnostic: the core's Chinese message, and under it the English.
	p.paste(patchDoc)
	req := map[string]any{"provider": "qingstor", "document": "cors", "source": patchDoc}
	enMsg := dig(native(t, "check", req), "diagnostics").([]any)[0].(map[string]any)["message"].(string)
	p.settle(func(rows []row) bool { return len(rows) > 0 && strings.ContainsFunc(rows[0].Text, isHan) })
	row := evalT[map[string]string](p, `(() => { const li = document.querySelector('[data-testid=diagnostics] li[data-code]');
		return {msg: li.querySelector('.msg').textContent, detail: li.querySelector('.detail')?.textContent ?? '',
			detailLang: li.querySelector('.detail')?.lang ?? '', sev: li.querySelector('.sev').textContent}; })()`)
	if !allHan(row["msg"]) || row["detail"] != enMsg || row["detailLang"] != "en" || row["sev"] != "错误" {
		t.Errorf("diagnostic row %+v; want a Chinese message over %q", row, enMsg)
	}

	// The preflight panel (the document is CORS).
	pf := p.waitPanel("preflight", "preflight-verdict", func(s panelTexts) bool { return allHan(s.Verdict) })
	if pf.Title != "CORS 预检" || pf.Aria != "CORS 预检" || len(pf.Labels) != 5 || !allHan(pf.Labels...) || !allHan(pf.Heads...) {
		t.Errorf("preflight panel in Chinese: %+v", pf)
	}
	if pf.Verdict != "未模拟：请先修正文档中的错误" {
		t.Errorf("preflight verdict for a document with errors: %q", pf.Verdict)
	}
	// No error left; the page's origin (http://docs.qingcloud.com) is not the allowed one.
	p.paste(strings.Replace(patchDoc, `,"PATCH"`, "", 1))
	pf = p.waitPanel("preflight", "preflight-verdict", func(s panelTexts) bool { return !strings.HasPrefix(s.Verdict, "未模拟") })
	if pf.Verdict != "拦截：浏览器拒绝该预检请求" {
		t.Errorf("preflight verdict: %q", pf.Verdict)
	}

	// The policy decision panel.
	p.choose("document", "policy")
	ev := p.waitPanel("evaluate", "evaluate-decision", func(s panelTexts) bool { return s.Verdict != "" })
	if ev.Title != "策略判定" || ev.Aria != "策略判定" || len(ev.Labels) != 4 || !allHan(ev.Labels...) || !allHan(ev.Heads...) || !allHan(ev.Verdict) {
		t.Errorf("policy decision panel in Chinese: %+v", ev)
	}
	if got := evalT[string](p, `document.getElementById('evaluate-principal').placeholder`); !strings.HasPrefix(got, "* 或 ") {
		t.Errorf("principal placeholder %q", got)
	}

	// The convert panel, with a part that cannot be carried over: its row is Chinese with the
	// English under it.
	p.choose("provider", "s3")
	p.choose("document", "acl")
	p.choose("format", "headers")
	p.paste("x-amz-acl: public-read")
	p.choose("convert-provider", "s3")
	p.choose("convert-format", "xml")
	cv := p.waitPanel("convert", "convert-check", func(s panelTexts) bool { return len(s.Rows) > 0 && allHan(s.Rows[0].Msg) })
	cvReq := map[string]any{"provider": "s3", "document": "acl", "format": "headers", "source": "x-amz-acl: public-read",
		"to": map[string]any{"provider": "s3", "format": "xml"}}
	var cvEN string
	for _, d := range dig(native(t, "convert", cvReq), "diagnostics").([]any) {
		if d.(map[string]any)["code"] == "convert-owner-missing" {
			cvEN = d.(map[string]any)["message"].(string)
		}
	}
	if cv.Title != "转换" || cv.Aria != "转换" || !allHan(cv.Labels...) || !allHan(cv.Heads...) || !allHan(cv.Verdict) {
		t.Errorf("convert panel in Chinese: %+v", cv)
	}
	if r := cv.Rows[0]; r.Code != "convert-owner-missing" || r.Sev != "错误" || r.Detail != cvEN || cvEN == "" {
		t.Errorf("convert row %+v; want the Chinese over %q", r, cvEN)
	}
	if got := evalT[string](p, `Array.from(document.getElementById('convert-provider').options).map(o => o.textContent).join('|')`); got != "腾讯云 COS|青云 QingStor|AWS S3" {
		t.Errorf("convert providers %q", got)
	}

	// Back to English: the same panel, with no detail under the messages.
	p.choose("lang-toggle", "en")
	cv = p.waitPanel("convert", "convert-check", func(s panelTexts) bool { return len(s.Rows) > 0 && !strings.ContainsFunc(s.Rows[0].Msg, isHan) })
	if cv.Title != "convert" || cv.Aria != "convert" || cv.Rows[0].Msg != cvEN || cv.Rows[0].Detail != "" || cv.Rows[0].Sev != "error" ||
		strings.ContainsFunc(cv.Verdict+strings.Join(cv.Labels, "")+strings.Join(cv.Heads, ""), isHan) {
		t.Errorf("convert panel back in English: %+v", cv)
	}
	p.choose("document", "policy")
	if ev := p.waitPanel("evaluate", "evaluate-decision", func(s panelTexts) bool { return s.Title == "policy decision" }); strings.ContainsFunc(ev.Verdict+strings.Join(ev.Labels, ""), isHan) {
		t.Errorf("policy decision panel back in English: %+v", ev)
	}
}
