package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// An "axe-like" check, written here because no accessibility engine is available offline. It
// is a handful of rules run in the page, in both languages and both themes:
//
// covered
//   - every rendered input, select, textarea, button, link, [contenteditable] and ARIA
//     widget has an accessible name: aria-labelledby, aria-label, a <label>, its text (buttons,
//     links, summary), or a title; a placeholder does not count;
//   - ids are unique; no positive tabindex;
//   - <img>, <input type=image> and role="img" have alt text or a name;
//   - landmarks: one <main>, a banner <header>, every <nav> named, and everything rendered is
//     inside a landmark except the skip link;
//   - headings start at h1 and never skip a level going down;
//   - <html lang> is set and matches the chosen language; the title is not empty;
//   - the diagnostics list is a live region;
//   - keyboard: Tab from the top of the page reaches every rendered, enabled, tabbable control
//     (the first is the skip link, which puts the focus in the editor), and each one shows a
//     focus style: its outline, box shadow, border or background (or, for the editor, its
//     frame's) differs from before it had the focus;
//   - text colour against its effective background (ancestors' backgrounds and opacity
//     composed) reaches 4.5:1, or 3:1 for large text, for every rendered text node and
//     form-control value, except disabled controls and their labels (WCAG exempts them) and
//     what a panel dims while it waits for the core (data-state="busy": transient);
//   - at 360 CSS px wide (a small phone, emulated with Emulation.setDeviceMetricsOverride)
//     the page does not scroll sideways, no element sticks out of the viewport unless a
//     scrolling box clips it, and the two panes stack in one column.
//
// not covered
//   - what a real screen reader announces, or in which order (the accessibility tree is not
//     read: names are computed by a simplified version of the accname algorithm);
//   - whether names, labels and texts are meaningful, or a focus indicator large enough;
//   - colours in images, gradients, pseudo-elements (::before/::after), placeholders, the
//     browser's native widgets, CodeMirror's lint icons, selections; text over other text;
//   - ARIA roles' required states and owned elements, live-region timing, zoom to 400 %,
//     reduced motion, touch-target sizes, and states not reached here (open tooltips, the
//     completion list, panels other features show later).

const a11yChecks = `(() => {
	const problems = [];
	const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
	const text = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
	const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
		(el.dataset?.testid ? '[data-testid=' + el.dataset.testid + ']' : '') +
		(el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');

	// accessible names
	const nameOf = (el) => {
		const by = el.getAttribute('aria-labelledby');
		if (by) { const n = text(by.split(/\s+/).map(id => document.getElementById(id)?.textContent).join(' ')); if (n) return n; }
		if (text(el.getAttribute('aria-label'))) return text(el.getAttribute('aria-label'));
		if (el.labels?.length) { const n = text(Array.from(el.labels).map(l => l.textContent).join(' ')); if (n) return n; }
		if (/^(BUTTON|A|SUMMARY)$/.test(el.tagName) || /^(button|link|tab|menuitem|option)$/.test(el.getAttribute('role') ?? '')) {
			const n = text(el.textContent); if (n) return n;
		}
		if (el.tagName === 'INPUT' && /^(button|submit|reset)$/.test(el.type) && el.value) return el.value;
		return text(el.getAttribute('title'));
	};
	const controls = 'input:not([type=hidden]), select, textarea, button, a[href], summary, [contenteditable=""], [contenteditable=true], ' +
		'[role=button], [role=textbox], [role=combobox], [role=checkbox], [role=radio], [role=switch], [role=slider], [role=tab], [role=link], [role=listbox]';
	let named = 0;
	for (const el of document.querySelectorAll(controls)) {
		if (!rendered(el)) continue;
		named++;
		if (!nameOf(el)) problems.push('no accessible name: ' + describe(el));
	}

	// ids, tabindex
	const ids = new Map();
	for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
	for (const [id, n] of ids) if (n > 1) problems.push('id "' + id + '" used ' + n + ' times');
	for (const el of document.querySelectorAll('[tabindex]')) if (el.tabIndex > 0) problems.push('positive tabindex: ' + describe(el));

	// images
	for (const el of document.querySelectorAll('img, input[type=image], [role=img]')) {
		if (el.tagName === 'IMG' ? !el.hasAttribute('alt') : !nameOf(el) && !el.getAttribute('alt')) problems.push('image without alt: ' + describe(el));
	}

	// landmarks
	const mains = document.querySelectorAll('main, [role=main]');
	if (mains.length !== 1) problems.push(mains.length + ' main landmarks');
	const banner = Array.from(document.querySelectorAll('header, [role=banner]')).find(h => !h.closest('article, aside, main, nav, section'));
	if (!banner) problems.push('no banner (a top-level <header>)');
	for (const nav of document.querySelectorAll('nav, [role=navigation]')) if (!nameOf(nav) && document.querySelectorAll('nav').length > 1) problems.push('unnamed nav: ' + describe(nav));
	const landmark = 'header, main, nav, footer, aside, [role=banner], [role=main], [role=navigation], [role=contentinfo], [role=complementary], [role=region][aria-label], [role=search]';
	for (const el of document.body.children) {
		if (el.matches(landmark) || el.matches('script, style, template, a.skip-link') || !rendered(el)) continue;
		problems.push('content outside landmarks: ' + describe(el));
	}

	// headings
	let prev = 0;
	for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
		if (!rendered(h)) continue;
		const level = +h.tagName[1];
		if (prev === 0 && level !== 1) problems.push('the first heading is ' + h.tagName + ': ' + text(h.textContent));
		if (prev !== 0 && level > prev + 1) problems.push(h.tagName + ' after h' + prev + ': ' + text(h.textContent));
		prev = level;
	}

	// document
	if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(document.documentElement.lang)) problems.push('html lang "' + document.documentElement.lang + '"');
	if (!text(document.title)) problems.push('empty title');
	const diags = document.querySelector('[data-testid=diagnostics]');
	if (!diags || !(/^(polite|assertive)$/.test(diags.getAttribute('aria-live') ?? '') || /^(status|log|alert)$/.test(diags.getAttribute('role') ?? '')))
		problems.push('the diagnostics list is no live region');

	return {problems, named};
})()`

