package e2e

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The editor's tools (web/src/editor): completion and hover from the core's catalogue, quick
// fixes from its suggestions, format/minify, and the shortcuts sheet.

// typeKeys types text as key events at the cursor, as a person does.
func (p *tab) typeKeys(text string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent(text)); err != nil {
		p.t.Fatal(err)
	}
}

// enter presses Enter as a key without text: CodeMirror handles its keydown (accepting a
// completion); a key event with text would also insert a line break.
func (p *tab) enter() {
	p.t.Helper()
	err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *tab) key(k string, mods ...chromedp.Modifier) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...))); err != nil {
		p.t.Fatal(err)
	}
}

func (p *tab) clickID(testid string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(`[data-testid="`+testid+`"]`))); err != nil {
		p.t.Fatalf("click %s: %v", testid, err)
	}
}

// poll waits until the JS expression is truthy.
func (p *tab) poll(js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		p.t.Fatalf("waiting for %s: %v", js, err)
	}
}

// waitEditor waits until the editor holds want.
func (p *tab) waitEditor(want string) {
	p.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		if got = p.editorText(); got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the editor holds\n%s\nwant\n%s", got, want)
}

func withCode(code string) func([]row) bool {
	return func(rows []row) bool {
		for _, r := range rows {
			if r.Code == code {
				return true
			}
		}
		return false
	}
}

func TestEditorCompletion(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "policy")
	p.paste("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": \"*\",\n    \"Resource\": \"arn:aws:s3:::examplebucket/*\",\n    \"Action\": \"")
	p.typeKeys("s3:GetOb")
	p.poll(`[...document.querySelectorAll('.cm-tooltip-autocomplete li')].some(li => li.textContent.startsWith('s3:GetObject'))`)
	selected := evalT[string](p, `document.querySelector('.cm-tooltip-autocomplete li[aria-selected]')?.textContent ?? ''`)
	if !strings.HasPrefix(selected, "s3:GetObject") {
		t.Fatalf("selected completion %q, want s3:GetObject first", selected)
	}
	// CodeMirror ignores Enter for interactionDelay (75 ms) after the list opens or
	// updates, so a fast test would insert a line break instead; a person never notices.
	time.Sleep(200 * time.Millisecond)
	p.enter()
	p.poll(`!document.querySelector('.cm-tooltip-autocomplete')`)
	if text := p.editorText(); !strings.HasSuffix(text, `"Action": "s3:GetObject`) {
		t.Fatalf("after accepting: %q", text)
	}
	p.typeKeys("\"}]}")
	p.settle(noErrors)

	// Keys: inside a new key's quotes the statement's keys are offered.
	p.paste("{\n  \"Statement\": [{\n    \"Eff")
	p.key(" ", chromedp.ModifierCtrl)
	p.poll(`[...document.querySelectorAll('.cm-tooltip-autocomplete li')].some(li => li.textContent.startsWith('Effect'))`)

	// XML: element names of the open element.
	p.choose("document", "cors")
	p.paste("<CORSConfiguration>\n  <CORSRule>\n    <Allowed")
	p.key(" ", chromedp.ModifierCtrl)
	p.poll(`(() => { const l = [...document.querySelectorAll('.cm-tooltip-autocomplete li')].map(li => li.textContent); return l.some(t => t.startsWith('AllowedMethod')) && l.some(t => t.startsWith('AllowedOrigin')); })()`)
}

