package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// A CORS document per provider, the defaults the page picks for it, and
// the core codec the document needs (named when a test has to skip).
type signingCase struct {
	provider, bucket, region string
	doc, codec               string
}

// The rules of S3's PutBucketCors API example.
const s3CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>http://www.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
    <ExposeHeader>x-amz-server-side-encryption</ExposeHeader>
  </CORSRule>
</CORSConfiguration>`

// The rules of COS's PUT Bucket cors API example.
const cosCORS = `<CORSConfiguration>
  <CORSRule>
    <ID>1234</ID>
    <AllowedOrigin>http://www.qq.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>x-cos-meta-test</AllowedHeader>
    <ExposeHeader>x-cos-meta-test1</ExposeHeader>
    <MaxAgeSeconds>500</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`

var signingCases = []signingCase{
	{"qingstor", "mybucket", "pek3a", seed, "QingStor CORS JSON"},
	{"cos", "examplebucket-1250000000", "ap-guangzhou", cosCORS, "COS CORS XML"},
	{"s3", "examplebucket", "us-east-1", s3CORS, "S3 CORS XML"},
}

const signTime = "2026-11-23T10:00:00Z"

// requireCodec skips the test while the native core cannot read the
// document yet (another codec being added), and fails if it can but finds
// errors in it.
func requireCodec(t *testing.T, c signingCase) {
	t.Helper()
	got := native(t, "check", map[string]any{"provider": c.provider, "document": "cors", "source": c.doc})
	for _, d := range asList(got["diagnostics"]) {
		if dig(d, "code") == "unsupported" {
			t.Skipf("the core has no %s codec yet (check says %q); this runs once core/api registers it", c.codec, dig(d, "message"))
		}
	}
	if dig(got, "value", "wire") == nil {
		t.Fatalf("the native core finds errors in the %s test document: %s", c.codec, mustJSON(got["diagnostics"]))
	}
}

// openSigned opens the page on the provider's CORS document and returns
// the tab and the request the page sends to "compose" for it.
func openSigned(t *testing.T, c signingCase) (*tab, map[string]any) {
	t.Helper()
	p := newPage(t)
	p.choose("provider", c.provider)
	p.choose("document", "cors")
	form := evalT[map[string]string](p, `({
		bucket: document.getElementById('bucket').value,
		region: document.getElementById('region').value,
		ak: document.getElementById('access-key-id').value,
		sk: document.getElementById('secret-access-key').value})`)
	// Bucket and region follow the provider while the user has not edited them.
	if form["bucket"] != c.bucket || form["region"] != c.region {
		t.Errorf("%s defaults: bucket %q region %q, want %q %q", c.provider, form["bucket"], form["region"], c.bucket, c.region)
	}
	p.fill("time", signTime)
	p.paste(c.doc)
	p.settle(noErrors)
	return p, map[string]any{
		"provider": c.provider, "document": "cors", "source": c.doc,
		"bucket": form["bucket"], "region": form["region"], "time": signTime,
		"credentials": map[string]string{"accessKeyId": form["ak"], "secretAccessKey": form["sk"]},
	}
}

// nativeRequest is the signed request native "compose" makes.
func nativeRequest(t *testing.T, req map[string]any) map[string]any {
	t.Helper()
	got := native(t, "compose", req)
	r, ok := dig(got, "value", "request").(map[string]any)
	if !ok {
		t.Fatalf("native compose made no request: %s", mustJSON(got))
	}
	return r
}

// named finds the value of a {name, value} entry (a header or a step).
func named(list any, name string) string {
	for _, e := range asList(list) {
		if dig(e, "name") == name {
			s, _ := dig(e, "value").(string)
			return s
		}
	}
	return ""
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// waitText waits until [data-testid=testid] shows exactly want.
func (p *tab) waitText(testid, want string) {
	p.t.Helper()
	var got string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got = p.text(testid); got == want {
			return
		}
	}
	p.t.Fatalf("[data-testid=%s] = %q\nwant %q", testid, got, want)
}

// click clicks the element the CSS selector finds, as a user does.
func (p *tab) click(selector string) error {
	return chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(selector)))
}

// checkRequestShown compares the signed-request panel with native compose.
func checkRequestShown(t *testing.T, p *tab, want map[string]any) {
	t.Helper()
	p.waitText("authorization", named(want["headers"], "Authorization"))
	crlf := strings.NewReplacer("\r\n", "\n")
	if got, w := crlf.Replace(p.text("request-http")), crlf.Replace(want["http"].(string)); got != w {
		t.Errorf("HTTP shown:\n%s\nwant:\n%s", got, w)
	}
	if got := p.text("curl"); got != want["curl"] {
		t.Errorf("curl shown:\n%s\nwant:\n%s", got, want["curl"])
	}
	type step struct{ Name, Value string }
	got := evalT[[]step](p, `Array.from(document.querySelectorAll('[data-testid=steps] pre[data-step]')).map(s => ({Name: s.dataset.step, Value: s.textContent}))`)
	var wantSteps []step
	for _, s := range asList(want["steps"]) {
		wantSteps = append(wantSteps, step{dig(s, "name").(string), dig(s, "value").(string)})
	}
	if string(mustJSON(got)) != string(mustJSON(wantSteps)) {
		t.Errorf("signing steps shown:\n%s\nwant:\n%s", mustJSON(got), mustJSON(wantSteps))
	}
}

func TestSignedRequestMatchesTheCore(t *testing.T) {
	prefix := map[string]string{"qingstor": "QS ", "cos": "q-sign-algorithm=sha1&", "s3": "AWS4-HMAC-SHA256 Credential="}
	for _, c := range signingCases {
		t.Run(c.provider, func(t *testing.T) {
			requireCodec(t, c)
			p, req := openSigned(t, c)
			want := nativeRequest(t, req)
			checkRequestShown(t, p, want)
			if auth := p.text("authorization"); !strings.HasPrefix(auth, prefix[c.provider]) {
				t.Errorf("Authorization %q is not a %s signature", auth, c.provider)
			}
		})
	}
	// S3-compatible stores: a custom endpoint, the bucket in the path.
	t.Run("s3 path style on an endpoint", func(t *testing.T) {
		c := signingCases[2]
		requireCodec(t, c)
		p, req := openSigned(t, c)
		p.fill("endpoint", "http://127.0.0.1:9000")
		if err := p.click("#path-style"); err != nil {
			t.Fatal(err)
		}
		req["endpoint"], req["pathStyle"] = "http://127.0.0.1:9000", true
		want := nativeRequest(t, req)
		checkRequestShown(t, p, want)
		if http := p.text("request-http"); !strings.Contains(http, "PUT /examplebucket?cors HTTP/1.1") || !strings.Contains(http, "Host: 127.0.0.1:9000") {
			t.Errorf("not a path-style request to the endpoint:\n%s", http)
		}
	})
}

func TestFormatPickerFollowsProviderAndDocument(t *testing.T) {
	p := newPage(t)
	// The formats each cell offers and how its sample starts ("" is native).
	cells := []struct {
		provider, document string
		formats            []string
		starts             map[string]string
	}{
		{"cos", "cors", []string{"", "xml"}, map[string]string{"": "<CORSConfiguration>"}},
		{"cos", "policy", []string{"", "json"}, map[string]string{"": "{"}},
		{"cos", "acl", []string{"", "headers", "xml"}, map[string]string{"": "<AccessControlPolicy>", "headers": "x-cos-acl:"}},
		{"qingstor", "cors", []string{"", "json"}, map[string]string{"": `{`}},
		{"qingstor", "policy", []string{"", "json"}, map[string]string{"": "{"}},
		{"qingstor", "acl", []string{"", "json"}, map[string]string{"": "{"}},
		{"s3", "cors", []string{"", "json", "xml"}, map[string]string{"": "<CORSConfiguration>", "json": "["}},
		{"s3", "policy", []string{"", "json"}, map[string]string{"": "{"}},
		{"s3", "acl", []string{"", "headers", "xml"}, map[string]string{"": "<AccessControlPolicy", "headers": "x-amz-acl:"}},
	}
	for _, cell := range cells {
		p.choose("provider", cell.provider)
		p.choose("document", cell.document)
		offered := evalT[[]string](p, `Array.from(document.getElementById('format').options).filter(o => !o.disabled).map(o => o.value).sort()`)
		if strings.Join(offered, ",") != strings.Join(cell.formats, ",") {
			t.Errorf("%s/%s offers formats %q, want %q", cell.provider, cell.document, offered, cell.formats)
		}
		for f, start := range cell.starts {
			p.choose("format", f)
			if got := p.editorText(); !strings.HasPrefix(strings.TrimSpace(got), start) {
				t.Errorf("%s/%s in format %q shows %.60q, want a sample starting %q", cell.provider, cell.document, f, got, start)
			}
		}
		p.choose("format", "")
	}
	// A format the next provider does not take falls back to its native one.
	p.choose("provider", "s3")
	p.choose("document", "cors")
	p.choose("format", "json")
	p.choose("provider", "cos")
	if f := evalT[string](p, `document.getElementById('format').value`); f != "" {
		t.Errorf("COS CORS kept format %q; it only takes XML", f)
	}
	// A bucket the user typed survives a change of provider.
	p.fill("bucket", "my-own-bucket")
	p.choose("provider", "s3")
	if b := evalT[string](p, `document.getElementById('bucket').value`); b != "my-own-bucket" {
		t.Errorf("the typed bucket became %q after switching provider", b)
	}
	if disabled := evalT[bool](p, `document.getElementById('path-style').disabled`); disabled {
		t.Errorf("path style is disabled for S3")
	}
	p.choose("provider", "cos")
	if disabled := evalT[bool](p, `document.getElementById('path-style').disabled`); !disabled {
		t.Errorf("path style is offered for COS")
	}
	// The samples of COS and S3 compose to a signed request as they load.
	p.fill("bucket", "")
	for _, c := range signingCases[1:] {
		if got := native(t, "check", map[string]any{"provider": c.provider, "document": "cors", "source": c.doc}); strings.Contains(string(mustJSON(got)), `"unsupported"`) {
			t.Logf("%s: skipped, the core has no %s codec yet", c.provider, c.codec)
			continue
		}
		p.choose("provider", c.provider)
		p.choose("document", "cors")
		p.choose("format", "")
		if b := evalT[string](p, `document.getElementById('bucket').value`); b != c.bucket {
			t.Errorf("%s: an empty bucket became %q, want the default %q", c.provider, b, c.bucket)
		}
		var auth string
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if auth = p.text("authorization"); auth != "" && p.text("request-http") != "" && strings.Contains(p.text("request-http"), c.bucket) {
				break
			}
		}
		if !strings.Contains(p.text("request-http"), c.bucket) || auth == "" {
			t.Errorf("%s CORS sample shows no signed request (authorization %q; panel says %q)", c.provider, auth,
				evalT[string](p, `document.querySelector('[data-testid=request-panel] .why').textContent`))
		}
	}
}

// firstDiff is where two strings first differ: 1-based line, and column in
// code points, as the page marks it.
func firstDiff(a, b string) (line, column int) {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	start := strings.LastIndexByte(a[:i], '\n') + 1
	return strings.Count(a[:i], "\n") + 1, utf8.RuneCountInString(a[start:i]) + 1
}

func lineOf(s string, line int) string {
	lines := strings.Split(s, "\n")
	if line-1 < len(lines) {
		return lines[line-1]
	}
	return ""
}

// splitAt splits a line before column (1-based, code points).
func splitAt(s string, column int) (string, string) {
	r := []rune(s)
	if column-1 > len(r) {
		return s, ""
	}
	return string(r[:column-1]), string(r[column-1:])
}

var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// The error bodies as the servers send them (trimmed ids).
func s3ErrorBody(sts, creq string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>EXAMPLEACCESSKEYID</AWSAccessKeyId><StringToSign>` + xmlText.Replace(sts) +
		`</StringToSign><SignatureProvided>0123</SignatureProvided><CanonicalRequest>` + xmlText.Replace(creq) +
		`</CanonicalRequest><RequestId>E2E0SERVER0PASTE</RequestId><HostId>e2e</HostId></Error>`
}

