package site

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// CSP allows nothing beyond the page's own origin. 'wasm-unsafe-eval' lets the worker compile
// core.wasm; style-src needs 'unsafe-inline' because CodeMirror injects its styles at run time.
// index.html carries the same policy in a <meta> (without frame-ancestors, which a <meta> can't
// set) for static hosts that send no headers.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
	"connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// EmbedFrameAncestors is the frame-ancestors embed.html is served with instead of 'self': it is
// made to be framed by documentation pages on other origins. A space-separated list of origins
// restricts it.
var EmbedFrameAncestors = "*"

// cspFor is the policy for a request path: CSP, but embed.html may be framed from elsewhere.
func cspFor(urlPath string) string {
	if strings.TrimPrefix(urlPath, "/") == "embed.html" {
		return strings.Replace(CSP, "frame-ancestors 'self'", "frame-ancestors "+EmbedFrameAncestors, 1)
	}
	return CSP
}

// contentTypes overrides the system MIME table, which varies between machines; .wasm must be
// application/wasm for WebAssembly.instantiateStreaming.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".map":  "application/json",
}

// hashed matches the content-hashed names Build gives assets (name-0123abcd.ext).
var hashed = regexp.MustCompile(`-[0-9a-f]{8}\.[a-z0-9]+$`)

// encodings in order of preference, with the suffix Build gives the precompressed files.
var encodings = []struct{ name, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// Handler serves a directory written by Build. It reads the directory on every request, so a
// rebuild (which replaces the directory) is picked up at once. Mount it under a sub-path with
// http.StripPrefix: every URL in the site is relative.
func Handler(dir string) http.Handler {
	fsys := os.DirFS(dir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", cspFor(r.URL.Path))
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")

		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" {
			name = "index.html"
		}
		// fs.ValidPath rejects "..", empty elements and trailing slashes.
		if !fs.ValidPath(name) {
			http.NotFound(w, r)
			return
		}
		f, err := fsys.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || !info.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}

		ext := path.Ext(name)
		ctype, ok := contentTypes[ext]
		if !ok {
			if ctype = mime.TypeByExtension(ext); ctype == "" {
				ctype = "application/octet-stream"
			}
		}
		h.Set("Content-Type", ctype)
		if hashed.MatchString(name) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		}

		// os.DirFS files are *os.File, which http.ServeContent can seek.
		body, modtime := f.(io.ReadSeeker), info.ModTime()
		vary := false
		for _, enc := range encodings {
			cf, err := fsys.Open(name + enc.suffix)
			if err != nil {
				continue
			}
			vary = true // the response depends on Accept-Encoding as soon as a variant exists
			ci, err := cf.Stat()
			if err != nil || !ci.Mode().IsRegular() || h.Get("Content-Encoding") != "" ||
				!accepts(r.Header.Get("Accept-Encoding"), enc.name) {
				cf.Close()
				continue
			}
			defer cf.Close()
			h.Set("Content-Encoding", enc.name)
			body, modtime = cf.(io.ReadSeeker), ci.ModTime()
		}
		if vary {
			h.Set("Vary", "Accept-Encoding")
		}
		http.ServeContent(w, r, name, modtime, body)
	})
}

// accepts reports whether an Accept-Encoding header value admits coding: listed (or "*") with
// a q-value above zero.
func accepts(header, coding string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		switch {
		case strings.EqualFold(name, coding):
			return q > 0
		case name == "*":
			star = q > 0
		}
	}
	return star
}
