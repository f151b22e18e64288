package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// tinySite is a dist/ with one hashed asset and its precompressed variants.
func tinySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":              `<!doctype html><script defer src="main-0123abcd.js"></script>`,
		"main-0123abcd.js":        `console.log("raw")`,
		"main-0123abcd.js.gz":     "GZ",
		"main-0123abcd.js.br":     "BR",
		"core-89abcdef.wasm":      "\x00asm\x01\x00\x00\x00",
		"manifest.json":           `{}`,
		"sub/ignored-0123abcd.js": `x`,
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, h http.Handler, method, path, acceptEncoding string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandlerHeaders(t *testing.T) {
	h := Handler(tinySite(t))
	for _, path := range []string{"/", "/index.html", "/main-0123abcd.js", "/core-89abcdef.wasm", "/nope", "/../etc/passwd"} {
		res := get(t, h, "GET", path, "")
		for name, want := range map[string]string{
			"Content-Security-Policy":      CSP,
			"Cross-Origin-Opener-Policy":   "same-origin",
			"Cross-Origin-Embedder-Policy": "require-corp",
			"X-Content-Type-Options":       "nosniff",
			"Referrer-Policy":              "no-referrer",
		} {
			if got := res.Header.Get(name); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, name, got, want)
			}
		}
	}
	if !strings.Contains(CSP, "default-src 'self'") || !strings.Contains(CSP, "'wasm-unsafe-eval'") {
		t.Errorf("CSP = %q", CSP)
	}
}

// embed.html is made to be framed by documentation pages on other origins; nothing else is.
func TestHandlerEmbedFrameAncestors(t *testing.T) {
	h := Handler(tinySite(t))
	want := strings.Replace(CSP, "frame-ancestors 'self'", "frame-ancestors *", 1)
	if got := get(t, h, "GET", "/embed.html", "").Header.Get("Content-Security-Policy"); got != want {
		t.Errorf("GET /embed.html: CSP = %q\nwant %q", got, want)
	}
	for _, path := range []string{"/", "/index.html", "/docs-example.html", "/sub/embed.html", "/embed.html.br"} {
		if got := get(t, h, "GET", path, "").Header.Get("Content-Security-Policy"); got != CSP {
			t.Errorf("GET %s: CSP = %q, want the site's", path, got)
		}
	}
}

func TestHandlerFiles(t *testing.T) {
	h := Handler(tinySite(t))
	tests := []struct {
		path, accept               string
		status                     int
		ctype, encoding, cache, in string
	}{
		{"/", "", 200, "text/html; charset=utf-8", "", "no-cache", "<!doctype html>"},
		{"/index.html", "gzip, br", 200, "text/html; charset=utf-8", "", "no-cache", "<!doctype html>"},
		{"/manifest.json", "", 200, "application/json", "", "no-cache", "{}"},
		{"/core-89abcdef.wasm", "", 200, "application/wasm", "", "public, max-age=31536000, immutable", "\x00asm"},
		{"/main-0123abcd.js", "", 200, "text/javascript; charset=utf-8", "", "public, max-age=31536000, immutable", "raw"},
		{"/main-0123abcd.js", "gzip, deflate, br, zstd", 200, "text/javascript; charset=utf-8", "br", "public, max-age=31536000, immutable", "BR"},
		{"/main-0123abcd.js", "gzip", 200, "text/javascript; charset=utf-8", "gzip", "public, max-age=31536000, immutable", "GZ"},
		{"/main-0123abcd.js", "br;q=0, gzip;q=0.5", 200, "text/javascript; charset=utf-8", "gzip", "public, max-age=31536000, immutable", "GZ"},
		{"/main-0123abcd.js", "*", 200, "text/javascript; charset=utf-8", "br", "public, max-age=31536000, immutable", "BR"},
		{"/main-0123abcd.js", "identity", 200, "text/javascript; charset=utf-8", "", "public, max-age=31536000, immutable", "raw"},
		{"/nope.js", "", 404, "", "", "no-cache", ""},
		{"/sub/", "", 404, "", "", "no-cache", ""},
		{"/sub", "", 404, "", "", "no-cache", ""},
		{"/../build.go", "", 404, "", "", "no-cache", ""},
		{"//etc/passwd", "", 404, "", "", "no-cache", ""},
	}
	for _, tt := range tests {
		res := get(t, h, "GET", tt.path, tt.accept)
		got := body(t, res)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s (%q): status %d, want %d", tt.path, tt.accept, res.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		if ct := res.Header.Get("Content-Type"); ct != tt.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, ct, tt.ctype)
		}
		if ce := res.Header.Get("Content-Encoding"); ce != tt.encoding {
			t.Errorf("GET %s (%q): Content-Encoding %q, want %q", tt.path, tt.accept, ce, tt.encoding)
		}
		if cc := res.Header.Get("Cache-Control"); cc != tt.cache {
			t.Errorf("GET %s: Cache-Control %q, want %q", tt.path, cc, tt.cache)
		}
		if !strings.Contains(got, tt.in) {
			t.Errorf("GET %s (%q): body %q, want it to contain %q", tt.path, tt.accept, got, tt.in)
		}
		if strings.HasPrefix(tt.path, "/main-") && res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s: Vary %q, want Accept-Encoding", tt.path, res.Header.Get("Vary"))
		}
	}
}

