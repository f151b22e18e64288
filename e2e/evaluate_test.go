package e2e

import (
	"strings"
	"testing"
	"time"
)

// evaluateState is what the policy decision panel shows.
type evaluateState struct {
	Hidden     bool   `json:"hidden"`
	State      string `json:"state"`
	Decision   string `json:"decision"`
	Evaluated  string `json:"evaluated"`
	Text       string `json:"text"`
	Statement  string `json:"statement"`
	Summary    string `json:"summary"`
	Button     bool   `json:"button"`
	Error      string `json:"error"`
	Statements []struct {
		Index     string `json:"index"`
		Matched   string `json:"matched"`
		Evaluated string `json:"evaluated"`
		Decides   string `json:"decides"`
		// Parts are the reasons as part+ (matches) or part- (does not).
		Parts string `json:"parts"`
	} `json:"statements"`
}

const readEvaluate = `(() => {
	const s = document.querySelector('[data-testid=evaluate-panel]');
	const q = (id) => s.querySelector('[data-testid=' + id + ']');
	const d = q('evaluate-decision'), st = q('evaluate-statement'), err = q('evaluate-error');
	return {
		hidden: s.hidden, state: s.dataset.state || '',
		decision: d?.dataset.decision || '', evaluated: d?.dataset.evaluated || '', text: d?.textContent || '',
		statement: st?.dataset.statement || '', summary: st?.querySelector('.ev-summary')?.textContent || '',
		button: !!q('evaluate-statement-select'),
		error: err && !err.hidden ? err.textContent : '',
		statements: Array.from(s.querySelectorAll('ul[data-testid=evaluate-statements] > li[data-index]')).map(li => ({
			index: li.dataset.index, matched: li.dataset.matched, evaluated: li.dataset.evaluated, decides: li.dataset.decides,
			parts: Array.from(li.querySelectorAll('li[data-part]')).map(x => x.dataset.part + (x.dataset.matched === 'true' ? '+' : '-')).join(',')})),
	};
})()`

// waitEvaluate polls until the panel is shown, idle, and want holds.
func waitEvaluate(p *tab, want func(evaluateState) bool) evaluateState {
	p.t.Helper()
	var last evaluateState
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		last = evalT[evaluateState](p, readEvaluate)
		if !last.Hidden && last.State == "idle" && want(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the policy decision panel did not settle; last seen %+v", last)
	return last
}

func decided(decision, statement string) func(evaluateState) bool {
	return func(s evaluateState) bool { return s.Decision == decision && s.Statement == statement && s.Error == "" }
}

// evaluateCase is one provider's walk through the panel.
type evaluateCase struct {
	provider string
	// the defaults the panel offers, which the page's sample policy allows
	principal, action, resource string
	// an action the sample does not allow
	otherAction string
	// a policy with a deny, the statement that denies (written on one line), and what
	// (context) makes it deny; then a context under which it allows, and by which statement
	denyDoc, denyStatement, denyIndex, denyContext string
	allowContext, allowIndex                       string
}

func runEvaluate(t *testing.T, c evaluateCase) {
	p := newPage(t)
	p.choose("provider", c.provider)
	p.choose("document", "policy")

	// An allow: the defaults against the sample policy.
	s := waitEvaluate(p, decided("allow", "0"))
	got := evalT[map[string]string](p, `({principal: document.getElementById('evaluate-principal').value,
		action: document.getElementById('evaluate-action').value, resource: document.getElementById('evaluate-resource').value,
		context: document.getElementById('evaluate-context').value,
		labels: Array.from(document.querySelectorAll('#evaluate-panel label')).map(l => l.htmlFor).join(',')})`)
	if got["principal"] != c.principal || got["action"] != c.action || got["resource"] != c.resource {
		t.Errorf("defaults %v, want %s %s %s", got, c.principal, c.action, c.resource)
	}
	if got["labels"] != "evaluate-principal,evaluate-action,evaluate-resource,evaluate-context" {
		t.Errorf("labelled inputs: %s", got["labels"])
	}
	if !s.Button || len(s.Statements) != 1 || s.Statements[0].Matched != "true" || s.Statements[0].Decides != "true" ||
		!strings.HasPrefix(s.Statements[0].Parts, "principal+,action+,resource+") {
		t.Errorf("allow: %+v", s)
	}
	// The page shows what the core says.
	source := p.editorText()
	want := native(t, "evaluate", map[string]any{"provider": c.provider, "source": source, "principal": c.principal,
		"action": c.action, "resource": c.resource, "context": contextOf(got["context"])})
	if sum, _ := dig(want, "value", "summary").(string); s.Summary != sum || s.Text != "allowed" {
		t.Errorf("panel says %q / %q, the core %q", s.Text, s.Summary, sum)
	}

	// An implicit deny: an action the sample does not grant.
	p.fill("evaluate-action", c.otherAction)
	s = waitEvaluate(p, decided("implicit-deny", "-1"))
	if s.Button || s.Statements[0].Matched != "false" || !strings.Contains(s.Statements[0].Parts, "action-") {
		t.Errorf("implicit deny: %+v", s)
	}
	p.fill("evaluate-action", c.action)
	waitEvaluate(p, decided("allow", "0"))

	// An explicit deny: the document edited, and the context the deny tests.
	p.paste(c.denyDoc)
	p.fill("evaluate-context", c.denyContext)
	s = waitEvaluate(p, decided("explicit-deny", c.denyIndex))
	if s.Text != "explicitly denied" || !s.Button {
		t.Errorf("explicit deny: %+v", s)
	}
	for _, st := range s.Statements {
		if (st.Index == c.denyIndex) != (st.Decides == "true") {
			t.Errorf("statement %s decides=%s", st.Index, st.Decides)
		}
	}
	// The button selects the deciding statement in the editor.
	p.eval(`document.querySelector('[data-testid=evaluate-statement-select]').click()`)
	var sel string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if sel = evalT[string](p, `window.getSelection().toString()`); sel != "" {
			break
		}
	}
	if sel != c.denyStatement {
		t.Errorf("the highlight button selected %q, want %q", sel, c.denyStatement)
	}

	// The context decides: another value, another answer.
	p.fill("evaluate-context", c.allowContext)
	waitEvaluate(p, decided("allow", c.allowIndex))

	// A request without a principal is refused with what to write.
	p.fill("evaluate-principal", "")
	s = waitEvaluate(p, func(s evaluateState) bool { return s.Error != "" })
	if !strings.Contains(s.Error, "bad-request") || !strings.Contains(s.Error, `"*" for an anonymous caller`) || s.Decision != "" {
		t.Errorf("empty principal: %+v", s)
	}

	// Only policies are evaluated.
	p.choose("document", "cors")
	if hidden := evalT[bool](p, `new Promise(r => { const t0 = Date.now(); const f = () => { const h = document.querySelector('[data-testid=evaluate-panel]').hidden; h || Date.now() - t0 > 5000 ? r(h) : setTimeout(f, 50); }; f(); })`); !hidden {
		t.Errorf("the panel is shown for a CORS document")
	}
}