// The colour check: every rendered text node's colour against the background it is painted
// on, with the ancestors' backgrounds and opacities composed.
const a11yContrast = `(() => {
	const parse = (c) => { const n = (c.match(/[\d.]+/g) ?? []).map(Number); return {r: n[0] ?? 0, g: n[1] ?? 0, b: n[2] ?? 0, a: n.length > 3 ? n[3] : 1}; };
	const over = (top, under) => { const a = top.a + under.a * (1 - top.a);
		const mix = (x, y) => a === 0 ? 0 : (x * top.a + y * under.a * (1 - top.a)) / a;
		return {r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a}; };
	const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const background = (el) => {
		const layers = [];
		for (let e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
		let bg = {r: 255, g: 255, b: 255, a: 1}; // the canvas: the page paints its own background on body anyway
		for (const l of layers.reverse()) bg = over(l, bg);
		return bg;
	};
	const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; };
	// Disabled controls are exempt (WCAG 1.4.3); so is what a panel dims while the core answers.
	const exempt = (el) => el.closest(':disabled, [aria-disabled=true], label:has(:disabled), [data-state=busy], [aria-busy=true]');
	const fails = [];
	let checked = 0, min = Infinity, minAt = '';
	const check = (el, what) => {
		const cs = getComputedStyle(el);
		if (el.getClientRects().length === 0 || cs.visibility === 'hidden' || exempt(el)) return;
		const bg = background(el);
		let fg = parse(cs.color);
		fg = over({...fg, a: fg.a * opacity(el)}, bg);
		const r = ratio(fg, bg);
		const size = parseFloat(cs.fontSize), bold = +cs.fontWeight >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		checked++;
		if (r < min) { min = r; minAt = what; }
		if (r < need - 0.005) fails.push(what + ': ' + r.toFixed(2) + ':1 (' + cs.color + ' on rgb(' + [bg.r, bg.g, bg.b].map(Math.round) + '))');
	};
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const seen = new Set();
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		if (!n.data.trim() || !el || seen.has(el) || el.closest('script, style, option')) continue;
		seen.add(el);
		check(el, el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' "' + n.data.trim().slice(0, 30) + '"');
	}
	for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), select, textarea'))
		if (el.value) check(el, el.tagName.toLowerCase() + '#' + el.id + ' (its value)');
	return {fails, checked, min, minAt};
})()`

type a11yReport struct {
	Problems []string `json:"problems"`
	Named    int      `json:"named"`
}

