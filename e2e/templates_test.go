package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The templates gallery: for the current provider and document it lists the core's templates;
// choosing one loads it (switching the format when it is not the native one) and it checks
// without an error.

func coreTemplates(t *testing.T, provider, document string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	list, _ := dig(native(t, "templates", map[string]string{"provider": provider, "document": document}), "value", "templates").([]any)
	for _, x := range list {
		m := x.(map[string]any)
		out[m["id"].(string)] = m
	}
	if len(out) < 3 {
		t.Fatalf("%s %s: %d templates from the core", provider, document, len(out))
	}
	return out
}

func TestTemplatesRoundTrip(t *testing.T) {
	p := newPage(t)
	open := `document.querySelector('[data-testid=templates-dialog]')?.open === true`
	cases := []struct{ provider, document, id, format string }{
		{"s3", "policy", "s3-policy-ip-allow-list", ""},
		{"s3", "cors", "s3-cors-console-browser-upload", "json"},
		{"s3", "acl", "s3-acl-grant-read", "headers"},
		{"cos", "cors", "cos-cors-browser-upload", ""},
		{"cos", "policy", "cos-policy-cross-account-read", ""},
		{"qingstor", "acl", "qingstor-acl-team-full-control", ""},
	}
	for _, c := range cases {
		p.choose("provider", c.provider)
		p.choose("document", c.document)
		want := coreTemplates(t, c.provider, c.document)
		p.clickID("templates-button")
		p.poll(open + ` && !!document.querySelector('[data-testid^=template-]')`)
		listed := evalT[[]string](p, `[...document.querySelectorAll('[data-testid=templates-dialog] [data-testid^=template-]')].map(b => b.dataset.testid)`)
		if len(listed) != len(want) {
			t.Errorf("%s %s: the gallery lists %v, the core has %d", c.provider, c.document, listed, len(want))
		}
		for _, id := range listed {
			if want[strings.TrimPrefix(id, "template-")] == nil {
				t.Errorf("%s %s: the gallery lists %s, which is not the core's", c.provider, c.document, id)
			}
		}
		p.clickID("template-" + c.id)
		p.poll(`!(` + open + `)`)
		p.waitEditor(want[c.id]["source"].(string))
		if got := evalT[string](p, `document.getElementById('format').value`); got != c.format {
			t.Errorf("%s: format select %q, want %q", c.id, got, c.format)
		}
		if rows := p.settle(noErrors); len(rows) != 0 {
			t.Errorf("%s: diagnostics %+v, want none", c.id, rows)
		}
	}

	// Shift-Alt-T opens the gallery from the editor; Escape closes it and the text stays.
	before := p.editorText()
	p.eval(`document.querySelector('.cm-content').focus()`)
	p.key("T", chromedp.ModifierShift, chromedp.ModifierAlt)
	p.poll(open)
	p.key("\u001b")
	p.poll(`!(` + open + `)`)
	if p.editorText() != before {
		t.Errorf("closing the gallery changed the text")
	}
}
