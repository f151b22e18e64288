package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// firstEditorProbe runs before any page script and keeps the editor's text
// as it was the first time the editor appeared in the DOM: a link's
// document must be there already, with no sample shown first.
const firstEditorProbe = `(() => {
  new MutationObserver((_, obs) => {
    const c = document.querySelector('.cm-content');
    if (!c || window.__firstEditorText !== undefined) return;
    window.__firstEditorText = Array.from(c.querySelectorAll('.cm-line')).map(l => l.textContent).join('\n');
    obs.disconnect();
  }).observe(document, {subtree: true, childList: true});
})()`

// openTab opens url in a new tab (a new target, as a link opened from
// elsewhere), with newPage's guards: page exceptions and console errors fail
// the test. before runs on the tab ahead of the navigation (network
// emulation, scripts for new documents). It waits until the core is ready.
func openTab(t *testing.T, u string, before ...func(ctx context.Context) error) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	p := &tab{t: t, ctx: ctx}

	msgs := chromedp.Console(ctx)
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				t.Errorf("page %s: %s (%s)", m.Type, m.Text, m.URL)
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

	steps := []chromedp.Action[chromedp.Void]{}
	for _, fn := range before {
		steps = append(steps, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			return chromedp.Void{}, fn(ctx)
		})
	}
	steps = append(steps, chromedp.Navigate(u))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	p.waitReady()
	return p
}

// withProbe installs a script that runs before the page's own.
func withProbe(src string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}
}

// shareState is what a v1 link carries (web/src/context.ts PageState).
type shareState struct {
	Provider    string `json:"provider"`
	Document    string `json:"document"`
	Format      string `json:"format"`
	Source      string `json:"source"`
	Bucket      string `json:"bucket"`
	Region      string `json:"region"`
	Endpoint    string `json:"endpoint"`
	PathStyle   bool   `json:"pathStyle"`
	Time        string `json:"time"`
	AccessKeyID string `json:"accessKeyId"`
}

// pageState reads the settings and the editor as the user sees them.
func (p *tab) pageState() shareState {
	p.t.Helper()
	s := evalT[shareState](p, `(() => {
		const v = id => document.getElementById(id).value;
		return {provider: v('provider'), document: v('document'), format: v('format'),
			source: Array.from(document.querySelectorAll('.cm-content .cm-line')).map(l => l.textContent).join('\n'),
			bucket: v('bucket'), region: v('region'), endpoint: v('endpoint'),
			pathStyle: document.getElementById('path-style').checked, time: v('time'), accessKeyId: v('access-key-id')};
	})()`)
	return s
}

// shareLink presses "copy link" and returns the link it shows.
func (p *tab) shareLink() string {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(`[data-testid=share-link]`))); err != nil {
		p.t.Fatal(err)
	}
	link := evalT[string](p, `document.querySelector('[data-testid=share-url]').value`)
	if !strings.HasPrefix(link, srv.URL+"/#v1=") {
		p.t.Fatalf("share link %q does not start with %s/#v1=", link, srv.URL)
	}
	return link
}

// linkState decodes a link's v1 payload in Go, independently of the page.
func linkState(t *testing.T, link string) (shareState, map[string]any) {
	t.Helper()
	_, frag, _ := strings.Cut(link, "#")
	q, err := url.ParseQuery(frag)
	if err != nil {
		t.Fatalf("fragment of %q: %v", link, err)
	}
	text, err := lzDecompressURI(q.Get("v1"))
	if err != nil {
		t.Fatalf("v1 payload of %q: %v", link, err)
	}
	var s shareState
	var raw map[string]any
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		t.Fatalf("v1 payload %q: %v", text, err)
	}
	_ = json.Unmarshal([]byte(text), &raw)
	return s, raw
}

const defaultSecret = "EXAMPLE/SECRET/KEY/doNotUse" // web/index.html