type contrastReport struct {
	Fails   []string `json:"fails"`
	Checked int      `json:"checked"`
	Min     float64  `json:"min"`
	MinAt   string   `json:"minAt"`
}

// focusStop is where one Tab press put the focus.
type focusStop struct {
	Desc    string `json:"desc"`
	Key     string `json:"key"`
	Styled  bool   `json:"styled"`
	Visible bool   `json:"visible"`
	Body    bool   `json:"body"`
}

// TestA11yKeyboardOnly walks the page with Tab from the top: the skip link comes first and
// puts the focus in the editor, every control is reached, each shows a focus style.
func TestA11yKeyboardOnly(t *testing.T) {
	p := newPage(t)
	p.settle(func(rows []row) bool { return true })
	// Every tabbable control, and its look before it has the focus.
	p.eval(`(() => {
		const look = (el) => { const f = el.closest('.cm-editor') ?? el; const cs = getComputedStyle(f);
			return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow, cs.borderColor, cs.backgroundColor].join('|'); };
		const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true]';
		const list = Array.from(document.querySelectorAll(sel)).filter(el => el.tabIndex >= 0 && !el.disabled &&
			el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]'));
		const key = (el) => el.id || el.dataset.testid || (el.className && typeof el.className === 'string' ? el.className : el.tagName) + '@' + list.indexOf(el);
		window.__a11y = {list, key, look, before: new Map(list.map(el => [el, look(el)]))};
	})()`)
	candidates := evalT[[]string](p, `window.__a11y.list.map(el => window.__a11y.key(el))`)

	var stops []focusStop
	visited := map[string]bool{}
	for i := 0; i < len(candidates)+20; i++ {
		if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		s := evalT[focusStop](p, `(() => {
			const el = document.activeElement, a = window.__a11y;
			if (!el || el === document.body) return {body: true};
			const before = a.before.get(el) ?? '';
			return {desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 24) + '"',
				key: a.list.includes(el) ? a.key(el) : '', styled: a.look(el) !== before, visible: el.matches(':focus-visible')};
		})()`)
		if s.Body || (s.Key != "" && visited[s.Key]) {
			break
		}
		stops = append(stops, s)
		if s.Key != "" {
			visited[s.Key] = true
		}
		if !s.Styled || !s.Visible {
			t.Errorf("Tab stop %d, %s: no visible focus style (style changed %v, :focus-visible %v)", len(stops), s.Desc, s.Styled, s.Visible)
		}
	}
	var order []string
	for _, s := range stops {
		order = append(order, s.Desc)
	}
	t.Logf("tab order (%d stops):\n  %s", len(stops), strings.Join(order, "\n  "))
	for _, c := range candidates {
		if !visited[c] {
			t.Errorf("Tab never reaches %s", c)
		}
	}
	if len(stops) == 0 || !strings.Contains(stops[0].Desc, "skip") && !strings.HasPrefix(stops[0].Desc, "a ") {
		t.Fatalf("the first Tab stop is %+v, not the skip link", stops)
	}

	// The skip link, from the keyboard: Shift+Tab back to the top, Tab, Enter.
	p.eval(`document.activeElement.blur()`)
	p.eval(`document.querySelector('a.skip-link').focus()`)
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	got := evalT[map[string]any](p, `({editor: document.activeElement?.classList.contains('cm-content') === true, hash: location.hash,
		shown: getComputedStyle(document.querySelector('a.skip-link')).top})`)
	if got["editor"] != true {
		t.Errorf("Enter on the skip link leaves the focus on %v", evalT[string](p, `document.activeElement?.outerHTML.slice(0, 80)`))
	}
	if h, _ := got["hash"].(string); strings.Contains(h, "editor") {
		t.Errorf("the skip link put %q in the address bar (where share links live)", h)
	}
	// Tab out of the editor: the editor does not trap the keyboard.
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	if evalT[bool](p, `document.activeElement?.classList.contains('cm-content') === true`) {
		t.Errorf("Tab does not leave the editor")
	}
}

