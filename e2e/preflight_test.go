package e2e

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// preflightState is what the CORS preflight panel shows.
type preflightState struct {
	Hidden   bool   `json:"hidden"`
	State    string `json:"state"`
	Allowed  string `json:"allowed"`
	Verdict  string `json:"verdict"`
	Rule     string `json:"rule"`
	Response string `json:"response"`
	Browser  string `json:"browser"`
	Error    string `json:"error"`
	Rules    []struct {
		Rule    string `json:"rule"`
		Matched string `json:"matched"`
		Parts   string `json:"parts"`
	} `json:"rules"`
}

const readPreflight = `(() => {
	const s = document.querySelector('[data-testid=preflight-panel]');
	const q = (id) => s.querySelector('[data-testid=' + id + ']');
	return {
		hidden: s.hidden, state: s.dataset.state || '',
		allowed: q('preflight-verdict')?.dataset.allowed || '', verdict: q('preflight-verdict')?.textContent || '',
		rule: q('preflight-rule')?.dataset.rule || '', response: q('preflight-response')?.textContent || '',
		browser: q('preflight-browser')?.textContent || '', error: q('preflight-error')?.hidden ? '' : (q('preflight-error')?.textContent || ''),
		rules: Array.from(s.querySelectorAll('[data-testid=preflight-reasons] > li[data-rule]')).map(li => ({
			rule: li.dataset.rule, matched: li.dataset.matched,
			parts: Array.from(li.querySelectorAll('li[data-part]')).map(x => x.dataset.part).join(',')})),
	};
})()`

