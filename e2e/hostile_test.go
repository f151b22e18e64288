package e2e

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"bucketlab/core/api"
)

// Hostile documents: each one answers with a diagnostic within a bounded
// time, and afterwards the page and the Go runtime still answer a normal
// check. The bounds are generous liveness checks (a hang or a frozen page),
// not performance assertions: make bench measures speed.
const (
	answerBound = 20 * time.Second // settle() gives up after this
	typingBound = 10 * time.Second // a keystroke shows up in the editor
	// heavyBound is for a document the core must read whole: 100,000 empty
	// rules fit in 300 KB, under every size limit, and make 200,000 problems
	// on one line. Positions counted from the line's start made that minutes.
	heavyBound = 90 * time.Second
)

// pasteJS replaces the editor's text with the string a JS expression makes,
// through a paste event carrying it as clipboard data, as a real paste does.
// The text is made in the page, so megabytes (or a lone surrogate, which a
// Go string cannot hold) never cross the DevTools protocol.
func (p *tab) pasteJS(expr string) {
	p.t.Helper()
	p.selectAll()
	p.eval(`(() => {
		const text = (` + expr + `);
		const data = new DataTransfer();
		data.setData('text/plain', text);
		const ev = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
		document.querySelector('.cm-content').dispatchEvent(ev);
		if (!ev.defaultPrevented) throw new Error('the editor did not take the paste');
	})()`)
}

// selectAll focuses the editor and selects its whole text with Ctrl+A. It
// focuses by script: a click at the middle of a document taller than the
// window lands outside it.
func (p *tab) selectAll() {
	p.t.Helper()
	p.eval(`document.querySelector('.cm-content').focus()`)
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
		p.t.Fatal(err)
	}
}

// replaceText replaces the editor's text through input events, as paste
// does, for any document height.
func (p *tab) replaceText(text string) {
	p.t.Helper()
	p.selectAll()
	if _, err := chromedp.Call(p.ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		p.t.Fatal(err)
	}
}

// settleOn waits until the diagnostics list shows code and returns how long
// that took; settle fails the test past answerBound.
func (p *tab) settleOn(code string) ([]row, time.Duration) {
	p.t.Helper()
	start := time.Now()
	rows := p.settle(func(rows []row) bool { return hasCode(rows, code) })
	return rows, time.Since(start)
}

