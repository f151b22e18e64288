// Package site builds the static playground (dist/) and serves it.
//
// Build compiles the Go core to WebAssembly, bundles web/ with esbuild, names every asset by a
// hash of its content, precompresses it and writes a manifest. The output is a plain static site
// whose URLs are all relative, so it works under any sub-path of any static host. Handler serves
// such a directory with the headers the page wants (CSP, cross-origin isolation, caching) and the
// precompressed variants.
package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/evanw/esbuild/pkg/api"
)

// Options configures Build.
type Options struct {
	Root string // repository root: holds wasm/ and web/
	Out  string // output directory; replaced as a whole, only once the build succeeded
	Dev  bool   // keep symbols in the wasm, don't minify, inline source maps, compress faster
	// Tags are extra Go build tags for the wasm; the e2e tests build with bucketlab_testops.
	Tags []string
	Log  io.Writer // progress, npm output and esbuild warnings; nil discards them
}

// Manifest describes dist/; Build writes it as dist/manifest.json.
type Manifest struct {
	// Assets maps a logical name (core.wasm, wasm_exec.js, worker.js, main.js, style.css) to the
	// content-hashed file name.
	Assets map[string]string `json:"assets"`
	Files  []File            `json:"files"` // every file except the manifest and the .gz/.br variants, by name
}

// File is one file of dist/ with its sizes as served raw, gzip- and brotli-encoded.
type File struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	Gzip   int    `json:"gzip"`
	Brotli int    `json:"brotli"`
	SHA256 string `json:"sha256"` // of the raw bytes, hex
}

// Names the page and the worker are compiled against; esbuild's Define replaces them with the
// hashed file names (see web/src/globals.d.ts).
const (
	defineWorker   = "__BUCKETLAB_WORKER__"
	defineCoreWasm = "__BUCKETLAB_CORE_WASM__"
	defineWasmExec = "__BUCKETLAB_WASM_EXEC__"
	defineAssets   = "__BUCKETLAB_ASSETS__" // sw.ts: JSON list of the files to cache
)

// pages are the HTML files of web/ copied to dist/ with the hashed names substituted.
var pages = []string{"index.html", "embed.html", "docs-example.html"}

// Build writes the site for opts into opts.Out. It builds into a sibling directory first and
// swaps it in at the end, so a failed build leaves the previous output alone and a server
// running on opts.Out never sees a half-written site for long.
func Build(opts Options) (Manifest, error) {
	b := &builder{opts: opts, log: opts.Log, files: map[string][]byte{}, assets: map[string]string{}}
	if b.log == nil {
		b.log = io.Discard
	}
	var err error
	if b.root, err = filepath.Abs(opts.Root); err != nil {
		return Manifest{}, err
	}
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return Manifest{}, err
	}
	// Out is deleted wholesale: refuse anything that would take the sources with it.
	if rel, err := filepath.Rel(out, b.root); err == nil && !strings.HasPrefix(rel, "..") {
		return Manifest{}, fmt.Errorf("output directory %s contains the repository %s", out, b.root)
	}
	b.web = filepath.Join(b.root, "web")

	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return Manifest{}, err
	}
	stage, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+"-")
	if err != nil {
		return Manifest{}, err
	}
	defer os.RemoveAll(stage)
	if err := os.Chmod(stage, 0o755); err != nil { // MkdirTemp makes it private
		return Manifest{}, err
	}
	b.stage = stage

	m, err := b.run()
	if err != nil {
		return Manifest{}, err
	}
	if err := os.RemoveAll(out); err != nil {
		return Manifest{}, err
	}
	if err := os.Rename(stage, out); err != nil {
		return Manifest{}, err
	}
	return m, nil
}

type builder struct {
	opts             Options
	log              io.Writer
	root, web, stage string
	files            map[string][]byte // hashed or fixed name → content, written at the end
	assets           map[string]string // logical → hashed name
}

