package e2e

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// --- contrast, computed from style.css ---------------------------------------------------------

// cssRule is a rule of a stylesheet: a prelude (selector or at-rule) and its declarations or,
// for @media, its rules.
type cssRule struct {
	prelude string
	decls   map[string]string
	rules   []cssRule
}

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// parseCSS reads the subset of CSS style.css uses: rules and @media blocks, no strings holding
// braces. Enough to find the custom properties of :root in each theme.
func parseCSS(src string) []cssRule {
	src = cssComment.ReplaceAllString(src, "")
	rules, _ := parseRules(src, 0)
	return rules
}

func parseRules(s string, i int) ([]cssRule, int) {
	var out []cssRule
	for i < len(s) {
		open := strings.IndexAny(s[i:], "{}")
		if open < 0 {
			return out, len(s)
		}
		if s[i+open] == '}' {
			return out, i + open + 1
		}
		prelude := strings.TrimSpace(s[i : i+open])
		i += open + 1
		if strings.HasPrefix(prelude, "@media") {
			inner, next := parseRules(s, i)
			out = append(out, cssRule{prelude: prelude, rules: inner})
			i = next
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		decls := map[string]string{}
		for _, d := range strings.Split(s[i:i+end], ";") {
			if k, v, ok := strings.Cut(d, ":"); ok {
				decls[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		out = append(out, cssRule{prelude: prelude, decls: decls})
		i += end + 1
	}
	return out, i
}

// themeVars returns the custom properties of :root in the light theme (plain :root rules), in
// the dark theme by the system (the prefers-color-scheme: dark block, over the light values),
// and what data-theme="dark" sets.
func themeVars(t *testing.T) (light, dark, darkMedia, darkAttr map[string]string) {
	raw, err := os.ReadFile("../web/src/style.css")
	if err != nil {
		t.Fatal(err)
	}
	light, darkMedia, darkAttr = map[string]string{}, map[string]string{}, map[string]string{}
	vars := func(dst map[string]string, decls map[string]string) {
		for k, v := range decls {
			if strings.HasPrefix(k, "--") {
				dst[k] = strings.ToLower(v)
			}
		}
	}
	for _, r := range parseCSS(string(raw)) {
		switch {
		case r.prelude == ":root":
			vars(light, r.decls)
		case r.prelude == `:root[data-theme="dark"]`:
			vars(darkAttr, r.decls)
		case strings.Contains(r.prelude, "prefers-color-scheme: dark"):
			for _, in := range r.rules {
				if in.prelude == `:root:not([data-theme="light"])` {
					vars(darkMedia, in.decls)
				} else if strings.HasPrefix(in.prelude, ":root") {
					t.Errorf("the dark media block styles %q: data-theme=\"light\" would not override it", in.prelude)
				}
			}
		}
	}
	dark = map[string]string{}
	for k, v := range light {
		dark[k] = v
	}
	for k, v := range darkMedia {
		dark[k] = v
	}
	return
}

func hexRGB(t *testing.T, name, v string) [3]float64 {
	t.Helper()
	if !regexp.MustCompile(`^#[0-9a-f]{6}$`).MatchString(v) {
		t.Fatalf("%s = %q: the contrast test reads #rrggbb colours only", name, v)
	}
	var c [3]float64
	for i := range c {
		n, _ := strconv.ParseUint(v[1+2*i:3+2*i], 16, 8)
		c[i] = float64(n) / 255
	}
	return c
}

// luminance and contrast are WCAG 2.x's relative luminance and contrast ratio.
func luminance(c [3]float64) float64 {
	lin := func(x float64) float64 {
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// contrastPairs are the foreground/background variable pairs style.css (and main.ts's editor
// theme) actually paint, with the WCAG AA minimum each needs: 4.5 for text (1.4.3), 3 for
// the focus ring and control edges (1.4.11). min 0 is reported, not asserted.
var contrastPairs = []struct {
	fg, bg string
	min    float64
	what   string
}{
	{"--fg", "--bg", 4.5, "body text"},
	{"--fg", "--panel", 4.5, "text on panels, code blocks, buttons"},
	{"--fg", "--editor-bg", 4.5, "editor text"},
	{"--fg", "--active-line", 4.5, "editor text on the cursor's line"},
	{"--fg", "--mark-bg", 4.5, "the first difference, marked"},
	{"--muted", "--bg", 4.5, "labels, notes, the tagline"},
	{"--muted", "--panel", 4.5, "gutter numbers, (empty) steps"},
	{"--muted", "--editor-bg", 4.5, "comments in the editor"},
	{"--muted", "--active-line", 4.5, "the active line's gutter number"},
	{"--error", "--bg", 4.5, "error text"},
	{"--error", "--panel", 4.5, "error severity on a hovered row"},
	{"--error", "--editor-bg", 4.5, "invalid tokens"},
	{"--warning", "--bg", 4.5, "warning severity, share problems"},
	{"--warning", "--panel", 4.5, "warning severity on a hovered row"},
	{"--info", "--bg", 4.5, "info severity"},
	{"--info", "--panel", 4.5, "info severity on a hovered row"},
	{"--ok", "--bg", 4.5, "\"matches\" verdict"},
	{"--accent", "--bg", 4.5, "the skip link's text"},
	{"--hl-string", "--editor-bg", 4.5, "strings"},
	{"--hl-number", "--editor-bg", 4.5, "numbers"},
	{"--hl-property", "--editor-bg", 4.5, "JSON keys"},
	{"--hl-tag", "--editor-bg", 4.5, "XML tags"},
	{"--hl-attr", "--editor-bg", 4.5, "XML attributes"},
	{"--hl-punct", "--editor-bg", 4.5, "punctuation"},
	{"--hl-string", "--active-line", 4.5, "strings on the cursor's line"},
	{"--hl-number", "--active-line", 4.5, "numbers on the cursor's line"},
	{"--hl-property", "--active-line", 4.5, "keys on the cursor's line"},
	{"--hl-tag", "--active-line", 4.5, "tags on the cursor's line"},
	{"--hl-attr", "--active-line", 4.5, "attributes on the cursor's line"},
	{"--hl-punct", "--active-line", 4.5, "punctuation on the cursor's line"},
	{"--accent", "--bg", 3, "focus ring"},
	{"--accent", "--panel", 3, "focus ring on panels"},
	{"--control-border", "--bg", 3, "edges of inputs, selects, buttons, the editor"},
	{"--border", "--bg", 0, "decorative borders (panels, code blocks)"},
	{"--fg", "--selection", 0, "selected text"},
	{"--muted", "--selection", 0, "selected comments"},
	{"--hl-property", "--selection", 0, "selected keys"},
}

// TestThemeContrast computes WCAG contrast ratios from style.css's custom properties for the
// pairs above, in the light theme and the dark one. What it does not cover: colours not given
// by these variables (CodeMirror's own lint icons, the browser's placeholder, scrollbars and
// native widgets), text dimmed with opacity (disabled controls, which WCAG exempts, and the
// panels' "stale" state while the core answers), and large-text or non-text items beyond the
// listed ones. a11y_test.go checks the rendered page's text colours as a second opinion.
func TestThemeContrast(t *testing.T) {
	light, dark, darkMedia, darkAttr := themeVars(t)
	if len(darkMedia) == 0 || len(light) == 0 {
		t.Fatalf("found %d light and %d dark variables in style.css", len(light), len(darkMedia))
	}
	// data-theme="dark" repeats the system's dark values; the two copies must not drift.
	for k, v := range darkMedia {
		if darkAttr[k] != v {
			t.Errorf(`:root[data-theme="dark"] has %s = %q, the prefers-color-scheme block %q`, k, darkAttr[k], v)
		}
	}
	for k := range darkAttr {
		if _, ok := darkMedia[k]; !ok {
			t.Errorf(`:root[data-theme="dark"] sets %s, which the prefers-color-scheme block does not`, k)
		}
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-16s %-14s %6s %6s  %s\n", "foreground", "background", "light", "dark", "where")
	for _, p := range contrastPairs {
		var ratios [2]float64
		for i, vars := range []map[string]string{light, dark} {
			fg, bg := vars[p.fg], vars[p.bg]
			if fg == "" || bg == "" {
				t.Fatalf("style.css defines no %s or %s", p.fg, p.bg)
			}
			ratios[i] = contrast(hexRGB(t, p.fg, fg), hexRGB(t, p.bg, bg))
			if ratios[i] < p.min {
				t.Errorf("%s theme: %s on %s (%s) is %.2f:1, below %.1f:1", []string{"light", "dark"}[i], p.fg, p.bg, p.what, ratios[i], p.min)
			}
		}
		mark := ""
		if p.min == 0 {
			mark = " (reported only)"
		}
		fmt.Fprintf(&table, "%-16s %-14s %6.2f %6.2f  %s%s\n", p.fg, p.bg, ratios[0], ratios[1], p.what, mark)
	}
	t.Logf("WCAG contrast ratios:\n%s", table.String())
}

// --- the toggle in the page ----------------------------------------------------------------------

func (p *tab) emulateColorScheme(scheme string) {
	p.t.Helper()
	var features []*emulation.MediaFeature
	if scheme != "" {
		features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features}); err != nil {
		p.t.Fatal(err)
	}
}

// reload reloads the tab and waits for the core. The old document's execution context may
// still be the one a first evaluation reaches, so errors are retried until the new one is ready.
func (p *tab) reload() {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Reload()); err != nil {
		p.t.Fatal(err)
	}
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ready bool
		ready, err = chromedp.Run(p.ctx, chromedp.Evaluate[bool](`document.readyState !== 'loading' && window.bucketlab?.ready === true`))
		if err == nil && ready {
			return
		}
	}
	p.t.Fatalf("the core did not become ready after a reload: %v", err)
}

// forgetPreferences removes what theme.ts and i18n.ts store, so later tests (same browser
// profile, same origin) start from the defaults.
func (p *tab) forgetPreferences() {
	p.t.Helper()
	p.t.Cleanup(func() {
		_, _ = chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem('bucketlab.theme'); localStorage.removeItem('bucketlab.lang')`))
	})
}

const bodyBG = `getComputedStyle(document.body).backgroundColor`

func TestThemeToggle(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	tools := evalT[map[string]any](p, `(() => {
		const s = document.querySelector('#page-tools [data-testid=theme-toggle]');
		return {found: !!s, value: s?.value ?? '', options: Array.from(s?.options ?? []).map(o => o.value).join(','),
			label: s?.labels?.[0]?.firstChild?.textContent ?? '', others: document.getElementById('page-tools').children.length,
			attr: document.documentElement.getAttribute('data-theme')};
	})()`)
	if tools["found"] != true || tools["value"] != "system" || tools["options"] != "system,light,dark" || tools["attr"] != nil {
		t.Fatalf("theme toggle: %v", tools)
	}
	if tools["label"] != "theme" {
		t.Errorf("the toggle's label is %q", tools["label"])
	}

	const white, dark = "rgb(255, 255, 255)", "rgb(13, 17, 23)"
	cases := []struct{ system, choice, want, attr string }{
		{"light", "system", white, ""},
		{"dark", "system", dark, ""},
		{"dark", "light", white, "light"},
		{"light", "dark", dark, "dark"},
		{"dark", "dark", dark, "dark"},
	}
	for _, c := range cases {
		p.emulateColorScheme(c.system)
		p.choose("theme-toggle", c.choice)
		got := evalT[map[string]string](p, `({bg: `+bodyBG+`,
			editor: getComputedStyle(document.querySelector('.cm-editor')).backgroundColor,
			attr: document.documentElement.getAttribute('data-theme') ?? '',
			stored: localStorage.getItem('bucketlab.theme') ?? '',
			scheme: getComputedStyle(document.documentElement).colorScheme})`)
		if got["bg"] != c.want || got["editor"] != c.want || got["attr"] != c.attr {
			t.Errorf("system %s, choice %s: body %s, editor %s, data-theme %q; want %s, data-theme %q", c.system, c.choice, got["bg"], got["editor"], got["attr"], c.want, c.attr)
		}
		wantStored := c.choice
		if c.choice == "system" {
			wantStored = ""
		}
		if got["stored"] != wantStored {
			t.Errorf("choice %s stored as %q", c.choice, got["stored"])
		}
		if c.attr != "" && got["scheme"] != c.attr {
			t.Errorf("choice %s: color-scheme %q, so native controls would not follow", c.choice, got["scheme"])
		}
	}

	// The choice survives a reload, and is in force before the first paint.
	p.emulateColorScheme("light")
	p.reload()
	got := evalT[map[string]any](p, `(() => {
		const mark = performance.getEntriesByName('bucketlab-theme-applied')[0];
		const paint = performance.getEntriesByType('paint').find(e => e.name === 'first-paint');
		return {bg: `+bodyBG+`, value: document.querySelector('[data-testid=theme-toggle]').value,
			mark: mark ? mark.startTime : -1, paint: paint ? paint.startTime : -1};
	})()`)
	if got["bg"] != dark || got["value"] != "dark" {
		t.Errorf("after a reload: body %v, toggle %v; want dark", got["bg"], got["value"])
	}
	mark, _ := got["mark"].(float64)
	paint, _ := got["paint"].(float64)
	t.Logf("theme applied at %.1f ms, first paint at %.1f ms", mark, paint)
	if mark < 0 {
		t.Errorf("theme.ts left no bucketlab-theme-applied mark")
	} else if paint >= 0 && paint < mark {
		t.Errorf("the page painted (%.1f ms) before the theme was applied (%.1f ms)", paint, mark)
	}
	p.choose("theme-toggle", "system")
	p.emulateColorScheme("")
}

// --- screenshots ---------------------------------------------------------------------------------

// TestThemeScreenshots saves the README's screenshots at 1280×900 — light, dark and Chinese —
// with QingStor's CORS example, always to artifacts/, and to docs/ only when
// BUCKETLAB_SCREENSHOTS=1 (so a CI run never changes the repository).
func TestThemeScreenshots(t *testing.T) {
	p := newPage(t)
	p.forgetPreferences()
	p.emulateColorScheme("light")
	if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1280, Height: 900, DeviceScaleFactor: 1}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = chromedp.Call(p.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	})
	p.choose("provider", "qingstor")
	p.choose("document", "cors")
	p.fill("bucket", "docs-bucket")
	p.fill("region", "pek3a")
	p.fill("time", "2026-11-23T10:00:00Z")
	p.paste(seed)

	toDocs := os.Getenv("BUCKETLAB_SCREENSHOTS") == "1"
	// Without a CJK font the Chinese screenshot is boxes: compare "中文" with two code points
	// no font has (private use), drawn on a canvas.
	if !evalT[bool](p, `(() => {
		const draw = (s) => { const c = document.createElement('canvas'); c.width = 64; c.height = 32;
			const g = c.getContext('2d'); g.font = '24px sans-serif'; g.fillText(s, 0, 26); return c.toDataURL(); };
		return draw('中文') !== draw('\u{F0000}\u{F0001}');
	})()`) {
		if toDocs {
			t.Fatalf("no CJK font: the Chinese screenshot would show boxes; install one (apt-get install fonts-noto-cjk)")
		}
		t.Logf("no CJK font here: artifacts/screenshot-zh.png shows boxes (apt-get install fonts-noto-cjk)")
	}
	shots := []struct{ name, theme, lang, docs string }{
		{"screenshot-light", "light", "en", "../docs/screenshot.png"},
		{"screenshot-dark", "dark", "en", "../docs/screenshot-dark.png"},
		{"screenshot-zh", "light", "zh-CN", "../docs/screenshot-zh.png"},
	}
	for _, s := range shots {
		p.choose("theme-toggle", s.theme)
		p.choose("lang-toggle", s.lang)
		p.settle(func(rows []row) bool {
			return noErrors(rows) && len(rows) > 0 && (s.lang == "en") == !strings.ContainsFunc(rows[0].Text, isHan)
		})
		evalT[bool](p, `new Promise(r => { const f = () => document.querySelector('[data-testid=authorization]')?.textContent ? r(true) : setTimeout(f, 50); f(); })`)
		// No caret or focus ring in the picture; scrolled to the top; two frames to paint.
		p.eval(`document.activeElement?.blur(); window.scrollTo(0, 0)`)
		evalT[bool](p, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
		time.Sleep(150 * time.Millisecond)
		buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		write(t, artifacts+"/"+s.name+".png", buf)
		if toDocs {
			write(t, s.docs, buf)
		}
	}
	p.choose("theme-toggle", "system")
	p.choose("lang-toggle", "en")
	if !toDocs {
		t.Logf("docs/ left alone; BUCKETLAB_SCREENSHOTS=1 writes the screenshots there")
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(b))
}