func TestHandlerMethods(t *testing.T) {
	h := Handler(tinySite(t))
	if res := get(t, h, "HEAD", "/main-0123abcd.js", "br"); res.StatusCode != 200 || body(t, res) != "" || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("HEAD: %d %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if res := get(t, h, "POST", "/", ""); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", res.StatusCode)
	}
}

func TestAccepts(t *testing.T) {
	for _, tt := range []struct {
		header, coding string
		want           bool
	}{
		{"", "br", false},
		{"br", "br", true},
		{"gzip, deflate, br", "br", true},
		{"BR;Q=1", "br", true},
		{"br;q=0", "br", false},
		{"br;q=0.0, *", "br", false},
		{"*", "gzip", true},
		{"*;q=0", "gzip", false},
		{"gzip;q=0.001", "gzip", true},
		{"xbr", "br", false},
	} {
		if got := accepts(tt.header, tt.coding); got != tt.want {
			t.Errorf("accepts(%q, %q) = %v, want %v", tt.header, tt.coding, got, tt.want)
		}
	}
}

// The <meta> policy in web/index.html is the header's, minus frame-ancestors (which a <meta>
// cannot set), so a static host without headers gets the same protection.
func TestIndexCSPMatchesHeader(t *testing.T) {
	for _, page := range pages {
		html, err := os.ReadFile(filepath.Join(repoRoot(t), "web", page))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindSubmatch(html)
		if m == nil {
			t.Errorf("web/%s lacks the CSP <meta>", page)
			continue
		}
		if want := strings.TrimSuffix(CSP, "; frame-ancestors 'self'"); string(m[1]) != want {
			t.Errorf("web/%s: <meta> CSP = %q\nwant          %q", page, m[1], want)
		}
		if bytes.Contains(html, []byte("<script>")) || bytes.Contains(html, []byte(" style=")) {
			t.Errorf("web/%s has an inline script or style attribute; the CSP forbids inline scripts", page)
		}
	}
}

