package e2e

// The embed for documentation pages (issue 6): web/src/embed.ts turns <pre data-bucketlab> blocks
// of a page into checked editors, web/embed.html is the same in an <iframe>, and
// web/docs-example.html is a documentation page that uses both.

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// openEmbedPage opens a page of the site in a new tab, failing the test on page exceptions and
// console.error as newPage does, without waiting for the playground's core. With fresh the tab
// gets its own browser context, whose empty HTTP cache makes every file a request the test
// server logs. setup runs before the navigation (viewport, emulated media).
func openEmbedPage(t *testing.T, path string, fresh bool, setup ...chromedp.Action[chromedp.Void]) *tab {
	t.Helper()
	var opts []chromedp.ContextOption
	if fresh {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(browserCtx, opts...)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	p := &tab{t: t, ctx: ctx}
	msgs := chromedp.Console(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				t.Errorf("page %s: %s", m.Type, m.Text)
			}
		}
	}()
	t.Cleanup(func() { cancelT(); cancel(); wg.Wait() })
	if err := chromedp.Do(ctx, append(setup, chromedp.Navigate(srv.URL+path))...); err != nil {
		t.Fatal(err)
	}
	return p
}

// The embeds of docs-example.html, by their root element.
const (
	embedQS       = `document.querySelector('[data-testid=embed][data-provider=qingstor]')`
	embedCOS      = `document.querySelector('[data-testid=embed][data-provider=cos]')`
	embedS3       = `document.querySelector('[data-testid=embed][data-provider=s3]')`
	embedFrameDoc = `document.querySelector('iframe.checker')?.contentDocument`
	embedInFrame  = embedFrameDoc + `?.querySelector('[data-testid=embed]')`
)

// embedView is what one embed shows.
type embedView struct {
	State    string `json:"state"` // lazy, busy, idle
	Theme    string `json:"theme"`
	ReadOnly bool   `json:"readonly"`
	Text     string `json:"text"`  // the editor's lines
	Notes    string `json:"notes"` // list items that are not diagnostics ("no problems", …)
	Rows     []row  `json:"rows"`
	Link     string `json:"link"`
	Label    string `json:"label"`
	Markup   int    `json:"markup"` // <script>, <img>, <iframe>, <object> elements inside the embed
}

func (p *tab) embed(root string) *embedView {
	p.t.Helper()
	return evalT[*embedView](p, `(() => {
		const r = `+root+`;
		if (!r || !r.dataset) return null;
		const ul = r.querySelector('[data-testid=embed-problems]');
		return {
			state: r.dataset.state, theme: r.dataset.theme, readonly: 'readonly' in r.dataset,
			text: Array.from(r.querySelectorAll('.cm-content .cm-line')).map(l => l.textContent).join('\n'),
			notes: Array.from(ul.querySelectorAll('li:not([data-code])')).map(li => li.textContent).join('\n'),
			rows: Array.from(ul.querySelectorAll('li[data-code]')).map(li => ({
				code: li.dataset.code, severity: li.dataset.severity,
				line: +li.dataset.line, column: +li.dataset.column, text: li.textContent})),
			link: r.querySelector('[data-testid=embed-open]').href,
			label: r.querySelector('.bucketlab-bar span').textContent,
			markup: r.querySelectorAll('script, img, iframe, object').length,
		};
	})()`)
}

