package e2e

import (
	"strings"
	"testing"
	"time"
)

// convertState is what the conversion panel shows.
type convertState struct {
	Hidden   bool   `json:"hidden"`
	State    string `json:"state"`
	Provider string `json:"provider"`
	Format   string `json:"format"`
	Formats  string `json:"formats"`
	Output   string `json:"output"`
	OK       string `json:"ok"`
	Check    string `json:"check"`
	Open     bool   `json:"open"`
	Rows     []struct {
		Code     string `json:"code"`
		Severity string `json:"severity"`
		Text     string `json:"text"`
	} `json:"rows"`
}

const readConvert = `(() => {
	const s = document.querySelector('[data-testid=convert-panel]');
	const q = (id) => s.querySelector('[data-testid=' + id + ']');
	return {
		hidden: s.hidden, state: s.dataset.state || '',
		provider: q('convert-provider')?.value || '', format: q('convert-format')?.value || '',
		formats: Array.from(q('convert-format')?.options || []).map(o => o.value).join(','),
		output: q('convert-output')?.textContent || '',
		ok: q('convert-check')?.dataset.ok || '', check: q('convert-check')?.textContent || '',
		open: !(q('convert-open')?.disabled ?? true),
		rows: Array.from(s.querySelectorAll('[data-testid=convert-diagnostics] li[data-code]')).map(li => ({
			code: li.dataset.code, severity: li.dataset.severity, text: li.textContent})),
	};
})()`