// settleWithin is settleOn with a bound of its own.
func (p *tab) settleWithin(bound time.Duration, code string) ([]row, time.Duration) {
	p.t.Helper()
	start := time.Now()
	for {
		rows := evalT[[]row](p, `(() => {
			const ul = document.querySelector('[data-testid=diagnostics]');
			if (!ul || ul.dataset.state !== 'idle') return null;
			return Array.from(ul.querySelectorAll('li[data-code]')).map(li => ({code: li.dataset.code, severity: li.dataset.severity,
				line: +li.dataset.line, column: +li.dataset.column}));
		})()`)
		if hasCode(rows, code) {
			return rows, time.Since(start)
		}
		if time.Since(start) > bound {
			p.t.Fatalf("no %s within %v; last seen %d rows", code, bound, len(rows))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func hasCode(rows []row, code string) bool {
	for _, r := range rows {
		if r.Code == code {
			return true
		}
	}
	return false
}

// alive proves the page and the Go runtime survived: the core answers a
// normal check through the page's API, and the editor goes back to a valid
// document of the current provider and shows no errors.
func (p *tab) alive(provider, valid string) {
	p.t.Helper()
	res := evalT[map[string]any](p, `window.bucketlab.call('check', {provider: 'qingstor', document: 'cors', source: `+quote(seed)+`})`)
	if res["ok"] != true || dig(res, "value", "wire", "body") == nil {
		p.t.Fatalf("after the hostile input, a normal check answers %s", mustJSON(res))
	}
	if got := evalT[string](p, `document.getElementById('provider').value`); got != provider {
		p.t.Fatalf("provider is %q, want %q", got, provider)
	}
	p.replaceText(valid)
	p.settle(noErrors)
	if st := evalT[string](p, `document.querySelector('[data-testid=core-status]').dataset.state`); st != "ready" {
		p.t.Fatalf("core status is %q after the hostile input", st)
	}
}

// typeAtStart types one character at the start of the document and returns
// how long until the editor shows it.
func (p *tab) typeAtStart(ch string) time.Duration {
	p.t.Helper()
	start := time.Now()
	p.eval(`document.querySelector('.cm-content').focus()`)
	if err := chromedp.Do(p.ctx,
		chromedp.KeyEvent(kb.Home, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(ch),
	); err != nil {
		p.t.Fatal(err)
	}
	js := `document.querySelector('.cm-content .cm-line')?.textContent.startsWith(` + quote(ch) + `) === true`
	for !evalT[bool](p, js) {
		if time.Since(start) > typingBound {
			p.t.Fatalf("a keystroke did not show up in the editor within %v", typingBound)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// bigCORS is JS that makes a QingStor CORS document of n rules, one per line.
func bigCORS(n int, rule string) string {
	return `'{"cors_rules":[\n' + Array.from({length: ` + strconv.Itoa(n) + `}, (_, i) => ` + rule + `).join(',\n') + '\n]}'`
}

func TestHostileTenMegabytePaste(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(seed)
	p.settle(noErrors)

	// ~10 MB of realistic rules, one per line.
	doc := bigCORS(140_000, "`"+`  {"allowed_origin":"https://app${i}.example.com","allowed_methods":["GET","PUT"]}`+"`")
	size := evalT[int](p, `(`+doc+`).length`)
	if size < 10_000_000 {
		t.Fatalf("the generated document is %d characters, want ≥ 10 MB", size)
	}
	p.pasteJS(doc)
	typed := p.typeAtStart("Z")
	rows, took := p.settleOn("document-too-large")
	t.Logf("10 MB paste: a keystroke showed after %v; document-too-large after %v", typed, took)
	for _, r := range rows {
		if r.Code == "document-too-large" && (r.Line != 1 || r.Column != 1 || r.Severity != "error") {
			t.Errorf("document-too-large at %d:%d %s, want 1:1 error", r.Line, r.Column, r.Severity)
		}
	}
	if n := evalT[int](p, `document.querySelector('.cm-content').textContent.length`); n == 0 {
		t.Errorf("the editor shows nothing after the paste")
	}
	if p.text("wire-body") != "" || p.text("authorization") != "" {
		t.Errorf("panels show output for a document over the size limit")
	}
	// Still responsive with the big document in place, after the answer.
	typed = p.typeAtStart("Y")
	t.Logf("a second keystroke showed after %v", typed)
	p.settleOn("document-too-large")
	p.alive("qingstor", seed)
}

func TestHostileDocumentsInTheEditor(t *testing.T) {
	var p *tab // each case has a tab of its own (newPage's time limit is per tab)
	cases := []struct {
		name, provider, code string
		paste                func()
		valid                string
		heavy                bool // the core reads it whole: heavyBound, and a tab to match
	}{
		{
			name: "10,000-deep JSON", provider: "qingstor", code: "json-too-deep", valid: seed,
			paste: func() {
				p.paste(`{"cors_rules":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}`)
			},
		},
		{
			name: "10,000-deep JSON objects", provider: "qingstor", code: "json-too-deep", valid: seed,
			paste: func() {
				p.paste(`{"cors_rules":[` + strings.Repeat(`{"a":`, 10_000) + "1" + strings.Repeat("}", 10_000) + `]}`)
			},
		},
		{
			name: "NUL byte in a string", provider: "qingstor", code: "json-syntax", valid: seed,
			paste: func() {
				p.paste("{\"cors_rules\":[{\"allowed_origin\":\"https://a\x00.example.com\",\"allowed_methods\":[\"GET\"]}]}")
			},
		},
		{
			name: "lone surrogate where JSON expects a value", provider: "qingstor", code: "json-syntax", valid: seed,
			paste: func() { p.pasteJS(`'{"cors_rules":[\uD800]}'`) },
		},
		{
			name: "XML entity expansion (billion laughs)", provider: "s3", code: "xml-doctype", valid: s3CORS,
			paste: func() { p.paste(billionLaughs) },
		},
		{
			name: "NUL byte in XML", provider: "s3", code: "xml-syntax", valid: s3CORS,
			paste: func() {
				p.paste("<CORSConfiguration><CORSRule><AllowedOrigin>a\x00</AllowedOrigin></CORSRule></CORSConfiguration>")
			},
		},
		{
			// 100,000 realistic rules are ~7 MB: the worker answers without the core.
			name: "100,000 CORS rules", provider: "qingstor", code: "document-too-large", valid: seed,
			paste: func() {
				p.pasteJS(bigCORS(100_000, "`"+`{"allowed_origin":"https://app${i}.example.com","allowed_methods":["GET"]}`+"`"))
			},
		},
		{
			// The smallest rules fit in 300 KB, under every size limit: the core
			// itself must answer 100,000 rules' worth of problems in bounded time.
			name: "100,000 empty CORS rules", provider: "qingstor", code: "cors-methods-missing", valid: seed, heavy: true,
			paste: func() { p.pasteJS(bigCORS(100_000, "'{}'")) },
		},
		{
			// In XML even empty rules make 1.1 MB: the core refuses the size.
			name: "100,000 empty S3 CORS rules", provider: "s3", code: "document-too-large", valid: s3CORS,
			paste: func() {
				p.pasteJS(`'<CORSConfiguration>' + '<CORSRule/>'.repeat(100000) + '</CORSConfiguration>'`)
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.heavy {
				p = openTabFor(t, srv.URL+"/", 3*heavyBound)
				p.waitReady()
			} else {
				p = newPage(t)
			}
			p.choose("provider", tc.provider)
			p.choose("document", "cors")
			tc.paste()
			var rows []row
			var took time.Duration
			if tc.heavy {
				rows, took = p.settleWithin(heavyBound, tc.code)
			} else {
				rows, took = p.settleOn(tc.code)
			}
			t.Logf("%s: %s after %v (%d rows)", tc.name, tc.code, took, len(rows))
			p.alive(tc.provider, tc.valid)
		})
	}
}

// billionLaughs declares entities that expand to a billion "lol"s.
const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CORSConfiguration><CORSRule><AllowedOrigin>&lol9;</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`

// TestHostileTextThroughTheAPI sends what the editor cannot: lone
// surrogates in every position through window.bucketlab.call, and invalid
// UTF-8 bytes through the Go API natively (a JS string cannot hold them).
func TestHostileTextThroughTheAPI(t *testing.T) {
	p := newPage(t)
	call := func(src string) map[string]any {
		t.Helper()
		start := time.Now()
		res := evalT[map[string]any](p, `window.bucketlab.call('check', {provider: 'qingstor', document: 'cors', source: `+src+`})`)
		if d := time.Since(start); d > answerBound {
			t.Errorf("answered after %v", d)
		}
		return res
	}
	// In a string value the surrogate travels as U+FFFD, the character a
	// browser's TextEncoder sends for it: the wire shows what would be sent.
	res := call(`'{"cors_rules":[{"allowed_origin":"https://a\uD800.example.com","allowed_methods":["GET"]}]}'`)
	if res["ok"] != true {
		t.Fatalf("lone surrogate in a value: %s", mustJSON(res))
	}
	if body, _ := dig(res, "value", "wire", "body").(string); body != "" && !strings.Contains(body, "\uFFFD") {
		t.Errorf("the wire body %q does not carry U+FFFD for the lone surrogate", body)
	}
	if len(asList(res["diagnostics"])) == 0 {
		t.Errorf("lone surrogate in a value: no diagnostic; the wire silently carries U+FFFD where the user typed half a character")
	}
	// Where JSON expects structure it is a positioned syntax error, at the
	// surrogate's UTF-16 offset.
	res = call(`'{"cors_rules":[{"allowed_origin":\uDC00,"allowed_methods":["GET"]}]}'`)
	first, _ := asList(res["diagnostics"])[0].(map[string]any)
	if res["ok"] != true || first["code"] != "json-syntax" || first["from"] != 33.0 || first["column"] != 34.0 {
		t.Errorf("lone surrogate as a value: %s, want json-syntax at 1:34 (from 33)", mustJSON(res))
	}
	res = call(`'\uD83D'`) // half an emoji and nothing else
	if res["ok"] != true || len(asList(res["diagnostics"])) == 0 {
		t.Errorf("half an emoji: %s, want a diagnostic", mustJSON(res))
	}
	if res := call(quote(seed)); res["ok"] != true || dig(res, "value", "wire") == nil {
		t.Errorf("a normal call after the surrogates: %s", mustJSON(res))
	}

	// Natively, with the bytes JS cannot make: a request whose source holds
	// invalid UTF-8 answers like any document.
	for _, src := range []string{
		"{\"cors_rules\":[\xff]}",
		"{\"cors_rules\":[{\"allowed_origin\":\"https://a\xc3(.example.com\",\"allowed_methods\":[\"GET\"]}]}",
		"{\"cors_rules\":[{\"allowed_origin\":\"https://a\xed\xa0\x80.example.com\",\"allowed_methods\":[\"GET\"]}]}", // CESU-8 surrogate
		"\xfe\xff\x00{",
	} {
		req := []byte(`{"provider":"qingstor","document":"cors","source":"` + rawJSONString(src) + `"}`)
		start := time.Now()
		out := api.Call("check", req)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%q: answered after %v", src, d)
		}
		var got map[string]any
		if err := json.Unmarshal(out, &got); err != nil || got["ok"] != true || len(asList(got["diagnostics"])) == 0 {
			t.Errorf("native check of %q = %s, want a diagnostic", src, out)
		}
	}
}

// TestHostilePanicInTheCore uses the test-only "panic" op (build tag
// bucketlab_testops, which the e2e build sets): the page gets an internal
// error, and the next call works.
func TestHostilePanicInTheCore(t *testing.T) {
	p := newPage(t)
	res := evalT[map[string]any](p, `window.bucketlab.call('panic', {})`)
	if msg, _ := dig(res, "error", "message").(string); strings.Contains(msg, "unknown op") {
		if distTestOps {
			t.Fatalf("the e2e build has no panic op although it was built with bucketlab_testops: %s", msg)
		}
		t.Skipf("E2E_DIST=%s is a release build without the test-only panic op; run without E2E_DIST to test it", os.Getenv("E2E_DIST"))
	}
	if res["ok"] != false || dig(res, "error", "code") != "internal" {
		t.Fatalf("panic op answered %s, want {ok:false, error:{code:internal}}", mustJSON(res))
	}
	for i := 0; i < 3; i++ { // and again: a recovered panic leaves nothing broken
		res = evalT[map[string]any](p, `window.bucketlab.call('panic', {})`)
		if dig(res, "error", "code") != "internal" {
			t.Fatalf("panic op, call %d: %s", i+2, mustJSON(res))
		}
	}
	p.alive("qingstor", seed)
}

// rawJSONString escapes s for a JSON string but keeps bytes ≥ 0x80 as they
// are, invalid UTF-8 included (json.Marshal would replace them).
func rawJSONString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			b.WriteString(`\u00` + strconv.FormatInt(int64(c)>>4, 16) + strconv.FormatInt(int64(c)&15, 16))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