func TestEditorHover(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "policy") // the sample allows s3:GetObject
	p.settle(noErrors)
	hoverText := func(word string) string {
		t.Helper()
		pt := evalT[map[string]float64](p, `(() => {
			const walker = document.createTreeWalker(document.querySelector('.cm-content'), NodeFilter.SHOW_TEXT);
			for (let n; (n = walker.nextNode()); ) {
				const i = n.data.indexOf(`+quote(word)+`);
				if (i < 0) continue;
				const r = document.createRange();
				r.setStart(n, i + 2); r.setEnd(n, i + 3);
				const b = r.getBoundingClientRect();
				return {x: b.left + b.width / 2, y: b.top + b.height / 2};
			}
			return null;
		})()`)
		if pt == nil {
			t.Fatalf("no %q in the editor", word)
		}
		err := chromedp.Do(p.ctx,
			chromedp.MouseEvent(chromedp.MouseMoved, pt["x"]-3, pt["y"]),
			chromedp.MouseEvent(chromedp.MouseMoved, pt["x"], pt["y"]),
		)
		if err != nil {
			t.Fatal(err)
		}
		p.poll(`!!document.querySelector('[data-testid=hover]')`)
		text := p.text("hover")
		// Move away so the next hover starts afresh.
		chromedp.Do(p.ctx, chromedp.MouseEvent(chromedp.MouseMoved, 1, 1))
		p.poll(`!document.querySelector('[data-testid=hover]')`)
		return text
	}
	if got := hoverText("s3:GetObject"); !strings.Contains(got, "action") || !strings.Contains(got, "s3:GetObject") || !strings.Contains(got, "read · object") {
		t.Errorf("hover over the action: %q", got)
	}
	if got := hoverText("Principal"); !strings.Contains(got, "Principal") || !strings.Contains(got, "in a statement") {
		t.Errorf("hover over a key: %q", got)
	}
}

// A policy pasted from a blog: a // comment, a trailing comma, typographic quotes.
const pastedExample = `{
  // Public read for the website
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": “PublicRead”,
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::examplebucket/*"],
    }
  ]
}`

