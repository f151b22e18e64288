package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// loggedRequest is one request the test server received, whole.
type loggedRequest struct {
	Method, URL string
	Header      http.Header
	Body        string
}

var fullLog struct {
	mu   sync.Mutex
	reqs []loggedRequest
}

// record logs a request's URL (requestLog) and, for the secret search, its
// headers and body; the body is put back for the handler.
func (l *requestLog) record(r *http.Request) {
	l.add(r.URL.String())
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 8<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	fullLog.mu.Lock()
	fullLog.reqs = append(fullLog.reqs, loggedRequest{r.Method, r.URL.String(), r.Header.Clone(), string(body)})
	fullLog.mu.Unlock()
}

func loggedRequests() []loggedRequest {
	fullLog.mu.Lock()
	defer fullLog.mu.Unlock()
	return append([]loggedRequest(nil), fullLog.reqs...)
}

// Payloads that would run script if any of them were ever parsed as HTML or
// followed as a link. Each marks what it would create with data-pwned, or
// sets window.__pwned, or asks the server for /pwned: the test looks for all
// three. (CSP would block the inline handlers anyway; the test must not rely
// on that, so it looks for the elements themselves.)
var payloads = []string{
	`"><img data-pwned src=/pwned onerror="window.__pwned=1">`,
	`<script data-pwned>window.__pwned=1</script>`,
	`javascript:window.__pwned=1//`,
	`<a data-pwned href="javascript:window.__pwned=1">x</a>`,
	`'$(touch /tmp/bucketlab-pwned)'` + "`touch /tmp/bucketlab-pwned`",
}

// seen is the part of each payload that any rendering as text keeps
// verbatim (messages quote values with Go's %q, which escapes '"').
var seen = []string{
	`<img data-pwned src=/pwned onerror=`,
	`<script data-pwned>window.__pwned=1</script>`,
	`javascript:window.__pwned=1//`,
	`<a data-pwned href=`,
	`$(touch /tmp/bucketlab-pwned)`,
}

// executed fails the test if any payload became markup or ran.
func (p *tab) executed(where string) {
	p.t.Helper()
	got := evalT[map[string]any](p, `(() => {
		const roots = [document];
		for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
		let marked = 0, jsLinks = 0;
		for (const r of roots) {
			marked += r.querySelectorAll('[data-pwned]').length;
			jsLinks += Array.from(r.querySelectorAll('a[href], iframe[src], form[action]')).filter(e => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? '')).length;
		}
		return {marked, jsLinks, pwned: window.__pwned ?? null, violations: window.__violations ?? []};
	})()`)
	if got["marked"] != 0.0 || got["jsLinks"] != 0.0 || got["pwned"] != nil {
		p.t.Errorf("%s: a payload became markup or ran: %v", where, got)
	}
	for _, v := range asList(got["violations"]) {
		if s, _ := v.(string); strings.HasPrefix(s, "script-src") {
			p.t.Errorf("%s: CSP blocked an inline script, so one was injected: %s", where, s)
		}
	}
	for _, u := range served.all() {
		if strings.Contains(u, "/pwned") {
			p.t.Errorf("%s: the server was asked for %s: an injected element loaded", where, u)
		}
	}
}

const watchViolations = `document.addEventListener('securitypolicyviolation', e =>
	(window.__violations ||= []).push(e.effectiveDirective + ' ' + e.blockedURI));`