// waitPreflight polls until the panel is idle and want holds.
func waitPreflight(p *tab, want func(preflightState) bool) preflightState {
	p.t.Helper()
	var last preflightState
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		last = evalT[preflightState](p, readPreflight)
		if !last.Hidden && last.State == "idle" && want(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the preflight panel did not settle; last seen %+v", last)
	return last
}

func (p *tab) check(id string, on bool) {
	p.t.Helper()
	v := "false"
	if on {
		v = "true"
	}
	p.eval(`(() => { const c = document.getElementById(` + quote(id) + `); if (c.checked !== ` + v + `) c.click(); })()`)
}

// editorSelection is the text selected in the editor.
func (p *tab) editorSelection() string {
	return evalT[string](p, `window.getSelection().toString()`)
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestPreflightPanel(t *testing.T) {
	p := newPage(t)
	// The panel builds its own labelled inputs with the documented defaults.
	defaults := evalT[map[string]any](p, `({
		origin: document.getElementById('preflight-origin').value,
		method: document.getElementById('preflight-method').value,
		methods: Array.from(document.getElementById('preflight-method').options).map(o => o.value).join(','),
		headers: document.getElementById('preflight-headers').value,
		credentials: document.getElementById('preflight-credentials').checked,
		actual: document.getElementById('preflight-actual').checked,
		labels: ['preflight-origin','preflight-method','preflight-headers','preflight-credentials','preflight-actual']
			.every(id => { const l = document.querySelector('label[for=' + id + ']'); return l && l.textContent.trim() !== '' && l.getClientRects().length > 0; }),
	})`)
	if defaults["origin"] != "http://docs.qingcloud.com" || defaults["method"] != "PUT" || defaults["methods"] != "GET,PUT,POST,DELETE,HEAD" ||
		defaults["headers"] != "Content-Type" || defaults["credentials"] != false || defaults["actual"] != false || defaults["labels"] != true {
		t.Fatalf("defaults %+v", defaults)
	}

	for _, c := range []struct {
		provider string
		hit      map[string]string // inputs for a hit
		header   string            // one line of the answer
		miss     map[string]string
		missPart string // why rule 0 misses
	}{
		{"qingstor", map[string]string{}, "Access-Control-Allow-Origin: http://docs.qingcloud.com",
			map[string]string{"preflight-origin": "https://docs.qingcloud.com"}, "origin"},
		{"cos", map[string]string{"preflight-origin": "https://www.example.com"}, "Access-Control-Allow-Methods: PUT,GET",
			map[string]string{"preflight-method": "DELETE"}, "method"},
		{"s3", map[string]string{"preflight-origin": "https://www.example.com", "preflight-method": "POST"}, "Access-Control-Allow-Methods: PUT, POST",
			map[string]string{"preflight-headers": "Content-Type, x-amz-date", "preflight-origin": "https://www.example.com/"}, ""},
	} {
		t.Run(c.provider, func(t *testing.T) {
			p.t = t
			p.choose("provider", c.provider)
			p.choose("document", "cors")
			set := func(m map[string]string) {
				for id, v := range m {
					if id == "preflight-method" {
						p.choose(id, v)
					} else {
						p.fill(id, v)
					}
				}
			}
			p.fill("preflight-origin", "http://docs.qingcloud.com")
			p.choose("preflight-method", "PUT")
			p.fill("preflight-headers", "Content-Type")
			set(c.hit)

			hit := waitPreflight(p, func(s preflightState) bool { return s.Allowed == "true" && strings.Contains(s.Response, c.header) })
			if hit.Rule != "0" || len(hit.Rules) != 1 || hit.Rules[0].Matched != "true" || !strings.HasPrefix(hit.Response, "HTTP/1.1 200 OK") {
				t.Errorf("hit: %+v", hit)
			}
			if !strings.Contains(hit.Browser, "The preflight passes") {
				t.Errorf("browser: %q", hit.Browser)
			}

			// The rule button selects the rule, as the core locates it in the editor's text.
			src := p.editorText()
			state := evalT[map[string]any](p, `({provider: document.getElementById('provider').value})`)
			req := map[string]any{"provider": state["provider"], "source": src, "origin": "https://www.example.com", "method": "PUT", "requestHeaders": []string{"Content-Type"}}
			for id, v := range c.hit {
				req[map[string]string{"preflight-origin": "origin", "preflight-method": "method"}[id]] = v
			}
			if c.provider == "qingstor" {
				req["origin"] = "http://docs.qingcloud.com"
			}
			want := native(t, "preflight", req)
			from, to := int(dig(want, "value", "ruleFrom").(float64)), int(dig(want, "value", "ruleTo").(float64))
			units := utf16.Encode([]rune(src))
			wantText := string(utf16.Decode(units[from:to]))
			p.eval(`document.querySelector('[data-testid=preflight-rule-select]').click()`)
			if got := p.editorSelection(); squash(got) != squash(wantText) || got == "" {
				t.Errorf("selection %q; want the rule %q", got, wantText)
			}

			set(c.miss)
			miss := waitPreflight(p, func(s preflightState) bool { return s.Allowed == "false" })
			if c.missPart != "" {
				if miss.Rule != "-1" || len(miss.Rules) != 1 || miss.Rules[0].Matched != "false" || !strings.Contains(miss.Rules[0].Parts, c.missPart) {
					t.Errorf("miss: %+v", miss)
				}
				if !strings.Contains(miss.Browser, "network error") {
					t.Errorf("browser: %q", miss.Browser)
				}
			} else if !strings.Contains(miss.Error, "bad-request") || !strings.Contains(miss.Error, `write "https://www.example.com"`) {
				// A trailing slash is no origin a browser sends: the panel says what to write.
				t.Errorf("bad origin: %+v", miss)
			}
		})
	}
	p.t = t

	// Only a CORS document has a preflight.
	p.choose("document", "policy")
	evalT[bool](p, `new Promise(r => { const f = () => document.querySelector('[data-testid=preflight-panel]').hidden ? r(true) : setTimeout(f, 50); f(); })`)
	p.choose("document", "cors")
	waitPreflight(p, func(s preflightState) bool { return s.Verdict != "" })

	// Credentials against the S3 sample's named origin, then the actual request.
	p.choose("provider", "s3")
	p.fill("preflight-origin", "https://www.example.com")
	p.fill("preflight-headers", "Content-Type")
	p.choose("preflight-method", "PUT")
	p.check("preflight-credentials", true)
	cred := waitPreflight(p, func(s preflightState) bool {
		return s.Allowed == "true" && strings.Contains(s.Response, "Access-Control-Allow-Credentials: true")
	})
	p.check("preflight-actual", true)
	actual := waitPreflight(p, func(s preflightState) bool { return strings.Contains(s.Response, "the operation's own status") })
	if actual.Allowed != "true" || !strings.Contains(actual.Browser, "hands the response to the script") {
		t.Errorf("actual: %+v (preflight: %+v)", actual, cred)
	}
	p.screenshot("preflight")
}