func TestShareLinkRoundTrip(t *testing.T) {
	p := newPage(t)
	const secret = "SECRET-e2e-share-1234"
	src := "[\n  {\n    \"AllowedOrigins\": [\"https://share.example.org\"],\n    \"AllowedMethods\": [\"GET\", \"PUT\"],\n    \"AllowedHeaders\": [\"*\"],\n    \"ExposeHeaders\": [\"ETag\"],\n    \"MaxAgeSeconds\": 1234\n  }\n]"
	p.choose("provider", "s3")
	p.choose("document", "cors")
	p.choose("format", "json")
	p.paste(src)
	p.fill("bucket", "shared-bucket-e2e")
	p.fill("region", "eu-west-3")
	p.fill("endpoint", "https://minio.example.org")
	p.eval(`document.getElementById('path-style').checked = true; document.getElementById('path-style').dispatchEvent(new Event('change'))`)
	p.fill("time", "2025-07-01T12:34:56Z")
	p.fill("access-key-id", "AKIDSHAREE2E")
	p.fill("secret-access-key", secret)
	p.settle(noErrors)
	want := p.pageState()
	if want.Source != src {
		t.Fatalf("editor holds %q, want the pasted text", want.Source)
	}

	link := p.shareLink()
	t.Logf("link: %d characters", len(link))
	got, raw := linkState(t, link)
	if got != want {
		t.Errorf("the link carries %+v\nthe page shows %+v", got, want)
	}
	if _, ok := raw["secretAccessKey"]; ok {
		t.Errorf("the link carries a secretAccessKey field: %v", raw)
	}
	payload, _ := json.Marshal(raw)
	for what, s := range map[string]string{"link": link, "decoded link": string(payload)} {
		if strings.Contains(s, secret) || strings.Contains(s, "SECRET-e2e") {
			t.Errorf("the secret is in the %s: %s", what, s)
		}
	}
	// The address bar follows the state (debounced) and never holds the secret either.
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`location.href === `+quote(link), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the address bar did not take the link (%v); it holds %s", err, evalT[string](p, `location.href`))
	}

	// A fresh tab, as a colleague opening the link.
	q := openTab(t, link, withProbe(firstEditorProbe))
	if s := q.pageState(); s != want {
		t.Errorf("the opened link shows %+v\nwant %+v", s, want)
	}
	if first := evalT[string](q, `window.__firstEditorText`); first != src {
		t.Errorf("the editor first showed %q, not the link's document (a flash of the sample?)", first)
	}
	if s := evalT[string](q, `document.getElementById('secret-access-key').value`); s != defaultSecret {
		t.Errorf("the secret field holds %q, want the default example key", s)
	}
	q.settle(noErrors)
	if h := q.text("request-http"); !strings.Contains(h, "minio.example.org") {
		t.Errorf("the signed request does not use the link's endpoint:\n%s", h)
	}
	if st := q.text("share-status"); st != "" {
		t.Errorf("a good link left a status message: %q", st)
	}
	for _, u := range append(q.requestURLs(), served.all()...) {
		if strings.Contains(u, secret) {
			t.Errorf("the secret is in a request: %s", u)
		}
	}
}

