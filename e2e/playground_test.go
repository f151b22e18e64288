package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"bucketlab/core/api"
)

// The seed: the rules of QingStor's PUT Bucket CORS API example.
const seed = `{"cors_rules":[{"allowed_origin":"http://*.qingcloud.com","allowed_methods":["PUT","GET","POST","DELETE"],
 "allowed_headers":["x-qs-date","Content-Type","Content-MD5","Authorization"],"max_age_seconds":200,
 "expose_headers":["x-qs-date"]}]}`

// native asks the Go core directly, the oracle for what the page shows.
func native(t *testing.T, op string, req any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(req)
	var out map[string]any
	if err := json.Unmarshal(api.Call(op, b), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func dig(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func TestSeedDocumentComposesLikeTheCore(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.fill("bucket", "docs-bucket")
	p.fill("region", "pek3a")
	p.fill("time", "2026-11-23T10:00:00Z")
	p.paste(seed)
	p.settle(noErrors)

	form := evalT[map[string]string](p, `({
		ak: document.getElementById('access-key-id').value,
		sk: document.getElementById('secret-access-key').value})`)
	want := native(t, "compose", map[string]any{
		"provider": "qingstor", "document": "cors", "source": seed,
		"bucket": "docs-bucket", "region": "pek3a", "time": "2026-11-23T10:00:00Z",
		"credentials": map[string]string{"accessKeyId": form["ak"], "secretAccessKey": form["sk"]},
	})
	wantReq := dig(want, "value", "request").(map[string]any)
	var wantAuth string
	for _, h := range wantReq["headers"].([]any) {
		if hm := h.(map[string]any); hm["name"] == "Authorization" {
			wantAuth = hm["value"].(string)
		}
	}

	// The panels fill in after the lint round trip; poll for the body.
	evalT[bool](p, `new Promise(r => { const f = () => document.querySelector('[data-testid=authorization]')?.textContent ? r(true) : setTimeout(f, 50); f(); })`)
	checks := []struct{ testid, want string }{
		{"wire-body", dig(want, "value", "wire", "body").(string)},
		{"content-md5", dig(want, "value", "contentMD5").(string)},
		{"authorization", wantAuth},
		{"request-http", strings.ReplaceAll(wantReq["http"].(string), "\r\n", "\n")},
		{"curl", wantReq["curl"].(string)},
	}
	for _, c := range checks {
		got := strings.ReplaceAll(p.text(c.testid), "\r\n", "\n")
		if got != c.want {
			t.Errorf("[data-testid=%s] = %q\nwant %q", c.testid, got, c.want)
		}
	}
	if !strings.HasPrefix(wantAuth, "QS "+form["ak"]+":") {
		t.Errorf("Authorization %q is not a QS signature", wantAuth)
	}
	sts := evalT[string](p, `document.querySelector('[data-step=StringToSign]')?.textContent ?? ''`)
	if !strings.HasPrefix(sts, "PUT\n") || !strings.HasSuffix(sts, "/docs-bucket/?cors") {
		t.Errorf("string to sign shown = %q", sts)
	}
	if !strings.Contains(p.text("request-http"), "PUT /?cors HTTP/1.1") {
		t.Errorf("request does not PUT /?cors: %q", p.text("request-http"))
	}
	p.screenshot("playground-qingstor-cors")
}

func TestInvalidDocumentsShowPositionedCodes(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	cases := []struct {
		name, doc, code string
	}{
		{"two stars in an origin", `{"cors_rules":[{"allowed_origin":"http://*.*.qingcloud.com","allowed_methods":["GET"]}]}`, "cors-origin-wildcards"},
		{"unknown method", "{\"cors_rules\":[{\n  \"allowed_origin\":\"*\",\n  \"allowed_methods\":[\"GET\",\"PATCH\"]}]}", "cors-method-unknown"},
		{"missing allowed_methods", "{\"cors_rules\":[\n  {\"allowed_origin\":\"http://*.qingcloud.com\"}]}", "cors-methods-missing"},
		{"broken JSON", "{\"cors_rules\":[{\"allowed_origin\":\"*\"\n \"allowed_methods\":[\"GET\"]}]}", "json-syntax"},
		{"non-ASCII before the error", "{\"cors_rules\":[{\"allowed_origin\":\"https://例子😀.com\",\"allowed_methods\":[\"GTE\"]}]}", "cors-method-unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p.t = t
			want := native(t, "check", map[string]any{"provider": "qingstor", "document": "cors", "source": tc.doc})
			var wantRows []row
			for _, d := range want["diagnostics"].([]any) {
				dm := d.(map[string]any)
				wantRows = append(wantRows, row{Code: dm["code"].(string), Line: int(dm["line"].(float64)), Column: int(dm["column"].(float64))})
			}
			if len(wantRows) == 0 || wantRows[0].Code != tc.code {
				t.Fatalf("native core gives %+v, want %s first", wantRows, tc.code)
			}
			p.paste(tc.doc)
			rows := p.settle(func(rows []row) bool { return len(rows) == len(wantRows) && rows[0].Code == wantRows[0].Code })
			for i, r := range rows {
				if r.Code != wantRows[i].Code || r.Line != wantRows[i].Line || r.Column != wantRows[i].Column {
					t.Errorf("row %d = %s at %d:%d, core says %s at %d:%d", i, r.Code, r.Line, r.Column, wantRows[i].Code, wantRows[i].Line, wantRows[i].Column)
				}
			}
			if p.text("wire-body") != "" && strings.Contains(p.text("wire-body"), "cors_rules") {
				t.Errorf("wire body still shown for an invalid document: %q", p.text("wire-body"))
			}
			// Squiggles: CodeMirror marks the range in the editor.
			if n := evalT[int](p, `document.querySelectorAll('.cm-lintRange-error').length`); n == 0 {
				t.Errorf("no error squiggle in the editor")
			}
		})
	}
}

func TestClickingADiagnosticSelectsItsText(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	doc := "{\"cors_rules\":[{\n  \"allowed_origin\":\"*\",\n  \"allowed_methods\":[\"GET\",\"PATCH\"]}]}"
	p.paste(doc)
	p.settle(func(rows []row) bool { return len(rows) == 1 })
	p.eval(`document.querySelector('[data-testid=diagnostics] li[data-code] button, [data-testid=diagnostics] li[data-code]').click()`)
	sel := evalT[string](p, `new Promise(r => setTimeout(() => r(String(getSelection())), 100))`)
	if sel != `"PATCH"` {
		t.Errorf("selection after clicking the row = %q, want %q", sel, `"PATCH"`)
	}
	if focused := evalT[bool](p, `document.activeElement?.classList.contains('cm-content') === true`); !focused {
		t.Errorf("the editor does not have focus after clicking a diagnostic")
	}
}

func TestSecretStaysInThePageAndNothingLeavesLoopback(t *testing.T) {
	p := newPage(t)
	const secret = "SECRETzq7TestMarker/DoNotLeak+1"
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.fill("secret-access-key", secret)
	p.paste(seed)
	p.settle(noErrors)
	evalT[bool](p, `new Promise(r => { const f = () => document.querySelector('[data-testid=authorization]')?.textContent ? r(true) : setTimeout(f, 50); f(); })`)

	where := evalT[map[string]string](p, `({
		url: location.href,
		local: JSON.stringify(Object.assign({}, localStorage)),
		session: JSON.stringify(Object.assign({}, sessionStorage)),
		cookie: document.cookie})`)
	for k, v := range where {
		if strings.Contains(v, secret) {
			t.Errorf("the secret key is in %s: %q", k, v)
		}
	}
	for _, u := range p.requestURLs() {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			t.Errorf("request left 127.0.0.1: %s", u)
		}
		if strings.Contains(u, secret) {
			t.Errorf("the secret key is in a request: %s", u)
		}
	}
	for _, u := range served.all() {
		if strings.Contains(u, secret) || strings.Contains(u, "DoNotLeak") {
			t.Errorf("the server received the secret: %s", u)
		}
	}
	if len(p.requestURLs()) == 0 {
		t.Errorf("no requests were observed at all; the network watch is broken")
	}
	// The signature was made with it, so it was used, in memory.
	auth := p.text("authorization")
	want := native(t, "compose", map[string]any{
		"provider": "qingstor", "document": "cors", "source": seed,
		"bucket":      evalT[string](p, `document.getElementById('bucket').value`),
		"region":      evalT[string](p, `document.getElementById('region').value`),
		"time":        evalT[string](p, `document.getElementById('time').value`),
		"credentials": map[string]string{"accessKeyId": evalT[string](p, `document.getElementById('access-key-id').value`), "secretAccessKey": secret},
	})
	if !strings.Contains(string(mustJSON(want)), auth) {
		t.Errorf("shown Authorization %q was not made with the typed secret", auth)
	}
}

func TestCoreAPIForEmbedders(t *testing.T) {
	p := newPage(t)
	src := "{\"cors_rules\":[{\"allowed_origin\":\"中文😀**\",\"allowed_methods\":[\"GET\"]}]}"
	got := evalT[map[string]any](p, `window.bucketlab.call('check', {provider: 'qingstor', document: 'cors', source: `+quote(src)+`})`)
	want := native(t, "check", map[string]any{"provider": "qingstor", "document": "cors", "source": src})
	if string(mustJSON(got["diagnostics"])) != string(mustJSON(want["diagnostics"])) {
		t.Errorf("in-page diagnostics %s\nnative %s", mustJSON(got["diagnostics"]), mustJSON(want["diagnostics"]))
	}
	bad := evalT[map[string]any](p, `window.bucketlab.call('check', {provider: 'nope', document: 'cors', source: ''})`)
	if dig(bad, "error", "code") != "bad-request" {
		t.Errorf("bad provider answered %v", bad)
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