const repairedExample = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::examplebucket/*"]
    }
  ]
}`

func TestEditorRepairAll(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "s3")
	p.choose("document", "policy")
	p.paste(pastedExample)
	rows := p.settle(func(rows []row) bool {
		return withCode("json-comment")(rows) && withCode("json-trailing-comma")(rows) && withCode("json-smart-quotes")(rows)
	})
	if len(rows) != 3 {
		t.Errorf("diagnostics %+v, want the three slips only", rows)
	}
	p.clickID("repair-all")
	p.waitEditor(repairedExample)
	p.settle(func(rows []row) bool { return len(rows) == 0 })
	if s := p.text("editor-status"); !strings.Contains(s, "3") {
		t.Errorf("status %q", s)
	}
	// One undo brings the paste back.
	p.eval(`document.querySelector('.cm-content').focus()`)
	p.key("z", chromedp.ModifierCtrl)
	p.waitEditor(pastedExample)

	// XML: renaming an element renames its end tag too, so the fix keeps the text well-formed.
	p.choose("document", "cors")
	p.paste("<CORSConfiguration>\n  <CORSRule>\n    <allowedorigin>https://www.example.com</allowedorigin>\n    <AllowedMethods>GET</AllowedMethods>\n  </CORSRule>\n</CORSConfiguration>")
	p.settle(func(rows []row) bool {
		return withCode("xml-element-case")(rows) && withCode("xml-unknown-element")(rows)
	})
	p.clickID("repair-all")
	p.waitEditor("<CORSConfiguration>\n  <CORSRule>\n    <AllowedOrigin>https://www.example.com</AllowedOrigin>\n    <AllowedMethod>GET</AllowedMethod>\n  </CORSRule>\n</CORSConfiguration>")
	p.settle(func(rows []row) bool { return len(rows) == 0 })
}

func TestEditorQuickFix(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(`{"cors_rules": [{"allowed_origin": "*", "allowed_methods": ["GET",]}]}`)
	p.settle(withCode("json-trailing-comma"))
	// The lint panel (Mod-Shift-M) lists the problem with its fix as a button.
	p.eval(`document.querySelector('.cm-content').focus()`)
	p.key("M", chromedp.ModifierCtrl, chromedp.ModifierShift)
	p.poll(`[...document.querySelectorAll('.cm-panel-lint button')].some(b => b.textContent.startsWith('fix: remove'))`)
	// A removal's range is exactly what goes: the comma is underlined, and the fix names it.
	if got := evalT[[]string](p, `[...document.querySelectorAll('.cm-content .cm-lintRange-error')].map(e => e.textContent)`); len(got) != 1 || got[0] != "," {
		t.Errorf("underlined %q, want the comma only", got)
	}
	if got := evalT[string](p, `[...document.querySelectorAll('.cm-panel-lint button')].find(b => b.textContent.startsWith('fix: remove')).textContent`); got != "fix: remove “,”" {
		t.Errorf("fix label %q", got)
	}
	p.eval(`[...document.querySelectorAll('.cm-panel-lint button')].find(b => b.textContent.startsWith('fix: remove')).click()`)
	p.waitEditor(`{"cors_rules": [{"allowed_origin": "*", "allowed_methods": ["GET"]}]}`)
	p.settle(noErrors)
}

// TestEditorChinese: in 中文 the toolbar, the shortcuts sheet, the templates gallery and the
// quick fixes speak Chinese, and English comes back without a reload.
func TestEditorChinese(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	toolbar := func() map[string]string {
		t.Helper()
		return evalT[map[string]string](p, `(() => {
			const q = id => document.querySelector('[data-testid=' + id + ']');
			return {format: q('format-button').textContent, formatTitle: q('format-button').title,
				minify: q('minify-button').textContent, repair: q('repair-all').textContent,
				templates: q('templates-button').textContent, help: q('shortcuts-button').getAttribute('aria-label')};
		})()`)
	}
	p.choose("lang-toggle", "zh-CN")
	want := map[string]string{"format": "格式化", "formatTitle": "美化文档排版（Shift-Alt-F）", "minify": "压缩",
		"repair": "全部修复", "templates": "模板…", "help": "键盘快捷键"}
	if got := toolbar(); !maps.Equal(got, want) {
		t.Errorf("toolbar in Chinese: %v, want %v", got, want)
	}

	// The shortcuts sheet, made once, follows the language.
	p.clickID("shortcuts-button")
	p.poll(`document.querySelector('[data-testid=shortcuts-dialog]')?.open === true`)
	if h := evalT[string](p, `document.getElementById('shortcuts-dialog-heading').textContent`); h != "键盘快捷键" {
		t.Errorf("shortcuts heading %q", h)
	}
	if c := evalT[string](p, `document.querySelector('[data-testid=shortcuts-dialog] tbody td:last-child').textContent`); c != "格式化文档" {
		t.Errorf("first shortcut %q", c)
	}
	p.key(kb.Escape)

	// The templates gallery: heading and the templates' Chinese titles.
	p.choose("provider", "s3")
	p.choose("document", "policy")
	p.clickID("templates-button")
	p.poll(`!!document.querySelector('[data-testid=templates-dialog] [data-testid^=template-]')`)
	if h := evalT[string](p, `document.getElementById('templates-dialog-heading').textContent`); h != "s3 policy 的模板" {
		t.Errorf("templates heading %q", h)
	}
	if !evalT[bool](p, `/[\u4e00-\u9fff]/.test(document.querySelector('[data-testid=templates-dialog] .bl-template-title').textContent)`) {
		t.Errorf("template titles not in Chinese")
	}
	p.key(kb.Escape)

	// A quick fix's label, and repair all's status.
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(`{"cors_rules": [{"allowed_origin": "*", "allowed_methods": ["GET",]}]}`)
	p.settle(withCode("json-trailing-comma"))
	p.eval(`document.querySelector('.cm-content').focus()`)
	p.key("M", chromedp.ModifierCtrl, chromedp.ModifierShift)
	p.poll(`[...document.querySelectorAll('.cm-panel-lint button')].some(b => b.textContent === '修复：删除“,”')`)
	p.clickID("repair-all")
	p.waitEditor(`{"cors_rules": [{"allowed_origin": "*", "allowed_methods": ["GET"]}]}`)
	p.poll(`document.querySelector('[data-testid=editor-status]').textContent === '已应用 1 处修复'`)

	// And back to English.
	p.choose("lang-toggle", "en")
	want = map[string]string{"format": "format", "formatTitle": "pretty-print the document (Shift-Alt-F)", "minify": "minify",
		"repair": "repair all", "templates": "templates…", "help": "keyboard shortcuts (?)"}
	if got := toolbar(); !maps.Equal(got, want) {
		t.Errorf("toolbar back in English: %v, want %v", got, want)
	}
	if h := evalT[string](p, `document.getElementById('shortcuts-dialog-heading').textContent`); h != "keyboard shortcuts" {
		t.Errorf("shortcuts heading back in English: %q", h)
	}
}

func TestEditorFormatMinify(t *testing.T) {
	p := newPage(t)
	p.choose("provider", "qingstor")
	p.choose("document", "policy")
	compact := `{"statement":[{"id":"a","user":"*","action":["get_object"],"effect":"allow","resource":["mybucket/*"]}]}`
	p.paste(compact)
	p.settle(noErrors)
	pretty := native(t, "format", map[string]any{"format": "json", "source": compact, "style": "pretty"})["value"].(map[string]any)["source"].(string)
	if !strings.Contains(pretty, "\n  \"statement\": [") {
		t.Fatalf("the core's pretty form: %q", pretty)
	}
	p.clickID("format-button")
	p.waitEditor(pretty)
	// Shift-Alt-J minifies, from the editor.
	p.eval(`document.querySelector('.cm-content').focus()`)
	p.key("J", chromedp.ModifierShift, chromedp.ModifierAlt)
	p.waitEditor(compact)
	p.key("F", chromedp.ModifierShift, chromedp.ModifierAlt)
	p.waitEditor(pretty)

	// A syntax error: nothing changes and the status says why.
	p.paste(`{"statement": [}`)
	p.clickID("format-button")
	p.poll(`document.querySelector('[data-testid=editor-status]').textContent.startsWith('cannot format')`)
	if got := p.editorText(); got != `{"statement": [}` {
		t.Errorf("a broken document changed: %q", got)
	}

	// XML keeps its text; header lines have no layout.
	p.choose("provider", "s3")
	p.choose("document", "acl")
	p.paste("<AccessControlPolicy><Owner><ID>x</ID></Owner></AccessControlPolicy>")
	p.clickID("format-button")
	p.waitEditor("<AccessControlPolicy>\n  <Owner>\n    <ID>x</ID>\n  </Owner>\n</AccessControlPolicy>")
	p.choose("format", "headers")
	p.poll(`document.querySelector('[data-testid=format-button]').disabled`)
}

func TestEditorShortcutsSheet(t *testing.T) {
	p := newPage(t)
	open := `document.querySelector('[data-testid=shortcuts-dialog]')?.open === true`
	// "?" in the editor types a "?"; outside it opens the sheet.
	p.eval(`document.activeElement?.blur()`)
	p.typeKeys("?")
	p.poll(open)
	if rows := evalT[int](p, `document.querySelectorAll('[data-testid=shortcuts-dialog] tbody tr').length`); rows < 8 {
		t.Errorf("%d shortcuts listed", rows)
	}
	p.key(kb.Escape)
	p.poll(`!(` + open + `)`)
	// The toolbar's button opens it too, and the keyboard closes it.
	p.clickID("shortcuts-button")
	p.poll(open)
	p.key(kb.Escape)
	p.poll(`!(` + open + `)`)
	// In the editor "?" is text.
	p.paste("")
	p.typeKeys("?")
	if evalT[bool](p, open) || p.editorText() != "?" {
		t.Errorf("? in the editor: dialog %v, text %q", evalT[bool](p, open), p.editorText())
	}
}