// settleEmbed waits until an embed is idle (its list answers its current text) and want holds.
func (p *tab) settleEmbed(root string, want func(*embedView) bool) *embedView {
	p.t.Helper()
	var last *embedView
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		last = p.embed(root)
		if last != nil && last.State == "idle" && want(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the embed %s did not settle; last seen %+v", root, last)
	return nil
}

func (p *tab) scrollTo(root string) {
	p.t.Helper()
	p.eval(`(` + root + `).scrollIntoView({block: 'center'})`)
}

func embedClean(v *embedView) bool { return len(v.Rows) == 0 && v.Notes == "no problems" }

func embedHas(code, severity string) func(*embedView) bool {
	return func(v *embedView) bool {
		for _, r := range v.Rows {
			if r.Code == code && r.Severity == severity {
				return true
			}
		}
		return false
	}
}

// embedRequestsSince is what the test server was asked for since the log had n entries.
func embedRequestsSince(n int) []string { return served.all()[n:] }

func embedCount(list []string, s string) int {
	n := 0
	for _, x := range list {
		if strings.Contains(x, s) {
			n++
		}
	}
	return n
}

const embedQSText = `{
  "cors_rules": [
    {
      "allowed_origin": "https://docs.example.com",
      "allowed_methods": ["GET", "PUT", "POST"],
      "allowed_headers": ["Content-Type", "Content-MD5", "Authorization", "x-qs-date"],
      "expose_headers": ["ETag", "x-qs-request-id"],
      "max_age_seconds": 600
    }
  ]
}`

func TestEmbedDocsPage(t *testing.T) {
	before := len(served.all())
	// A fresh browser context: nothing cached, so every file the page needs is a logged request.
	p := openEmbedPage(t, "/docs-example.html", true, chromedp.EmulateViewport(1280, 800))

	// The script has turned the three blocks into embeds, all waiting to come into view.
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelectorAll('[data-testid=embed][data-state=lazy]').length === 3`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the page has no three lazy embeds: %v", err)
	}
	if top := evalT[float64](p, `Math.min(...Array.from(document.querySelectorAll('[data-testid=embed]')).map(e => e.getBoundingClientRect().top)) - innerHeight`); top < 300 {
		t.Fatalf("the first embed is only %.0f px below the fold; the page must be taller for this test", top)
	}
	time.Sleep(1500 * time.Millisecond) // room for a wrongly eager start to show in the log
	reqs := embedRequestsSince(before)
	if !contains(reqs, "/docs-example.html") || !contains(reqs, "/embed-") {
		t.Fatalf("the server did not see the page and its script: %v", reqs)
	}
	for _, lazy := range []string{"/worker-", "/wasm_exec-", "/core-", "/embed.html"} {
		if contains(reqs, lazy) {
			t.Errorf("%s was requested before any embed came into view: %v", lazy, reqs)
		}
	}
	if v := p.embed(embedQS); v.Notes != "checked when it scrolls into view" || v.Text != embedQSText {
		t.Errorf("before scrolling, the QingStor embed shows %+v", v)
	}

	// Scrolled into view, each block is checked; the worker and the wasm are loaded once.
	p.scrollTo(embedQS)
	v := p.settleEmbed(embedQS, embedClean)
	if v.ReadOnly || v.Label != "QingStor · CORS · JSON" {
		t.Errorf("QingStor embed: readonly %v, label %q", v.ReadOnly, v.Label)
	}
	reqs = embedRequestsSince(before)
	if embedCount(reqs, "/core-") != 1 || embedCount(reqs, "/worker-") != 1 {
		t.Errorf("after the first embed was checked, want one worker and one wasm request: %v", reqs)
	}
	p.scrollTo(embedCOS)
	v = p.settleEmbed(embedCOS, embedClean)
	if !v.ReadOnly || v.Label != "Tencent COS · policy · JSON" {
		t.Errorf("COS embed: readonly %v, label %q", v.ReadOnly, v.Label)
	}
	p.scrollTo(embedS3)
	v = p.settleEmbed(embedS3, embedHas("acl-public-write", "warning"))
	if len(v.Rows) != 1 || v.Rows[0].Line != 14 || !strings.Contains(v.Rows[0].Text, "acl-public-write") {
		t.Errorf("S3 ACL embed: rows %+v, want one acl-public-write at line 14", v.Rows)
	}
	// The squiggle is in the text, not only in the list.
	if n := evalT[int](p, `(`+embedS3+`).querySelectorAll('.cm-lintRange-warning').length`); n == 0 {
		t.Error("the S3 ACL embed underlines nothing")
	}
	// One worker for every block of the page (the iframe, a page of its own, has its own).
	if n := evalT[int](p, `performance.getEntriesByType('resource').filter(e => /\/worker-[0-9a-f]{8}\.js$/.test(e.name)).length`); n != 1 {
		t.Errorf("the page started %d workers, want 1", n)
	}

	// The README's picture: the ACL with its warning, as a reader of the docs page sees it.
	shot := p.embedScreenshot("embed-docs", `document.querySelector('#acl ~ h3')`)

	// Editing an editable block checks it again.
	p.pasteInto(`[data-testid=embed][data-provider=qingstor] .cm-content`, strings.Replace(embedQSText, `"PUT"`, `"FETCH"`, 1))
	v = p.settleEmbed(embedQS, embedHas("cors-method-unknown", "error"))
	if v.Rows[0].Line != 5 {
		t.Errorf("cors-method-unknown at line %d, want 5", v.Rows[0].Line)
	}
	if n := evalT[int](p, `(`+embedQS+`).querySelectorAll('.cm-lintRange-error').length`); n == 0 {
		t.Error("the QingStor embed underlines no error")
	}
	edited := strings.Replace(embedQSText, "600", "300", 1)
	p.pasteInto(`[data-testid=embed][data-provider=qingstor] .cm-content`, edited)
	v = p.settleEmbed(embedQS, embedClean)
	if v.Text != edited {
		t.Errorf("QingStor embed text = %q, want %q", v.Text, edited)
	}

	// The read-only block keeps its text whatever is typed into it.
	policy := p.embed(embedCOS).Text
	err := chromedp.Do(p.ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=embed][data-provider=cos] .cm-content`)),
		chromedp.KeyEvent("x"),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("\b"),
		func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "typed"})
			return chromedp.Void{}, err
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if got := p.embed(embedCOS); got.Text != policy || got.State != "idle" {
		t.Errorf("the read-only embed changed: %q (state %s)", got.Text, got.State)
	}
	if ro := evalT[string](p, `(`+embedCOS+`).querySelector('.cm-content').getAttribute('aria-readonly') ?? ''`); ro != "true" {
		t.Errorf("read-only embed: aria-readonly=%q", ro)
	}

	// "open in playground": index.html beside embed.js, with the edited document.
	var link string
	deadline := time.Now().Add(5 * time.Second)
	for link == "" || link == v.Link {
		if time.Now().After(deadline) {
			t.Fatal("the playground link did not follow the edit")
		}
		time.Sleep(100 * time.Millisecond)
		link = p.embed(embedQS).Link
	}
	u, err := url.Parse(link)
	if err != nil || u.Host != strings.TrimPrefix(srv.URL, "http://") || u.Path != "/index.html" || !strings.HasPrefix(u.Fragment, "v1=") {
		t.Fatalf("playground link %q, want %s/index.html#v1=…", link, srv.URL)
	}
	if err := chromedp.Do(p.ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	p.waitReady()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.getElementById('provider').value === 'qingstor' &&
		document.getElementById('document').value === 'cors' && document.getElementById('bucket').value === 'mybucket' &&
		document.getElementById('region').value === 'pek3a'`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the playground did not open on the embed's provider, document, bucket and zone: %v", err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for p.editorText() != edited && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := p.editorText(); got != edited {
		t.Errorf("the playground shows %q, want the embed's document %q", got, edited)
	}
	p.settle(noErrors)

	if os.Getenv("BUCKETLAB_SCREENSHOTS") == "1" {
		if err := os.WriteFile(filepath.Join("..", "docs", "screenshot-embed.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// embedScreenshot saves a full-page screenshot (artifacts/<name>-full.png) and one of the
// viewport scrolled to the top of el (artifacts/<name>.png), and returns the latter.
func (p *tab) embedScreenshot(name, el string) []byte {
	p.t.Helper()
	p.screenshot(name + "-full")
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(1280, 960)); err != nil {
		p.t.Fatal(err)
	}
	p.eval(`(` + el + `).scrollIntoView({block: 'start'}); window.scrollBy(0, -16)`)
	time.Sleep(300 * time.Millisecond)
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(artifacts, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
	return buf
}

func embedPrefersDark(dark bool) chromedp.Action[chromedp.Void] {
	value := "light"
	if dark {
		value = "dark"
	}
	return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}},
		})
		return chromedp.Void{}, err
	}
}

func TestEmbedDarkMode(t *testing.T) {
	p := openEmbedPage(t, "/docs-example.html", false, chromedp.EmulateViewport(1280, 900), embedPrefersDark(true))
	editorBG := func(root string) string {
		return evalT[string](p, `getComputedStyle((`+root+`).querySelector('.cm-editor')).backgroundColor`)
	}
	const dark, light = "rgb(13, 17, 23)", "rgb(255, 255, 255)"
	if bg := evalT[string](p, `getComputedStyle(document.body).backgroundColor`); bg != dark {
		t.Errorf("the docs page's own background is %s in dark mode, want %s", bg, dark)
	}
	for _, root := range []string{embedQS, embedCOS, embedS3} {
		p.scrollTo(root)
		v := p.settleEmbed(root, func(v *embedView) bool { return v.Notes == "no problems" || len(v.Rows) > 0 })
		if v.Theme != "dark" || editorBG(root) != dark {
			t.Errorf("%s under prefers-color-scheme: dark: theme %q, editor background %s", root, v.Theme, editorBG(root))
		}
	}
	p.screenshot("embed-docs-dark-full")

	// The host's own switch wins over the system's: data-theme or class on <html>.
	p.eval(`document.documentElement.dataset.theme = 'light'`)
	time.Sleep(100 * time.Millisecond)
	if v := p.embed(embedQS); v.Theme != "light" || editorBG(embedQS) != light {
		t.Errorf(`<html data-theme="light">: theme %q, editor background %s`, v.Theme, editorBG(embedQS))
	}
	p.eval(`document.documentElement.removeAttribute('data-theme')`)
	if err := chromedp.Do(p.ctx, embedPrefersDark(false)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if v := p.embed(embedCOS); v.Theme != "light" {
		t.Errorf("back to prefers-color-scheme: light: theme %q", v.Theme)
	}
	p.eval(`document.documentElement.classList.add('dark')`)
	time.Sleep(100 * time.Millisecond)
	if v := p.embed(embedS3); v.Theme != "dark" || editorBG(embedS3) != dark {
		t.Errorf(`<html class="dark">: theme %q, editor background %s`, v.Theme, editorBG(embedS3))
	}
	p.eval(`document.documentElement.classList.remove('dark')`)

	// The iframe follows the system's scheme on its own.
	if err := chromedp.Do(p.ctx, embedPrefersDark(true)); err != nil {
		t.Fatal(err)
	}
	p.scrollTo(`document.querySelector('iframe.checker')`)
	if v := p.settleEmbed(embedInFrame, embedClean); v.Theme != "dark" {
		t.Errorf("the iframe's embed under prefers-color-scheme: dark: theme %q", v.Theme)
	}
}

func TestEmbedIframe(t *testing.T) {
	p := openEmbedPage(t, "/docs-example.html", false, chromedp.EmulateViewport(1280, 900))
	p.scrollTo(`document.querySelector('iframe.checker')`)
	v := p.settleEmbed(embedInFrame, embedClean)
	if v.ReadOnly || v.Label != "AWS S3 · CORS · XML" || !strings.HasPrefix(v.Text, "<CORSConfiguration>") {
		t.Errorf("iframe embed: %+v", v)
	}
	if u, err := url.Parse(v.Link); err != nil || u.Path != "/index.html" || !strings.HasPrefix(u.Fragment, "v1=") {
		t.Errorf("iframe embed's playground link: %q", v.Link)
	}
	// embed.js on the page sizes the frame to its content.
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(() => {
		const f = document.querySelector('iframe.checker');
		return f.style.height !== '' && Math.abs(f.getBoundingClientRect().height - f.contentDocument.documentElement.scrollHeight) <= 2;
	})()`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the iframe was not sized to its content: %v", err)
	}
	// Editing inside the frame checks again.
	dup := strings.Replace(v.Text, "<AllowedMethod>PUT</AllowedMethod>", "<AllowedMethod>GET</AllowedMethod>", 1)
	p.eval(`(` + embedInFrame + `).querySelector('.cm-content').focus()`)
	err := chromedp.Do(p.ctx,
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: dup})
			return chromedp.Void{}, err
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	if v := p.settleEmbed(embedInFrame, embedHas("cors-method-duplicate", "warning")); v.Text != dup {
		t.Errorf("the iframe's editor holds %q, want %q", v.Text, dup)
	}

	// embed.html on its own, made read-only by the fragment; embedURL is embed.js's helper for it.
	src := "<CORSConfiguration>\n  <CORSRule>\n    <AllowedOrigin>https://docs.example.com</AllowedOrigin>\n    <AllowedMethod>GET</AllowedMethod>\n    <AllowedMethod>GET</AllowedMethod>\n  </CORSRule>\n</CORSConfiguration>"
	link := evalT[string](p, `import(document.querySelector('script[type=module]').src).then(m => m.embedURL(
		{provider: 'cos', document: 'cors', source: `+quote(src)+`}, {readonly: true}))`)
	if !strings.HasPrefix(link, srv.URL+"/embed.html#v1=") || !strings.HasSuffix(link, "&readonly=1") {
		t.Fatalf("embedURL = %q", link)
	}
	if err := chromedp.Do(p.ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	root := `document.querySelector('[data-testid=embed]')`
	v = p.settleEmbed(root, embedHas("cors-method-duplicate", "warning"))
	if !v.ReadOnly || v.Text != src || v.Label != "Tencent COS · CORS · XML" {
		t.Errorf("embed.html#…&readonly=1: %+v", v)
	}

	// Without a document it says what it needs and starts nothing.
	before := len(served.all())
	if err := chromedp.Do(p.ctx, chromedp.Navigate(srv.URL+"/embed.html")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if got := p.text("embed-fragment"); !strings.Contains(got, "embed.html#v1=") {
		t.Errorf("embed.html without a fragment shows %q", got)
	}
	if n := evalT[int](p, `document.querySelectorAll('[data-testid=embed]').length`); n != 0 {
		t.Errorf("embed.html without a fragment made %d editors", n)
	}
	if reqs := embedRequestsSince(before); contains(reqs, "/worker-") {
		t.Errorf("embed.html without a fragment started the worker: %v", reqs)
	}
}

func TestEmbedScriptIsText(t *testing.T) {
	const src = "<CORSConfiguration>\n  <CORSRule>\n" +
		`    <AllowedOrigin>https://x.example.com/<script>window.__pwned=1</script><img src="x" onerror="window.__pwned=2"/></AllowedOrigin>` +
		"\n    <AllowedMethod>GET</AllowedMethod>\n  </CORSRule>\n</CORSConfiguration>"
	check := func(p *tab, root, where string) {
		t.Helper()
		v := p.settleEmbed(root, embedHas("xml-wrong-value", "error"))
		if v.Text != src {
			t.Errorf("%s: the editor shows %q, want the text as written", where, v.Text)
		}
		if v.Markup != 0 {
			t.Errorf("%s: the embed contains %d script/img elements", where, v.Markup)
		}
		if !strings.Contains(v.Rows[0].Text, "remove <script>") {
			t.Errorf("%s: the message %q lost its quoted <script>", where, v.Rows[0].Text)
		}
		if pwned := evalT[bool](p, `window.__pwned !== undefined`); pwned {
			t.Errorf("%s: the document's script ran", where)
		}
	}

	// A block added by the host page later, mounted with embed.js's mount().
	p := openEmbedPage(t, "/docs-example.html", false, chromedp.EmulateViewport(1280, 900))
	p.eval(`(() => {
		const pre = document.createElement('pre');
		pre.dataset.bucketlab = 's3/cors';
		pre.id = 'late';
		pre.textContent = ` + quote(src) + `;
		document.querySelector('article h1').after(pre);
	})()`)
	mounted := evalT[bool](p, `import(document.querySelector('script[type=module]').src).then(m => {
		const root = m.mount(document.getElementById('late'));
		if (root) root.id = 'late-root';
		return root !== null;
	})`)
	if !mounted {
		t.Fatal("mount() did not mount the added block")
	}
	p.scrollTo(`document.getElementById('late-root')`)
	check(p, `document.getElementById('late-root')`, "mounted block")

	// The same text in embed.html's fragment.
	link := evalT[string](p, `import(document.querySelector('script[type=module]').src).then(m => m.embedURL({provider: 's3', document: 'cors', source: `+quote(src)+`}))`)
	if err := chromedp.Do(p.ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	check(p, `document.querySelector('[data-testid=embed]')`, "embed.html")
}