// repoRoot is two levels up from build/site.
func repoRoot(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestBuild builds the real site (compiles the wasm, may run npm ci) and checks its shape.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm and bundles web/ (about 20 s)")
	}
	out := filepath.Join(t.TempDir(), "dist")
	var log bytes.Buffer
	m, err := Build(Options{Root: repoRoot(t), Out: out, Log: &log})
	if err != nil {
		t.Fatalf("Build: %v\nlog:\n%s", err, log.String())
	}

	for _, logical := range []string{"core.wasm", "wasm_exec.js", "worker.js", "main.js", "style.css"} {
		name := m.Assets[logical]
		ext := filepath.Ext(logical)
		if !regexp.MustCompile(`^` + regexp.QuoteMeta(strings.TrimSuffix(logical, ext)) + `-[0-9a-f]{8}` + regexp.QuoteMeta(ext) + `$`).MatchString(name) {
			t.Errorf("assets[%s] = %q, want a content-hashed name", logical, name)
		}
	}

	wasm, err := os.ReadFile(filepath.Join(out, m.Assets["core.wasm"]))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(wasm, []byte("\x00asm\x01\x00\x00\x00")) {
		t.Errorf("core.wasm starts with % x, want the wasm magic and version 1", wasm[:min(8, len(wasm))])
	}

	// Every local URL in index.html exists, and all of them are relative.
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(string(html), -1)
	if len(refs) < 2 {
		t.Fatalf("index.html references %v, want main.js and style.css", refs)
	}
	for _, ref := range refs {
		u := ref[1]
		if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "#") { // in-page links (the skip link)
			continue
		}
		if strings.HasPrefix(u, "/") || strings.Contains(u, ":") {
			t.Errorf("index.html: %q is not a relative URL", u)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, u)); err != nil {
			t.Errorf("index.html references %q: %v", u, err)
		}
	}
	for _, logical := range []string{"main.js", "style.css"} {
		if !bytes.Contains(html, []byte(`"`+m.Assets[logical]+`"`)) {
			t.Errorf("index.html does not reference %s", m.Assets[logical])
		}
	}
	if !bytes.Contains(html, []byte(`http-equiv="Content-Security-Policy"`)) {
		t.Error("index.html lacks the CSP <meta>")
	}

	// The hashed names are wired through: page → worker → wasm_exec.js and core.wasm.
	read := func(logical string) string {
		b, err := os.ReadFile(filepath.Join(out, m.Assets[logical]))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if page := read("main.js"); !strings.Contains(page, `"`+m.Assets["worker.js"]+`"`) {
		t.Errorf("main.js does not name %s", m.Assets["worker.js"])
	}
	worker := read("worker.js")
	for _, logical := range []string{"core.wasm", "wasm_exec.js"} {
		if !strings.Contains(worker, `"`+m.Assets[logical]+`"`) {
			t.Errorf("worker.js does not name %s", m.Assets[logical])
		}
	}

	// The manifest on disk matches the returned one and the files.
	var onDisk Manifest
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &onDisk); err != nil {
		t.Fatal(err)
	}
	// 6 hashed assets (core.wasm, wasm_exec.js, worker.js, main.js, embed.js, style.css), the
	// pages and sw.js.
	if want := 6 + len(pages) + 1; len(onDisk.Files) != len(m.Files) || len(m.Files) != want {
		t.Errorf("manifest has %d files (returned %d), want %d", len(onDisk.Files), len(m.Files), want)
	}
	for _, f := range onDisk.Files {
		raw, err := os.ReadFile(filepath.Join(out, f.Name))
		if err != nil {
			t.Error(err)
			continue
		}
		sum := sha256.Sum256(raw)
		if f.Size != len(raw) || f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: manifest size %d sha256 %s, file %d %x", f.Name, f.Size, f.SHA256, len(raw), sum)
		}
		gz, _ := os.ReadFile(filepath.Join(out, f.Name+".gz"))
		br, _ := os.ReadFile(filepath.Join(out, f.Name+".br"))
		if f.Gzip != len(gz) || f.Brotli != len(br) || f.Gzip == 0 || f.Brotli == 0 {
			t.Errorf("%s: manifest gzip %d brotli %d, files %d %d", f.Name, f.Gzip, f.Brotli, len(gz), len(br))
		}
		if zr, err := gzip.NewReader(bytes.NewReader(gz)); err != nil {
			t.Errorf("%s.gz: %v", f.Name, err)
		} else if plain, err := io.ReadAll(zr); err != nil || !bytes.Equal(plain, raw) {
			t.Errorf("%s.gz does not decompress to the file (%v)", f.Name, err)
		}
		if plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); err != nil || !bytes.Equal(plain, raw) {
			t.Errorf("%s.br does not decompress to the file (%v)", f.Name, err)
		}
	}

	// Same input, same output.
	out2 := filepath.Join(t.TempDir(), "dist")
	m2, err := Build(Options{Root: repoRoot(t), Out: out2})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(m)
	b, _ := json.Marshal(m2)
	if !bytes.Equal(a, b) {
		t.Errorf("two builds differ:\n%s\n%s", a, b)
	}
}

// TestTypeScript type-checks web/ when its node_modules is installed (TestBuild installs it).
func TestTypeScript(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tsc")
	}
	web := filepath.Join(repoRoot(t), "web")
	tsc := filepath.Join(web, "node_modules", ".bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Skip("web/node_modules is not installed (go run ./build installs it)")
	}
	cmd := exec.Command(tsc, "--noEmit", "-p", ".")
	cmd.Dir = web
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("tsc --noEmit: %v\n%s", err, out)
	}
}

func TestBuildRefusesToDeleteTheRepository(t *testing.T) {
	root := repoRoot(t)
	for _, out := range []string{root, filepath.Dir(root)} {
		if _, err := Build(Options{Root: root, Out: out}); err == nil || !strings.Contains(err.Error(), "contains the repository") {
			t.Errorf("Build(Out: %s) = %v, want a refusal", out, err)
		}
	}
}