// TestA11yChecks runs the rules above and the colour check in English and Chinese, light and
// dark.
func TestA11yChecks(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(seed)
	for _, c := range []struct{ lang, theme string }{{"en", "light"}, {"en", "dark"}, {"zh-CN", "light"}, {"zh-CN", "dark"}} {
		p.choose("theme-toggle", c.theme)
		p.choose("lang-toggle", c.lang)
		p.settle(func(rows []row) bool {
			return noErrors(rows) && len(rows) > 0 && (c.lang == "en") == !strings.ContainsFunc(rows[0].Text, isHan)
		})
		evalT[bool](p, `new Promise(r => { const f = () => document.querySelector('[data-testid=authorization]')?.textContent ? r(true) : setTimeout(f, 50); f(); })`)
		// Other panels re-run after a language change too; give them a moment to be idle.
		evalT[bool](p, `new Promise(r => { const t0 = Date.now(); const f = () => !document.querySelector('[data-state=busy]') || Date.now() - t0 > 3000 ? r(true) : setTimeout(f, 50); f(); })`)
		rep := evalT[a11yReport](p, a11yChecks)
		for _, pr := range rep.Problems {
			t.Errorf("%s/%s: %s", c.lang, c.theme, pr)
		}
		if rep.Named < 15 {
			t.Errorf("%s/%s: only %d controls checked for names", c.lang, c.theme, rep.Named)
		}
		if lang := evalT[string](p, `document.documentElement.lang`); lang != c.lang {
			t.Errorf("html lang %q, want %q", lang, c.lang)
		}
		cr := evalT[contrastReport](p, a11yContrast)
		for _, f := range cr.Fails {
			t.Errorf("%s/%s contrast: %s", c.lang, c.theme, f)
		}
		t.Logf("%s/%s: %d controls named; %d texts checked, lowest contrast %.2f:1 (%s)", c.lang, c.theme, rep.Named, cr.Checked, cr.Min, cr.MinAt)
	}
	p.choose("theme-toggle", "system")
	p.choose("lang-toggle", "en")
}

// TestA11yNarrowScreen: at 360 CSS px the page is one column and nothing scrolls sideways.
func TestA11yNarrowScreen(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = chromedp.Call(p.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}) })
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.paste(seed)
	for _, c := range []struct{ lang, doc string }{{"en", seed}, {"zh-CN", seed}, {"en", patchDoc}} {
		p.choose("lang-toggle", c.lang)
		p.paste(c.doc)
		p.settle(func(rows []row) bool {
			return len(rows) > 0 && (c.lang == "en") == !strings.ContainsFunc(rows[0].Text, isHan)
		})
		evalT[bool](p, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
		got := evalT[map[string]any](p, `(() => {
			const vw = document.documentElement.clientWidth;
			const clipped = (el) => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
				const o = getComputedStyle(e); if (/(auto|scroll|hidden|clip)/.test(o.overflowX + o.overflow)) return e.getBoundingClientRect().right <= vw + 0.5; }
				return false; };
			const out = [];
			for (const el of document.body.querySelectorAll('*')) {
				const r = el.getBoundingClientRect();
				if (r.width && (r.right > vw + 0.5 || r.left < -0.5) && !clipped(el) && !el.matches('a.skip-link'))
					out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + String(el.className).split(' ')[0] + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
			}
			const panes = Array.from(document.querySelectorAll('main > .pane')).map(e => e.getBoundingClientRect());
			return {innerWidth: window.innerWidth, vw, scrollWidth: document.documentElement.scrollWidth, bodyScroll: document.body.scrollWidth,
				sticking: out.slice(0, 10).join('; '),
				oneColumn: panes.length === 2 && Math.abs(panes[0].left - panes[1].left) < 1 && panes[1].top >= panes[0].bottom};
		})()`)
		b, _ := json.Marshal(got)
		t.Logf("%s at 360 px: %s", c.lang, b)
		if got["innerWidth"] != float64(360) {
			t.Fatalf("the viewport is %v px wide, not 360", got["innerWidth"])
		}
		vw, _ := got["vw"].(float64)
		if sw, _ := got["scrollWidth"].(float64); sw > vw {
			t.Errorf("%s: the page scrolls sideways: %v px of content in %v", c.lang, sw, vw)
		}
		if bs, _ := got["bodyScroll"].(float64); bs > vw {
			t.Errorf("%s: the body is %v px wide in %v", c.lang, bs, vw)
		}
		if s, _ := got["sticking"].(string); s != "" {
			t.Errorf("%s: elements outside the viewport: %s", c.lang, s)
		}
		if got["oneColumn"] != true {
			t.Errorf("%s: the panes are not one column at 360 px", c.lang)
		}
		p.screenshot("narrow-360-" + c.lang)
	}
	p.choose("lang-toggle", "en")
}
