package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// tab is one tab on the playground.
type tab struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	requests []*network.Request
	console  []string                             // every console message and log entry, as text
	allow    func(m chromedp.ConsoleMessage) bool // console errors a test expects (allowConsole)
}

// allowConsole lets console errors that ok accepts pass (a test provoking
// CSP violations, say); every other one still fails the test.
func (p *tab) allowConsole(ok func(m chromedp.ConsoleMessage) bool) {
	p.mu.Lock()
	p.allow = ok
	p.mu.Unlock()
}

// consoleText is everything the page wrote to the console so far.
func (p *tab) consoleText() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.console...)
}

// newPage opens a tab, fails the test on any page exception or
// console.error, records every request the page makes, and waits until the
// core is ready.
func newPage(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	p := &tab{t: t, ctx: ctx}

	msgs := chromedp.Console(ctx) // subscribe before navigating
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m.Text)
			allow := p.allow
			p.mu.Unlock()
			if (m.IsException() || m.Type == chromedp.ConsoleError) && (allow == nil || !allow(m)) {
				t.Errorf("page %s: %s", m.Type, m.Text)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range reqs {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.requests = append(p.requests, ev.Request)
			p.mu.Unlock()
		}
	}()
	t.Cleanup(func() { cancelT(); cancel(); wg.Wait() })

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	p.waitReady()
	return p
}

func (p *tab) waitReady() {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`window.bucketlab?.ready === true`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		p.t.Fatalf("the core did not become ready: %v", err)
	}
}

func (p *tab) eval(js string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
}

func evalT[T any](p *tab, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// choose picks a value in a <select> the way a user does: it sets the value
// and fires the change event.
func (p *tab) choose(id, value string) {
	p.t.Helper()
	js, _ := json.Marshal(value)
	p.eval(`(() => { const s = document.getElementById(` + quote(id) + `); s.value = ` + string(js) + `; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
}

// fill replaces an <input>'s value as typing does.
func (p *tab) fill(id, value string) {
	p.t.Helper()
	js, _ := json.Marshal(value)
	p.eval(`(() => { const el = document.getElementById(` + quote(id) + `); el.value = ` + string(js) + `; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`)
}

// paste replaces the editor's whole text through real input events: focus,
// Ctrl+A, then text insertion as from a paste.
func (p *tab) paste(text string) {
	p.t.Helper()
	p.pasteInto(".cm-content", text)
}

// pasteInto does what paste does to the element the CSS selector finds
// (the editor, a textarea).
func (p *tab) pasteInto(selector, text string) {
	p.t.Helper()
	err := chromedp.Do(p.ctx,
		chromedp.Click(chromedp.CSS(selector)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			if text == "" {
				return chromedp.KeyEvent("\b")(ctx, t)
			}
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text})
			return chromedp.Void{}, err
		},
	)
	if err != nil {
		p.t.Fatal(err)
	}
}

// editorText is what CodeMirror holds.
func (p *tab) editorText() string {
	return evalT[string](p, `Array.from(document.querySelectorAll('.cm-content .cm-line')).map(l => l.textContent).join('\n')`)
}

type row struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Text     string `json:"text"`
}

// rows returns the diagnostics list once it has settled on text: the list
// is idle and the core has answered for exactly the editor's current text.
func (p *tab) settle(want func(rows []row) bool) []row {
	p.t.Helper()
	var last []row
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		last = evalT[[]row](p, `(() => {
			const ul = document.querySelector('[data-testid=diagnostics]');
			if (!ul || ul.dataset.state !== 'idle') return null;
			return Array.from(ul.querySelectorAll('li[data-code]')).map(li => ({
				code: li.dataset.code, severity: li.dataset.severity,
				line: +li.dataset.line, column: +li.dataset.column, text: li.textContent}));
		})()`)
		if last != nil && want(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("diagnostics did not settle; last seen %+v", last)
	return nil
}

func (p *tab) text(testid string) string {
	p.t.Helper()
	return evalT[string](p, `(document.querySelector('[data-testid=`+testid+`]')?.textContent) ?? ''`)
}

func (p *tab) screenshot(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)) // quality 100 = PNG
	if err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(artifacts, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}

func (p *tab) requestURLs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, r := range p.requests {
		hdr, _ := json.Marshal(r.Headers)
		out = append(out, r.URL+" "+string(hdr))
	}
	return out
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// noErrors settles on a list without errors (warnings, such as a missing
// ETag in the exposed headers, may stand beside a valid document).
func noErrors(rows []row) bool {
	for _, r := range rows {
		if r.Severity == "error" {
			return false
		}
	}
	return true
}