// contextOf reads the context textarea as the panel does (key=value per line).
func contextOf(text string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(k) != "" {
			out[strings.TrimSpace(k)] = append(out[strings.TrimSpace(k)], strings.TrimSpace(v))
		}
	}
	return out
}

func TestEvaluateS3(t *testing.T) {
	deny := `{"Sid":"TLSOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::examplebucket/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	runEvaluate(t, evaluateCase{
		provider: "s3", principal: "*", action: "s3:GetObject", resource: "arn:aws:s3:::examplebucket/photo.jpg",
		otherAction: "s3:PutObject",
		denyDoc: `{"Version":"2012-10-17","Statement":[
{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/*"},
` + deny + `]}`,
		denyStatement: deny, denyIndex: "1", denyContext: "aws:SecureTransport=false\naws:SourceIp=192.0.2.10",
		allowContext: "aws:SecureTransport=true", allowIndex: "0",
	})
}

func TestEvaluateCOS(t *testing.T) {
	deny := `{"principal":{"qcs":["qcs::cam::anyone:anyone"]},"effect":"deny","action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"],"condition":{"ip_not_equal":{"qcs:ip":["192.0.2.0/24"]}}}`
	runEvaluate(t, evaluateCase{
		provider: "cos", principal: "*", action: "name/cos:GetObject",
		resource: "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/photo.jpg", otherAction: "name/cos:PutObject",
		denyDoc: `{"version":"2.0","statement":[
{"principal":{"qcs":["qcs::cam::anyone:anyone"]},"effect":"allow","action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]},
` + deny + `]}`,
		denyStatement: deny, denyIndex: "1", denyContext: "qcs:ip=203.0.113.7",
		allowContext: "qcs:ip=192.0.2.10", allowIndex: "0",
	})
}

func TestEvaluateQingStor(t *testing.T) {
	// First match: the deny comes first, so it decides whenever it matches.
	deny := `{"id":"office only","user":"*","action":"get_object","effect":"deny","resource":["mybucket/*"],"condition":{"not_ip_address":{"source_ip":["192.0.2.0/24"]}}}`
	runEvaluate(t, evaluateCase{
		provider: "qingstor", principal: "*", action: "get_object", resource: "mybucket/photo.jpg", otherAction: "create_object",
		denyDoc: `{"statement":[
` + deny + `,
{"id":"read","user":"*","action":"get_object","effect":"allow","resource":["mybucket/*"]}]}`,
		denyStatement: deny, denyIndex: "0", denyContext: "source_ip=198.51.100.1\nReferer=https://www.example.com/",
		allowContext: "source_ip=192.0.2.10", allowIndex: "1",
	})
}