// TestSecurityInjectionShownAsText puts the payloads in the document, the
// bucket, the keys, ACL header values and a server's error body, and checks
// that every panel shows them as text and that none ran: in the
// diagnostics, the wire, the signed request, curl, the comparison panel, a
// share link opened in a new tab and the embed view.
func TestSecurityInjectionShownAsText(t *testing.T) {
	// The document: every payload as an origin and as a header name.
	var rules []string
	for _, pl := range payloads {
		rules = append(rules, `{"allowed_origin":`+jsonText("https://"+pl)+`,"allowed_methods":["GET"],"allowed_headers":[`+jsonText(pl)+`]}`)
	}
	doc := `{"cors_rules":[` + strings.Join(rules, ",\n") + `]}`
	open := func(t *testing.T, provider, document string) *tab {
		p := newPage(t)
		p.eval(watchViolations)
		p.choose("provider", provider)
		p.choose("document", document)
		return p
	}

	t.Run("document", func(t *testing.T) {
		p := open(t, "qingstor", "cors")
		p.paste(doc)
		rows := p.settle(func(rows []row) bool { return len(rows) > 0 })
		shown := p.text("diagnostics") + p.text("wire-body")
		for _, pl := range seen {
			if !strings.Contains(shown, pl) {
				t.Errorf("payload %q is neither in the diagnostics nor in the wire body as text", pl)
			}
		}
		t.Logf("document payloads: %d diagnostics", len(rows))
		if !strings.Contains(p.editorText(), seen[1]) {
			t.Errorf("the editor does not show the document as text: %.200q", p.editorText())
		}
		p.executed("document")
	})

	t.Run("bucket name", func(t *testing.T) {
		p := open(t, "qingstor", "cors")
		p.paste(seed)
		p.settle(noErrors)
		p.fill("bucket", payloads[0])
		waitTestID(p, "request-panel", seen[0])
		p.executed("bucket name")
	})

	t.Run("access key ID and curl", func(t *testing.T) {
		// QingStor puts the key ID in the Authorization header as it is.
		p := open(t, "qingstor", "cors")
		p.paste(seed)
		p.settle(noErrors)
		p.fill("access-key-id", payloads[1]+payloads[4])
		waitTestID(p, "authorization", seen[1])
		for _, id := range []string{"authorization", "request-http", "curl"} {
			if !strings.Contains(p.text(id), seen[1]) {
				t.Errorf("[data-testid=%s] does not show the access key ID as text: %q", id, p.text(id))
			}
		}
		curlRuns(t, p.text("curl"), payloads[1]+payloads[4])
		p.executed("access key ID")
	})

	t.Run("ACL header values", func(t *testing.T) {
		p := open(t, "s3", "acl")
		p.choose("format", "headers")
		p.paste("x-amz-acl: " + payloads[0] + "\nx-amz-grant-read: id=\"" + payloads[1] + "\"\nx-amz-meta-x: " + payloads[2])
		p.settle(func(rows []row) bool { return len(rows) > 0 })
		if !strings.Contains(p.text("diagnostics"), seen[0]) {
			t.Errorf("the canned ACL payload is not quoted as text: %q", p.text("diagnostics"))
		}
		p.executed("ACL headers")
	})

	t.Run("comparison panel", func(t *testing.T) {
		p := open(t, "s3", "cors")
		p.paste(s3CORS)
		p.settle(noErrors)
		waitTestID(p, "authorization", "AWS4-HMAC-SHA256")
		// Escaped as a server's XML carries them; the panel shows them decoded.
		esc := func(s string) string {
			var b strings.Builder
			xml.EscapeText(&b, []byte(s))
			return b.String()
		}
		errBody := "<Error><Code>SignatureDoesNotMatch</Code><StringToSign>" + esc("AWS4-HMAC-SHA256\n"+payloads[0]+"\n"+payloads[1]) +
			"</StringToSign><CanonicalRequest>" + esc("PUT\n/\ncors=\n"+payloads[3]) + "</CanonicalRequest></Error>"
		p.pasteInto("[data-testid=server-error]", errBody)
		p.eval(`document.querySelector('[data-testid=diff-compare]').click()`)
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('[data-testid=diff-panel]').dataset.state === 'idle'`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("the comparison did not finish: %v", err)
		}
		got := p.text("diff-comparisons") + p.text("diff-summary") + p.text("diff-error")
		if !strings.Contains(got, seen[0]) {
			t.Errorf("the comparison panel does not show the server's string to sign as text: %.300q", got)
		}
		p.executed("comparison panel")
	})

	t.Run("share link and embed", func(t *testing.T) {
		p := open(t, "qingstor", "cors")
		p.paste(doc)
		p.settle(func(rows []row) bool { return len(rows) > 0 })
		link := makeShareLink(p)
		if link == "" {
			return
		}
		q := openURL(t, link)
		q.eval(watchViolations)
		q.settle(func(rows []row) bool { return len(rows) > 0 })
		if !strings.Contains(q.editorText(), seen[1]) || !strings.Contains(q.text("diagnostics"), seen[1]) {
			t.Errorf("the shared document is not shown as text in the new tab")
		}
		q.executed("share link")

		embed := strings.Replace(link, "/index.html#", "/embed.html#", 1)
		if embed == link {
			embed = strings.Replace(link, "/#", "/embed.html#", 1)
		}
		e := openURLNoCore(t, embed)
		e.eval(watchViolations)
		js := `document.body.textContent.includes(` + quote(seen[1]) + `) && !!document.querySelector('[data-testid=embed-problems] li[data-code], [data-testid=embed-problems] li button')`
		if _, err := chromedp.Run(e.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Errorf("the embed view does not show the shared document and its problems as text: %v", err)
		}
		e.executed("embed view")
	})
}

// jsonText is s as a JSON string with <, > and & as they are (json.Marshal
// would escape them), as a person types it.
func jsonText(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// waitTestID waits until [data-testid=id] contains want.
func waitTestID(p *tab, id, want string) {
	p.t.Helper()
	js := `(document.querySelector('[data-testid=` + id + `]')?.textContent ?? '').includes(` + quote(want) + `)`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		p.t.Fatalf("[data-testid=%s] never showed %q; it shows %q", id, want, p.text(id))
	}
}

// curlRuns runs the page's curl command in bash with curl replaced by a
// function that prints its arguments: the shell must see exactly the
// request, and the payloads' $(…) and `…` must not run.
func curlRuns(t *testing.T, curl, want string) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Log("no bash: the curl quoting is not run")
		return
	}
	marker := "/tmp/bucketlab-pwned"
	os.Remove(marker)
	script := `curl() { printf '%s\0' "$@"; }` + "\n" + curl + "\n"
	out, err := exec.Command("bash", "-c", script).Output()
	if err != nil {
		t.Fatalf("the curl command is not valid shell: %v\n%s", err, curl)
	}
	if _, err := os.Stat(marker); err == nil {
		os.Remove(marker)
		t.Errorf("running the curl command ran a payload (it created %s):\n%s", marker, curl)
	}
	args := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	joined := strings.Join(args, "\n")
	if !strings.Contains(joined, want) {
		t.Errorf("curl's arguments lost the access key ID verbatim: %q", args)
	}
}

// makeShareLink clicks the share button and returns the link, or "" (with a
// log line) while the page has no share link yet.
func makeShareLink(p *tab) string {
	p.t.Helper()
	if !evalT[bool](p, `!!document.querySelector('[data-testid=share-link]')`) {
		p.t.Log("no [data-testid=share-link] on the page yet: share-link steps skipped")
		return ""
	}
	p.eval(`document.querySelector('[data-testid=share-link]').click()`)
	js := `(() => { const f = document.querySelector('[data-testid=share-url]'); return (f?.value || f?.textContent || ''); })()`
	link, err := chromedp.Run(p.ctx, chromedp.Poll[string](js+` || null`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		p.t.Fatalf("the share link did not appear: %v", err)
	}
	return link
}

// openURL opens a tab on url (of the test server) and waits for the core.
func openURL(t *testing.T, url string) *tab {
	t.Helper()
	p := openURLNoCore(t, url)
	p.waitReady()
	return p
}

// openURLNoCore opens a tab on url with newPage's checks, without waiting
// for window.bucketlab (the embed view has none).
func openURLNoCore(t *testing.T, url string) *tab {
	t.Helper()
	return openTabFor(t, url, 60*time.Second)
}

// openTabFor opens a tab on url that fails the test on page exceptions and
// console errors, and lives for at most timeout.
func openTabFor(t *testing.T, url string, timeout time.Duration) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	p := &tab{t: t, ctx: ctx}
	msgs := chromedp.Console(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				t.Errorf("page %s: %s", m.Type, m.Text)
			}
		}
	})
	t.Cleanup(func() { cancelT(); cancel(); wg.Wait() })
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSecurityCRLFInHeaderValuesIsRefused: a line break in anything that
// ends up in a header is refused, never signed, for every provider.
func TestSecurityCRLFInHeaderValuesIsRefused(t *testing.T) {
	p := newPage(t)
	const inj = "\r\nX-Injected: 1"
	type tc struct{ name, op, req string }
	var cases []tc
	for _, c := range signingCases {
		base := map[string]any{"provider": c.provider, "document": "cors", "source": c.doc, "bucket": c.bucket, "region": c.region,
			"time": signTime, "credentials": map[string]string{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "S3CR3T"}}
		with := func(k string, v any) string {
			m := map[string]any{}
			for k, v := range base {
				m[k] = v
			}
			m[k] = v
			b, _ := json.Marshal(m)
			return string(b)
		}
		cases = append(cases,
			tc{c.provider + " access key ID", "compose", with("credentials", map[string]string{"accessKeyId": "AKIDEXAMPLE" + inj, "secretAccessKey": "S3CR3T"})},
			tc{c.provider + " session token", "compose", with("credentials", map[string]string{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "S3CR3T", "sessionToken": "tok" + inj})},
			tc{c.provider + " region", "compose", with("region", c.region+inj)},
			tc{c.provider + " bucket", "compose", with("bucket", c.bucket+inj)},
			tc{c.provider + " endpoint", "compose", with("endpoint", "s3.example.com"+inj)},
		)
		sign, _ := json.Marshal(map[string]any{"provider": c.provider, "method": "PUT", "bucket": c.bucket, "region": c.region, "key": "a.txt",
			"time": signTime, "credentials": map[string]string{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "S3CR3T"},
			"headers": map[string]string{"x-amz-meta-note": "v" + inj, "Content-Type": "text/plain"}})
		cases = append(cases, tc{c.provider + " sign header value", "sign", string(sign)})
		sign, _ = json.Marshal(map[string]any{"provider": c.provider, "method": "PUT", "bucket": c.bucket, "region": c.region, "key": "a.txt",
			"time": signTime, "credentials": map[string]string{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "S3CR3T"},
			"headers": map[string]string{"x-amz-meta-note" + inj: "v"}})
		cases = append(cases, tc{c.provider + " sign header name", "sign", string(sign)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := evalT[map[string]any](p, `window.bucketlab.call(`+quote(c.op)+`, `+c.req+`)`)
			req := dig(res, "value", "request")
			if c.op == "sign" && res["ok"] == true {
				req = res["value"]
			}
			if req != nil {
				http, _ := dig(req, "http").(string)
				t.Errorf("signed although a value holds CR LF; the request is:\n%s", http)
			}
			if strings.Contains(string(mustJSON(res)), `\r\nX-Injected`) && req != nil {
				t.Errorf("the answer carries the injected header: %s", mustJSON(res))
			}
		})
	}
	p.executed("CRLF")
}

// secretMarker is the secret key the test types: recognizable, with the
// characters URL and form encoding change ('/', '+', '='), so an encoded
// copy would still be found in its decoded form by the page-side search.
const secretMarker = "SECRETbucketlab7Qz9/Plus+Eq="

// TestSecuritySecretNeverLeaves types a recognizable secret key, uses the
// page (sign, compare with a server's answer, make a share link) and
// searches everything the page can write or send for it.
func TestSecuritySecretNeverLeaves(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "cors")
	p.paste(s3CORS)
	p.settle(noErrors)
	// Typed, key by key, as a user does.
	if err := chromedp.Do(p.ctx,
		chromedp.Click(chromedp.CSS("#secret-access-key")),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(secretMarker),
	); err != nil {
		t.Fatal(err)
	}
	if v := evalT[string](p, `document.getElementById('secret-access-key').value`); v != secretMarker {
		t.Fatalf("typed secret = %q", v)
	}
	waitTestID(p, "authorization", "AWS4-HMAC-SHA256")

	// Compare with a server's answer (the panel signs again with the secret).
	p.pasteInto("[data-testid=server-error]", "<Error><Code>SignatureDoesNotMatch</Code><StringToSign>AWS4-HMAC-SHA256\n20261123T100000Z\n20261123/us-east-1/s3/aws4_request\nabc</StringToSign></Error>")
	p.eval(`document.querySelector('[data-testid=diff-compare]').click()`)
	evalT[bool](p, `new Promise(r => { const f = () => document.querySelector('[data-testid=diff-summary]')?.textContent ? r(true) : setTimeout(f, 50); f(); })`)
	// A share link, and the page's other tools.
	link := makeShareLink(p)
	for _, b := range []string{"[data-testid=share-link]", "#time-now"} {
		p.eval(`document.querySelector(` + quote(b) + `)?.click()`)
	}
	time.Sleep(time.Second) // let debounced writers (address bar, storage, caches) run

	where := evalT[map[string]string](p, `(async () => {
		const text = v => { try { return JSON.stringify(v, (k, x) => x instanceof ArrayBuffer || ArrayBuffer.isView(x) ? new TextDecoder().decode(x) : x); } catch { return String(v); } };
		const out = {url: location.href, history: String(history.state ?? ''), title: document.title, referrer: document.referrer,
			local: text(Object.assign({}, localStorage)), session: text(Object.assign({}, sessionStorage)), cookie: document.cookie,
			name: window.name};
		// The page's visible text, except the secret's own input.
		const sk = document.getElementById('secret-access-key');
		out.panels = Array.from(document.querySelectorAll('[data-testid]')).filter(e => e !== sk && !e.contains(sk)).map(e => e.textContent + ' ' + (e.value ?? '')).join('\n');
		out.inputs = Array.from(document.querySelectorAll('input, textarea')).filter(e => e !== sk).map(e => e.value).join('\n');
		out.idb = '';
		for (const info of (await indexedDB.databases())) {
			const db = await new Promise((res, rej) => { const r = indexedDB.open(info.name); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
			for (const store of db.objectStoreNames) {
				const tx = db.transaction(store, 'readonly').objectStore(store);
				const all = await new Promise(res => { const r = tx.getAll(); r.onsuccess = () => res(r.result); r.onerror = () => res([]); });
				const keys = await new Promise(res => { const r = tx.getAllKeys(); r.onsuccess = () => res(r.result); r.onerror = () => res([]); });
				out.idb += info.name + '/' + store + ': ' + text(keys) + ' ' + text(all) + '\n';
			}
			db.close();
		}
		out.caches = '';
		for (const name of await caches.keys()) {
			const c = await caches.open(name);
			for (const req of await c.keys()) {
				const res = await c.match(req);
				out.caches += name + ' ' + req.url + ' ' + text([...req.headers]) + ' ' + (res ? await res.clone().text() : '') + '\n';
			}
		}
		const regs = await navigator.serviceWorker?.getRegistrations?.() ?? [];
		out.serviceWorkers = regs.map(r => r.scope).join(' ');
		return out;
	})()`)
	if link != "" {
		where["share link"] = link
		// And what the link decodes to, opened in a fresh tab.
		q := openURL(t, link)
		where["share link opened"] = evalT[string](q, `document.getElementById('secret-access-key').value + ' ' + location.href`)
	}
	cookies, err := chromedp.Run(p.ctx, chromedp.Action[[]*network.Cookie](func(ctx context.Context, _ *chromedp.Target) ([]*network.Cookie, error) {
		res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{srv.URL}})
		if err != nil {
			return nil, err
		}
		return res.Cookies, nil
	}))
	if err == nil {
		where["cookies (CDP)"] = string(mustJSON(cookies))
	}
	where["console"] = strings.Join(p.consoleText(), "\n")
	for k, v := range where {
		if strings.Contains(v, secretMarker) {
			t.Errorf("the secret key is in %s: %.300q", k, v)
		}
	}
	t.Logf("searched: url, history, local/sessionStorage, %d bytes of IndexedDB, %d bytes of Cache Storage (%s), cookies, console, share link",
		len(where["idb"]), len(where["caches"]), where["serviceWorkers"])

	// Every request the page made (CDP) and every request the server got.
	p.mu.Lock()
	reqs := append([]*network.Request(nil), p.requests...)
	p.mu.Unlock()
	if len(reqs) == 0 {
		t.Fatal("no requests observed: the network watch is broken")
	}
	for _, r := range reqs {
		all := r.URL + " " + string(mustJSON(r.Headers))
		for _, e := range r.PostDataEntries {
			all += " " + string(e.Bytes)
		}
		if strings.Contains(all, secretMarker) {
			t.Errorf("a request the page made carries the secret: %s", all)
		}
	}
	for _, r := range loggedRequests() {
		if strings.Contains(r.URL+r.Body+string(mustJSON(r.Header)), secretMarker) {
			t.Errorf("the server received the secret: %s %s", r.Method, r.URL)
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Errorf("the page sent a %s %s", r.Method, r.URL)
		}
	}
}

// TestSecurityCSPBlocksOtherOrigins runs a second server on another origin
// and has the page try every way of reaching it; CSP must block each one
// before it leaves the browser.
func TestSecurityCSPBlocksOtherOrigins(t *testing.T) {
	var hits atomic.Int64
	other := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Logf("the other origin was reached: %s %s", r.Method, r.URL)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	}))
	// 127.0.0.2 is loopback too on Linux; a second port of 127.0.0.1 is
	// another origin as well, where 127.0.0.2 cannot be bound.
	if ln, err := net.Listen("tcp", "127.0.0.2:0"); err == nil {
		other.Listener.Close()
		other.Listener = ln
	}
	other.Start()
	defer other.Close()

	p := newPage(t)
	p.allowConsole(func(m chromedp.ConsoleMessage) bool {
		return strings.Contains(m.Text, other.URL) || strings.Contains(m.Text, "Content Security Policy") ||
			strings.Contains(m.Text, strings.TrimPrefix(other.URL, "http://"))
	})
	p.eval(watchViolations)
	attempts := evalT[[]string](p, `(async (o) => {
		const tried = [];
		const attempt = (name, fn) => { tried.push(name); try { const r = fn(); if (r && r.catch) r.catch(() => {}); } catch {} };
		attempt('fetch', () => fetch(o + '/fetch', {mode: 'no-cors'}));
		attempt('xhr', () => { const x = new XMLHttpRequest(); x.open('GET', o + '/xhr'); x.onerror = () => {}; x.send(); });
		attempt('img', () => { const i = new Image(); i.src = o + '/img'; document.body.append(i); });
		attempt('script', () => { const s = document.createElement('script'); s.src = o + '/script.js'; document.head.append(s); });
		attempt('stylesheet', () => { const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = o + '/style.css'; document.head.append(l); });
		attempt('iframe', () => { const f = document.createElement('iframe'); f.src = o + '/frame'; document.body.append(f); });
		attempt('worker', () => new Worker(o + '/worker.js'));
		attempt('beacon', () => navigator.sendBeacon(o + '/beacon', 'x'));
		attempt('websocket', () => { const w = new WebSocket(o.replace('http', 'ws') + '/ws'); w.onerror = () => {}; });
		attempt('eventsource', () => { const e = new EventSource(o + '/events'); e.onerror = () => e.close(); });
		attempt('form', () => { const f = document.createElement('form'); f.method = 'post'; f.action = o + '/form'; document.body.append(f); f.submit(); });
		attempt('css background', () => { const d = document.createElement('div'); d.style.backgroundImage = 'url(' + o + '/bg.png)'; document.body.append(d); });
		await new Promise(r => setTimeout(r, 1500));
		return tried;
	})(`+quote(other.URL)+`)`)
	violations := evalT[[]string](p, `window.__violations ?? []`)
	t.Logf("attempts: %v\nviolations: %v", attempts, violations)
	if n := hits.Load(); n != 0 {
		t.Errorf("the other origin received %d requests; CSP must block every one", n)
	}
	blocked := 0
	for _, v := range violations {
		if strings.Contains(v, strings.TrimPrefix(other.URL, "http://")) {
			blocked++
		}
	}
	if blocked == 0 {
		t.Errorf("no securitypolicyviolation event named %s: the blocks were not proven", other.URL)
	}
	// Each kind of attempt that reaches the network layer must be reported.
	// (A worker from another origin is refused before CSP is asked, by the
	// same-origin rule for worker scripts: no violation, and no request.)
	for _, want := range []string{"connect-src", "img-src", "script-src-elem", "style-src-elem", "frame-src", "form-action"} {
		found := false
		for _, v := range violations {
			found = found || strings.HasPrefix(v, want+" ")
		}
		if !found {
			t.Errorf("no %s violation: %v", want, violations)
		}
	}
	// The page is still fine.
	p.alive("qingstor", seed)
}