// waitConvert polls until the panel is idle and want holds.
func waitConvert(p *tab, want func(convertState) bool) convertState {
	p.t.Helper()
	var last convertState
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		last = evalT[convertState](p, readConvert)
		if !last.Hidden && last.State == "idle" && want(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the convert panel did not settle; last seen %+v", last)
	return last
}

func (s convertState) has(code, severity string) bool {
	for _, r := range s.Rows {
		if r.Code == code && r.Severity == severity {
			return true
		}
	}
	return false
}

// pageIs waits until the page edits provider/document/format with text.
func (p *tab) pageIs(provider, document, text string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		got := evalT[map[string]string](p, `({provider: document.getElementById('provider').value, document: document.getElementById('document').value})`)
		if got["provider"] == provider && got["document"] == document && p.editorText() == text {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the page does not edit the converted %s %s; editor holds %q", provider, document, p.editorText())
}

// preflightAllowed runs the preflight panel (when the build has it) for a
// PUT with Content-Type from http://docs.qingcloud.com and reports whether
// the verdict says allowed; ok is false when there is no such panel.
func (p *tab) preflightAllowed() (allowed, ok bool) {
	p.t.Helper()
	if !evalT[bool](p, `!!document.getElementById('preflight-origin')`) {
		return false, false
	}
	p.fill("preflight-origin", "http://docs.qingcloud.com")
	p.choose("preflight-method", "PUT")
	p.fill("preflight-headers", "Content-Type")
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		v := evalT[map[string]string](p, `(() => {
			const s = document.querySelector('[data-testid=preflight-panel]');
			const v = s?.querySelector('[data-testid=preflight-verdict]');
			return {state: s && !s.hidden ? (s.dataset.state || '') : 'hidden', allowed: v?.dataset.allowed || '', text: v?.textContent || ''};
		})()`)
		if v["state"] == "idle" && v["allowed"] != "" {
			return v["allowed"] == "true", true
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the preflight panel did not settle")
	return false, true
}

// TestConvertSeedToCOSAndS3 is the acceptance scenario: the page's QingStor
// CORS seed, converted to COS and to S3 and opened in the editor, checks
// without errors there, and (with the preflight panel) a PUT with
// Content-Type from http://docs.qingcloud.com is allowed on all three.
func TestConvertSeedToCOSAndS3(t *testing.T) {
	p := newPage(t)
	p.settle(noErrors)
	seed := p.editorText()
	if !strings.Contains(seed, "cors_rules") {
		t.Fatalf("the page does not start on the QingStor CORS seed: %q", seed)
	}
	if allowed, ok := p.preflightAllowed(); ok && !allowed {
		t.Errorf("QingStor: the preflight is not allowed")
	}

	for _, to := range []string{"cos", "s3"} {
		p.choose("provider", "qingstor")
		p.pageIs("qingstor", "cors", seed)
		p.choose("convert-provider", to)
		want := native(t, "convert", map[string]any{"provider": "qingstor", "document": "cors", "source": seed, "to": map[string]string{"provider": to}})
		wantOut := dig(want, "value", "source").(string)
		s := waitConvert(p, func(s convertState) bool { return s.Provider == to && s.Output == wantOut })
		if s.Formats != "xml" && to == "cos" {
			t.Errorf("COS CORS formats offered %q, want xml only", s.Formats)
		}
		if to == "s3" && s.Formats != "xml,json" {
			t.Errorf("S3 CORS formats offered %q, want xml,json", s.Formats)
		}
		if s.OK != "true" || !s.Open {
			t.Errorf("to %s: check %q (%s), open enabled %v", to, s.OK, s.Check, s.Open)
		}
		for _, r := range s.Rows {
			if r.Severity == "error" {
				t.Errorf("to %s: conversion error %s", to, r.Text)
			}
		}

		p.eval(`document.querySelector('[data-testid=convert-open]').click()`)
		p.pageIs(to, "cors", wantOut)
		p.settle(noErrors)
		if body := p.text("wire-body"); !strings.Contains(body, "<CORSConfiguration") {
			t.Errorf("to %s: the page shows no wire body for the opened document: %q", to, body)
		}
		if allowed, ok := p.preflightAllowed(); ok && !allowed {
			t.Errorf("%s: the preflight of the converted document is not allowed", to)
		}
		p.screenshot("convert-cors-" + to)
	}
}

// TestConvertCannedACLToGrants: S3's canned header form to the XML body,
// which names the owner.
func TestConvertCannedACLToGrants(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "acl")
	p.choose("format", "headers")
	p.paste("x-amz-acl: public-read")
	p.settle(noErrors)
	p.choose("convert-provider", "s3")
	p.choose("convert-format", "xml")

	// Without the owner the body cannot be written: an error says so.
	s := waitConvert(p, func(s convertState) bool { return s.has("convert-owner-missing", "error") })
	if s.OK != "false" {
		t.Errorf("the output without an owner passes the check: %q", s.Check)
	}
	const owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
	p.fill("convert-owner", owner)
	s = waitConvert(p, func(s convertState) bool { return s.OK == "true" && s.has("convert-acl-canned-expanded", "info") })
	for _, want := range []string{"<ID>" + owner + "</ID>", "FULL_CONTROL", "http://acs.amazonaws.com/groups/global/AllUsers", "<Permission>READ</Permission>"} {
		if !strings.Contains(s.Output, want) {
			t.Errorf("the body lacks %q:\n%s", want, s.Output)
		}
	}
	p.eval(`document.querySelector('[data-testid=convert-open]').click()`)
	p.pageIs("s3", "acl", s.Output)
	p.settle(noErrors)
	if f := evalT[string](p, `document.getElementById('format').value`); f != "" && f != "xml" {
		t.Errorf("the page's format is %q after opening the body", f)
	}
}

// TestConvertPolicyS3ToCOS: a condition COS has no counterpart for is a
// row whose button selects the condition in the source.
func TestConvertPolicyS3ToCOS(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "policy")
	src := `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["s3:GetObject"],
            "Resource": "arn:aws:s3:::examplebucket/shared/*",
            "Condition": {"StringEquals": {"aws:UserAgent": "partner-sync"}, "IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}
        }
    ]
}`
	p.paste(src)
	p.settle(noErrors)
	p.choose("convert-provider", "cos")
	p.fill("convert-appid", "1250000000")
	p.fill("convert-region", "ap-guangzhou")
	want := native(t, "convert", map[string]any{"provider": "s3", "document": "policy", "source": src,
		"to": map[string]string{"provider": "cos", "format": "json"}, "appid": "1250000000", "region": "ap-guangzhou"})
	wantOut := dig(want, "value", "source").(string)
	s := waitConvert(p, func(s convertState) bool { return s.Output == wantOut })
	if !s.has("convert-policy-condition-unsupported", "error") {
		t.Fatalf("no row for the condition COS lacks: %+v", s.Rows)
	}
	for _, w := range []string{`"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/shared/*"`, `"name/cos:GetObject"`, `"qcs:ip"`} {
		if !strings.Contains(s.Output, w) {
			t.Errorf("the COS policy lacks %s:\n%s", w, s.Output)
		}
	}
	p.eval(`document.querySelector('[data-testid=convert-diagnostics] li[data-code="convert-policy-condition-unsupported"] button').click()`)
	sel := evalT[string](p, `new Promise(r => setTimeout(() => r(String(getSelection())), 100))`)
	if sel != `"aws:UserAgent"` {
		t.Errorf("the row selects %q in the editor, want the source's condition key", sel)
	}
	p.screenshot("convert-policy-s3-cos")
}