func TestShareDeepLinkFocusesPanel(t *testing.T) {
	for _, panel := range []string{"wire", "request", "diff"} {
		t.Run(panel, func(t *testing.T) {
			p := openTab(t, srv.URL+"/#panel="+panel)
			focused, err := chromedp.Run(p.ctx, chromedp.Poll[string](`document.activeElement?.dataset?.testid || null`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil || focused != panel+"-panel" {
				t.Fatalf("focused %q (%v), want the %s panel", focused, err, panel)
			}
			p.settle(func([]row) bool { return true }) // the panels above have filled
			inView := evalT[bool](p, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.top > -2 && r.top < innerHeight - 50; })()`)
			if !inView {
				t.Errorf("the %s panel is focused but not scrolled into view: %s", panel, evalT[string](p, `JSON.stringify({r: document.activeElement.getBoundingClientRect(), y: scrollY, h: innerHeight, H: document.documentElement.scrollHeight, a: document.activeElement.dataset.testid})`))
			}
		})
	}
}

// TestShareOldLinkOpens opens a link made by the first release of the v1
// format: every v1 link must keep opening.
func TestShareOldLinkOpens(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "share-v1-link.txt"))
	if err != nil {
		t.Fatal(err)
	}
	frag := strings.TrimSpace(string(raw))
	want := shareState{
		Provider: "cos", Document: "cors", Format: "xml",
		Source: "<CORSConfiguration>\n  <CORSRule>\n    <ID>fixture-v1 ✓ 中文</ID>\n    <AllowedOrigin>https://app.example.com</AllowedOrigin>\n    <AllowedMethod>PUT</AllowedMethod>\n    <AllowedMethod>GET</AllowedMethod>\n    <AllowedHeader>*</AllowedHeader>\n    <ExposeHeader>ETag</ExposeHeader>\n    <MaxAgeSeconds>900</MaxAgeSeconds>\n  </CORSRule>\n</CORSConfiguration>",
		Bucket: "fixture-1250000000", Region: "ap-shanghai", Time: "2025-06-01T08:00:00Z", AccessKeyID: "AKIDFIXTUREV1",
	}
	if s, _ := linkState(t, frag); s != want {
		t.Fatalf("the fixture decodes (in Go) to %+v, want %+v", s, want)
	}
	p := openTab(t, srv.URL+"/"+frag)
	if s := p.pageState(); s != want {
		t.Errorf("the old link shows %+v\nwant %+v", s, want)
	}
	focused, err := chromedp.Run(p.ctx, chromedp.Poll[string](`document.activeElement?.dataset?.testid === 'request-panel' ? 'yes' : null`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || focused != "yes" {
		t.Errorf("the link's panel=request was not focused: %v", err)
	}
	p.settle(func(rows []row) bool { return true })
	if st := p.text("share-status"); st != "" {
		t.Errorf("the old link left a status message: %q", st)
	}
}

// TestShareBadLinks: damaged, unknown and foreign fragments are ignored with
// a message, never an exception (openTab fails on those).
func TestShareBadLinks(t *testing.T) {
	for _, c := range []struct{ name, frag, status string }{
		{"damaged", "#v1=N4IgDgTg9gbglgEwKYRALhAYygZxAGhASkwF", "damaged"},
		{"not lz", "#v1=%%%not-a-link", "damaged"},
		{"json array", "#v1=" + lzOfJSONArray, "damaged"},
		{"newer version", "#v9=whatever", "newer bucketlab (v9)"},
		{"unknown panel", "#panel=nope", "no known panel"},
		{"foreign", "#utm=x", "not a bucketlab link"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := openTab(t, srv.URL+"/"+c.frag)
			st, err := chromedp.Run(p.ctx, chromedp.Poll[string](`document.querySelector('[data-testid=share-status]')?.textContent || null`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil || !strings.Contains(st, c.status) {
				t.Errorf("status %q (%v), want it to mention %q", st, err, c.status)
			}
			if s := p.pageState(); s.Provider != "qingstor" || s.Document != "cors" {
				t.Errorf("a bad link changed the page: %+v", s)
			}
			p.settle(noErrors) // the sample, checked as usual
		})
	}
	// A plain in-page anchor is left to the browser, without a message.
	p := openTab(t, srv.URL+"/#preflight-panel")
	time.Sleep(300 * time.Millisecond)
	if st := p.text("share-status"); st != "" {
		t.Errorf("an in-page anchor got a status message: %q", st)
	}
}

// lzOfJSONArray is lz-string's compressToEncodedURIComponent("[1,2]").
const lzOfJSONArray = "NoRgNATAukA"

// TestShareLargeDocument: the largest S3 bucket policy (20 KB) still makes a
// link that opens with the whole document.
func TestShareLargeDocument(t *testing.T) {
	policy, err := os.ReadFile(filepath.Join("..", "core", "api", "testdata", "s3-policy", "too-large.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "policy")
	// Ctrl+A, then a paste event as Ctrl+V delivers it: CDP's insertText takes seconds on 20 KB.
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(".cm-content")), chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
		t.Fatal(err)
	}
	p.eval(`(() => {
		const dt = new DataTransfer();
		dt.setData('text/plain', ` + quote(string(policy)) + `);
		document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
	})()`)
	p.settle(func([]row) bool { return true })
	link := p.shareLink()
	t.Logf("a %d-byte S3 policy makes a %d-character link", len(policy), len(link))
	if len(link) > 32<<10 {
		t.Errorf("the link is %d characters; lz-string should make ~6 K of a 20 KB policy", len(link))
	}
	sent, _ := linkState(t, link)
	if sent.Source != string(policy) {
		t.Fatalf("the link's source is %d bytes, want the %d-byte policy", len(sent.Source), len(policy))
	}
	q := openTab(t, link)
	// The editor renders only the visible lines: compare the state the page
	// links to now, which it reads from the editor.
	again, err := chromedp.Run(q.ctx, chromedp.Poll[string](`document.querySelector('[data-testid=share-url]')?.value || null`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := linkState(t, again); got != sent {
		t.Errorf("the opened page holds a %d-byte %s/%s document, want the %d-byte policy", len(got.Source), got.Provider, got.Document, len(sent.Source))
	}
	q.settle(func(rows []row) bool { return len(rows) > 0 }) // too-large.json is over S3's limit: the core says so
}

// lzDecompressURI is lz-string's decompressFromEncodedURIComponent, so the
// tests read links without the page.
func lzDecompressURI(s string) (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$"
	s = strings.ReplaceAll(s, " ", "+")
	if s == "" {
		return "", errors.New("empty payload")
	}
	vals := make([]int, len(s))
	for i := range len(s) {
		v := strings.IndexByte(alphabet, s[i])
		if v < 0 {
			return "", errors.New("not lz-string's URI alphabet")
		}
		vals[i] = v
	}
	val, pos, idx := vals[0], 32, 1
	read := func(n int) int {
		bits := 0
		for p := range n {
			b := val & pos
			pos >>= 1
			if pos == 0 {
				pos, val = 32, 0
				if idx < len(vals) {
					val = vals[idx]
				}
				idx++
			}
			if b > 0 {
				bits |= 1 << p
			}
		}
		return bits
	}
	dict := [][]uint16{nil, nil, nil}
	var c []uint16
	switch read(2) {
	case 0:
		c = []uint16{uint16(read(8))}
	case 1:
		c = []uint16{uint16(read(16))}
	case 2:
		return "", nil
	default:
		return "", errors.New("bad start")
	}
	dict = append(dict, c)
	w, result := c, append([]uint16(nil), c...)
	enlargeIn, numBits := 4, 3
	for {
		if idx > len(vals) {
			return "", errors.New("truncated")
		}
		code := read(numBits)
		switch code {
		case 0, 1:
			n := 8
			if code == 1 {
				n = 16
			}
			dict = append(dict, []uint16{uint16(read(n))})
			code = len(dict) - 1
			enlargeIn--
		case 2:
			return string(utf16.Decode(result)), nil
		}
		if enlargeIn == 0 {
			enlargeIn, numBits = 1<<numBits, numBits+1
		}
		var entry []uint16
		switch {
		case code < len(dict) && dict[code] != nil:
			entry = dict[code]
		case code == len(dict):
			entry = append(append([]uint16(nil), w...), w[0])
		default:
			return "", errors.New("bad code")
		}
		result = append(result, entry...)
		dict = append(dict, append(append([]uint16(nil), w...), entry[0]))
		enlargeIn--
		w = entry
		if enlargeIn == 0 {
			enlargeIn, numBits = 1<<numBits, numBits+1
		}
	}
}