func cosErrorBody(sts, httpString string) string {
	return `<?xml version='1.0' encoding='utf-8' ?>
<Error>
	<Code>SignatureDoesNotMatch</Code>
	<Message>The Signature you specified is invalid.</Message>
	<Resource>examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/</Resource>
	<RequestId>E2E0SERVER0PASTE</RequestId>
	<TraceId>e2e</TraceId>
	<StringToSign>` + xmlText.Replace(sts) + `</StringToSign>
	<FormatString>` + xmlText.Replace(httpString) + `</FormatString>
</Error>`
}

// serverTexts builds, from native compose's request, what the server would
// send back: once computed from the same request, and once for a request
// signed at another time (the clock). It returns the StringToSign of the
// latter too, and how far off its time is.
func serverTexts(t *testing.T, provider string, r map[string]any) (same, clock, clockSTS string, off time.Duration) {
	t.Helper()
	sts := named(r["steps"], "StringToSign")
	replaceLine := func(old, new string) string {
		if !strings.Contains(sts, old) {
			t.Fatalf("%s: %q is not a line of the string to sign %q", provider, old, sts)
		}
		return strings.Replace(sts, old, new, 1)
	}
	switch provider {
	case "s3": // X-Amz-Date, line 2
		d := named(r["headers"], "X-Amz-Date")
		at, err := time.Parse("20060102T150405Z", d)
		if err != nil {
			t.Fatalf("X-Amz-Date %q: %v", d, err)
		}
		clockSTS = replaceLine("\n"+d+"\n", "\n"+at.Add(5*time.Minute).Format("20060102T150405Z")+"\n")
		creq := named(r["steps"], "CanonicalRequest")
		return s3ErrorBody(sts, creq), s3ErrorBody(clockSTS, creq), clockSTS, 5 * time.Minute
	case "cos": // q-sign-time, line 2
		kt := named(r["steps"], "KeyTime")
		var from, to int64
		if _, err := fmt.Sscanf(kt, "%d;%d", &from, &to); err != nil {
			t.Fatalf("KeyTime %q: %v", kt, err)
		}
		clockSTS = replaceLine("\n"+kt+"\n", fmt.Sprintf("\n%d;%d\n", from-600, to-600))
		hs := named(r["steps"], "HttpString")
		return cosErrorBody(sts, hs), cosErrorBody(clockSTS, hs), clockSTS, -10 * time.Minute
	default: // QingStor: the Date line, pasted as a plain string
		d := named(r["headers"], "Date")
		at, err := time.Parse(time.RFC1123, d)
		if err != nil {
			t.Fatalf("Date %q: %v", d, err)
		}
		clockSTS = replaceLine("\n"+d+"\n", "\n"+at.Add(7*time.Second).UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")+"\n")
		return sts, clockSTS, clockSTS, 7 * time.Second
	}
}

// A comparison block as the page shows it.
type shownBlock struct {
	TestID, Match        string
	Ours, Theirs         *shownLine
	FullOurs, FullTheirs string
}

type shownLine struct {
	Before, Mark string
	MarkLast     bool
}

func (p *tab) diffBlocks() []shownBlock {
	return evalT[[]shownBlock](p, `Array.from(document.querySelectorAll('[data-testid=diff-comparisons] > [data-testid^="diff-"]')).map(b => {
		const line = who => {
			const c = b.querySelector('.diff-lines code[data-line=' + who + ']');
			const m = c && c.querySelector('mark');
			if (!m) return null;
			return {Before: c.textContent.slice(0, c.textContent.length - m.textContent.length), Mark: m.textContent, MarkLast: c.lastChild === m};
		};
		return {TestID: b.dataset.testid, Match: b.dataset.match, Ours: line('ours'), Theirs: line('theirs'),
			FullOurs: b.querySelector('pre[data-full=ours]')?.textContent ?? '',
			FullTheirs: b.querySelector('pre[data-full=theirs]')?.textContent ?? ''};
	})`)
}

// pasteServer pastes text into the panel and waits for the summary native
// diffSignature gives for the same request and text.
func pasteServer(t *testing.T, p *tab, req map[string]any, text string) map[string]any {
	t.Helper()
	p.pasteInto("[data-testid=server-error]", text)
	diffReq := map[string]any{"compose": req}
	if strings.HasPrefix(strings.TrimSpace(text), "<") {
		diffReq["errorBody"] = text
	} else {
		diffReq["serverStringToSign"] = text
	}
	want := native(t, "diffSignature", diffReq)
	summary, ok := dig(want, "value", "summary").(string)
	if !ok {
		t.Fatalf("native diffSignature: %s", mustJSON(want))
	}
	p.waitText("diff-summary", summary)
	return want
}

func TestDiffPanelNamesTheCause(t *testing.T) {
	for _, c := range signingCases {
		t.Run(c.provider, func(t *testing.T) {
			requireCodec(t, c)
			p, req := openSigned(t, c)
			r := nativeRequest(t, req)
			p.waitText("authorization", named(r["headers"], "Authorization"))
			sts := named(r["steps"], "StringToSign")
			same, clock, clockSTS, off := serverTexts(t, c.provider, r)

			// The server signed the same strings: the key must be wrong.
			pasteServer(t, p, req, same)
			if s := p.text("diff-summary"); !strings.Contains(s, "secret key") {
				t.Errorf("summary for identical strings %q does not point at the secret key", s)
			}
			blocks := p.diffBlocks()
			if len(blocks) == 0 {
				t.Fatalf("no comparison shown")
			}
			for _, b := range blocks {
				if b.Match != "true" || b.Ours != nil {
					t.Errorf("identical strings: %s has data-match=%s, marked line %+v", b.TestID, b.Match, b.Ours)
				}
			}

			// The server's clock (or ours) is off.
			want := pasteServer(t, p, req, clock)
			if s := p.text("diff-summary"); !strings.Contains(s, "clock") {
				t.Errorf("summary %q does not name the clock", s)
			}
			line, column := firstDiff(sts, clockSTS)
			for _, cmp := range asList(dig(want, "value", "comparisons")) {
				if dig(cmp, "name") == "StringToSign" && (int(dig(cmp, "line").(float64)) != line || int(dig(cmp, "column").(float64)) != column) {
					t.Errorf("native core puts the difference at %v:%v, the test at %d:%d", dig(cmp, "line"), dig(cmp, "column"), line, column)
				}
			}
			found := false
			for _, b := range p.diffBlocks() {
				if b.TestID != "diff-StringToSign" {
					if b.Match != "true" {
						t.Errorf("%s: data-match=%s, only StringToSign was changed", b.TestID, b.Match)
					}
					continue
				}
				found = true
				if b.Match != "false" {
					t.Errorf("StringToSign: data-match=%s, want false", b.Match)
				}
				for _, l := range []struct {
					who   string
					shown *shownLine
					full  string
				}{{"ours", b.Ours, sts}, {"server", b.Theirs, clockSTS}} {
					before, rest := splitAt(lineOf(l.full, line), column)
					if l.shown == nil || l.shown.Before != before || l.shown.Mark != rest || !l.shown.MarkLast {
						t.Errorf("%s line at %d:%d shown as %+v, want %q then <mark>%q</mark>", l.who, line, column, l.shown, before, rest)
					}
				}
				if b.FullOurs != sts || b.FullTheirs != clockSTS {
					t.Errorf("full strings shown:\n%q\n%q\nwant\n%q\n%q", b.FullOurs, b.FullTheirs, sts, clockSTS)
				}
			}
			if !found {
				t.Errorf("no [data-testid=diff-StringToSign] block")
			}
			if c.provider == "s3" {
				p.screenshot("diff-panel")
			}

			// A change of the request re-runs the comparison: signed at the
			// server's time, the StringToSign matches.
			at, _ := time.Parse(time.RFC3339, signTime)
			req["time"] = at.Add(off).Format(time.RFC3339)
			p.fill("time", req["time"].(string))
			diffReq := map[string]any{"compose": req, "serverStringToSign": clock}
			if strings.HasPrefix(clock, "<") {
				diffReq = map[string]any{"compose": req, "errorBody": clock}
			}
			want = native(t, "diffSignature", diffReq)
			start := time.Now()
			p.waitText("diff-summary", dig(want, "value", "summary").(string))
			t.Logf("re-compared in %v", time.Since(start))
			matches := map[string]string{}
			for _, cmp := range asList(dig(want, "value", "comparisons")) {
				matches["diff-"+dig(cmp, "name").(string)] = fmt.Sprint(dig(cmp, "match"))
			}
			for _, b := range p.diffBlocks() {
				if b.Match != matches[b.TestID] {
					t.Errorf("signed at the server's time, %s has data-match=%s, native says %s", b.TestID, b.Match, matches[b.TestID])
				}
			}
			if c.provider != "s3" && matches["diff-StringToSign"] != "true" {
				// (S3's also hashes the canonical request, which signs X-Amz-Date.)
				t.Errorf("signed at the server's time, StringToSign still differs")
			}

			// The pasted text is kept nowhere but the textarea.
			_, changed := splitAt(lineOf(clockSTS, line), 1)
			where := evalT[map[string]string](p, `({url: location.href, local: JSON.stringify(Object.assign({}, localStorage)),
				session: JSON.stringify(Object.assign({}, sessionStorage)), cookie: document.cookie})`)
			for k, v := range where {
				if strings.Contains(v, changed) || strings.Contains(v, "E2E0SERVER0PASTE") {
					t.Errorf("the pasted server text is in %s: %q", k, v)
				}
			}

			// An error body without the strings: a message, no crash.
			p.pasteInto("[data-testid=server-error]", "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")
			var msg string
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if msg = p.text("diff-error"); strings.Contains(msg, "AccessDenied") {
					break
				}
			}
			if !strings.Contains(msg, "AccessDenied") || p.text("diff-summary") != "" || len(p.diffBlocks()) != 0 {
				t.Errorf("error body without strings: message %q, summary %q, %d blocks", msg, p.text("diff-summary"), len(p.diffBlocks()))
			}

			// Emptied, the panel clears.
			p.pasteInto("[data-testid=server-error]", "")
			p.waitText("diff-error", "")
			if state := evalT[string](p, `document.querySelector('[data-testid=diff-panel]').dataset.state`); state != "empty" {
				t.Errorf("emptied textarea: panel state %q", state)
			}
		})
	}
}