func (b *builder) run() (Manifest, error) {
	wasm, err := b.goWasm()
	if err != nil {
		return Manifest{}, err
	}
	b.add("core.wasm", wasm)

	wasmExec, err := b.wasmExec()
	if err != nil {
		return Manifest{}, err
	}
	b.add("wasm_exec.js", wasmExec)

	if err := b.npm(); err != nil {
		return Manifest{}, err
	}

	// The hashes chain: the worker embeds the names of core.wasm and wasm_exec.js, the page
	// embeds the worker's name, index.html names the page's script and stylesheet. Any change
	// below therefore renames everything above it, and stale caches can't mix versions.
	worker, err := b.bundle("src/worker.ts", map[string]string{
		defineCoreWasm: b.assets["core.wasm"],
		defineWasmExec: b.assets["wasm_exec.js"],
	})
	if err != nil {
		return Manifest{}, err
	}
	b.add("worker.js", worker)

	page, err := b.bundle("src/main.ts", map[string]string{defineWorker: b.assets["worker.js"]})
	if err != nil {
		return Manifest{}, err
	}
	b.add("main.js", page)

	// The embed script for documentation pages is an ES module (<script type="module">); it
	// starts the same worker, found relative to its own URL.
	embed, err := b.bundleFormat("src/embed.ts", map[string]string{defineWorker: b.assets["worker.js"]}, api.FormatESModule)
	if err != nil {
		return Manifest{}, err
	}
	b.add("embed.js", embed)

	css, err := b.bundle("src/style.css", nil)
	if err != nil {
		return Manifest{}, err
	}
	b.add("style.css", css)

	for _, name := range pages {
		html, err := b.page(name)
		if err != nil {
			return Manifest{}, err
		}
		b.files[name] = html
	}

	// The service worker keeps a fixed name (a page registers it by name) and lists every other
	// file, so a new build is a new worker that caches the new set and drops the old.
	assets, _ := json.Marshal(b.cacheList())
	sw, err := b.bundle("src/sw.ts", map[string]string{defineAssets: string(assets)})
	if err != nil {
		return Manifest{}, err
	}
	b.files["sw.js"] = sw

	return b.write()
}

// add stores content under its hashed name, e.g. core.wasm → core-3f2a9c1d.wasm.
func (b *builder) add(logical string, content []byte) {
	sum := sha256.Sum256(content)
	ext := filepath.Ext(logical)
	name := strings.TrimSuffix(logical, ext) + "-" + hex.EncodeToString(sum[:4]) + ext
	b.files[name] = content
	b.assets[logical] = name
}

// goWasm compiles ./wasm for GOOS=js. -trimpath, -buildid= and -buildvcs=false make the output
// depend on the sources only, not on the checkout's path or its git state.
func (b *builder) goWasm() ([]byte, error) {
	start := time.Now()
	tmp := filepath.Join(b.stage, "core.wasm.tmp")
	ldflags := "-ldflags=-s -w -buildid="
	if b.opts.Dev {
		ldflags = "-ldflags=-buildid=" // keep DWARF and the symbol table for stack traces
	}
	args := []string{"build", "-trimpath", "-buildvcs=false", ldflags}
	if len(b.opts.Tags) > 0 {
		args = append(args, "-tags="+strings.Join(b.opts.Tags, ","))
	}
	cmd := exec.Command("go", append(args, "-o", tmp, "./wasm")...)
	cmd.Dir = b.root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./wasm (GOOS=js GOARCH=wasm): %v\n%s", err, out)
	}
	wasm, err := os.ReadFile(tmp)
	if err != nil {
		return nil, err
	}
	os.Remove(tmp)
	fmt.Fprintf(b.log, "bucketlab: core.wasm %s in %v\n", kb(len(wasm)), time.Since(start).Round(time.Millisecond))
	return wasm, nil
}

// wasmExec returns the wasm_exec.js of the same toolchain that compiled core.wasm: the two must
// match. Go 1.24 moved it from misc/wasm to lib/wasm.
func (b *builder) wasmExec() ([]byte, error) {
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Dir = b.root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	for _, dir := range []string{"lib/wasm", "misc/wasm"} {
		data, err := os.ReadFile(filepath.Join(goroot, dir, "wasm_exec.js"))
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("wasm_exec.js not found in %s/lib/wasm or %s/misc/wasm", goroot, goroot)
}

// npm runs `npm ci` when web/node_modules is missing or older than the lock file. npm writes
// node_modules/.package-lock.json on every install, so its mtime says when that was.
func (b *builder) npm() error {
	lock, err := os.Stat(filepath.Join(b.web, "package-lock.json"))
	if err != nil {
		return err
	}
	installed, err := os.Stat(filepath.Join(b.web, "node_modules", ".package-lock.json"))
	if err == nil && !installed.ModTime().Before(lock.ModTime()) {
		return nil
	}
	fmt.Fprintln(b.log, "bucketlab: npm ci in web/")
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = b.web
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(b.log, &out)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci in %s: %v\n%s", b.web, err, out.Bytes())
	}
	return nil
}

// bundle runs esbuild on one entry point of web/ and returns the single output file. Both the
// page and the worker are IIFEs: the worker is a classic worker (importScripts needs that) and
// the page is loaded by a plain <script defer>.
func (b *builder) bundle(entry string, defines map[string]string) ([]byte, error) {
	return b.bundleFormat(entry, defines, api.FormatIIFE)
}

func (b *builder) bundleFormat(entry string, defines map[string]string, format api.Format) ([]byte, error) {
	define := map[string]string{}
	for k, v := range defines {
		quoted, _ := json.Marshal(v)
		define[k] = string(quoted)
	}
	minify, sourcemap := !b.opts.Dev, api.SourceMapNone
	if b.opts.Dev {
		sourcemap = api.SourceMapInline
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
		AbsWorkingDir:     b.web,
		Outdir:            filepath.Join(b.stage, "esbuild"), // for esbuild's naming only: Write is false
		Bundle:            true,
		Write:             false,
		Format:            format,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2020,
		MinifyWhitespace:  minify,
		MinifyIdentifiers: minify,
		MinifySyntax:      minify,
		Sourcemap:         sourcemap,
		Define:            define,
		LogLevel:          api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage, TerminalWidth: 100})
		return nil, fmt.Errorf("esbuild %s:\n%s", entry, strings.Join(msgs, ""))
	}
	for _, w := range api.FormatMessages(res.Warnings, api.FormatMessagesOptions{Kind: api.WarningMessage, TerminalWidth: 100}) {
		fmt.Fprint(b.log, w)
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("esbuild %s: %d output files, want 1", entry, len(res.OutputFiles))
	}
	return res.OutputFiles[0].Contents, nil
}

// page substitutes the hashed names into one HTML file of web/, which refers to the logical
// names (main.js, embed.js, style.css, …) as exact quoted attribute values. index.html must
// name the page's script and stylesheet.
func (b *builder) page(name string) ([]byte, error) {
	html, err := os.ReadFile(filepath.Join(b.web, name))
	if err != nil {
		return nil, err
	}
	if name == "index.html" {
		for _, logical := range []string{"main.js", "style.css"} {
			if n := bytes.Count(html, []byte(`"`+logical+`"`)); n != 1 {
				return nil, fmt.Errorf("web/index.html: want exactly one \"%s\", found %d", logical, n)
			}
		}
	}
	for logical, hashed := range b.assets {
		html = bytes.ReplaceAll(html, []byte(`"`+logical+`"`), []byte(`"`+hashed+`"`))
	}
	return html, nil
}

// cacheList is what the service worker caches: the pages (by their directory-relative URL)
// and every hashed asset.
func (b *builder) cacheList() []string {
	list := []string{"./"}
	list = append(list, pages...)
	for _, hashed := range b.assets {
		list = append(list, hashed)
	}
	sort.Strings(list[1+len(pages):])
	return list
}

// write compresses every file in parallel (brotli at its best level takes seconds on the
// wasm), writes it with its .gz and .br variants and the manifest, and returns the manifest.
func (b *builder) write() (Manifest, error) {
	start := time.Now()
	names := make([]string, 0, len(b.files))
	for name := range b.files {
		names = append(names, name)
	}
	sort.Strings(names)

	m := Manifest{Assets: b.assets, Files: make([]File, len(names))}
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			m.Files[i], errs[i] = b.writeFile(name, b.files[name])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Manifest{}, err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := os.WriteFile(filepath.Join(b.stage, "manifest.json"), append(data, '\n'), 0o644); err != nil {
		return Manifest{}, err
	}
	for _, f := range m.Files {
		fmt.Fprintf(b.log, "bucketlab: %-28s %10s  gzip %10s  br %10s\n", f.Name, kb(f.Size), kb(f.Gzip), kb(f.Brotli))
	}
	fmt.Fprintf(b.log, "bucketlab: compressed in %v\n", time.Since(start).Round(time.Millisecond))
	return m, nil
}

func (b *builder) writeFile(name string, content []byte) (File, error) {
	gzLevel, brLevel := gzip.BestCompression, brotli.BestCompression
	if b.opts.Dev {
		// Brotli 11 spends ~8 s on the wasm; -dev rebuilds on every save.
		gzLevel, brLevel = gzip.DefaultCompression, 5
	}
	var gz, br bytes.Buffer
	// gzip.Writer leaves the header's name and mtime empty, so the output is reproducible.
	zw, _ := gzip.NewWriterLevel(&gz, gzLevel)
	zw.Write(content)
	if err := zw.Close(); err != nil {
		return File{}, err
	}
	bw := brotli.NewWriterLevel(&br, brLevel)
	bw.Write(content)
	if err := bw.Close(); err != nil {
		return File{}, err
	}
	path := filepath.Join(b.stage, name)
	for suffix, data := range map[string][]byte{"": content, ".gz": gz.Bytes(), ".br": br.Bytes()} {
		if err := os.WriteFile(path+suffix, data, 0o644); err != nil {
			return File{}, err
		}
	}
	sum := sha256.Sum256(content)
	return File{Name: name, Size: len(content), Gzip: gz.Len(), Brotli: br.Len(), SHA256: hex.EncodeToString(sum[:])}, nil
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }
