package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	esbuild "github.com/evanw/esbuild/pkg/api"

	"bucketlab/build/site"
	"bucketlab/core/api"
)

// make bench: one table, also written to bench.json at the repository root.
// Timing is reported here, never asserted; the size budget is size_test.go's.
//
//   - wasm size raw/gzip/brotli, beside a bare Go wasm (testdata/bare) that
//     only sets a ready flag, built in the same run;
//   - navigation → editor usable and → first diagnostic, medians over fresh
//     loads (a new browser profile each: no HTTP cache, no compiled-code
//     cache, no service worker) and repeat visits (the same profile), for the
//     page with the core and with the bare wasm;
//   - per-keystroke `check` of a 200 B, 20 KB and 200 KB S3 policy through
//     the page's Web Worker (round trip), beside the same check natively;
//   - signing in the page, beside JavaScript signers run in the same page
//     (web/bench.html, bundled here and never part of dist/).
const benchRuns = 5

// probe runs before any page script and records, relative to navigation
// start, when the page starts the core's worker, when the editor can take
// input, when the core reports ready and when the first diagnostic list
// arrives.
const probe = `(() => {
  const marks = window.__marks = {};
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...args) { if (!marks.worker) marks.worker = performance.now(); super(...args); }
  };
  const look = () => {
    const now = performance.now();
    if (!marks.editor && document.querySelector('.cm-content[contenteditable=true]')) marks.editor = now;
    const st = document.querySelector('[data-testid=core-status]');
    if (!marks.ready && st && st.dataset.state === 'ready') marks.ready = now;
    const ul = document.querySelector('[data-testid=diagnostics]');
    if (!marks.firstAnswer && ul && ul.dataset.state === 'idle' && ul.dataset.count !== undefined) marks.firstAnswer = now;
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true});
})()`

// benchResult is bench.json.
type benchResult struct {
	Machine  map[string]string               `json:"machine"`
	Sizes    map[string]map[string]int       `json:"sizes"` // core|bare|page → raw|gzip|brotli
	Loads    map[string]map[string][]float64 `json:"loads"` // "core fresh" → editor|ready|firstAnswer → ms per run
	Check    []checkBench                    `json:"check"`
	Sign     []signBench                     `json:"sign"`
	Page     map[string]any                  `json:"page"` // the bench page's raw answer
	Duration string                          `json:"duration"`
}

type checkBench struct {
	Name              string  `json:"name"`
	Bytes             int     `json:"bytes"`
	WorkerRoundTripUs float64 `json:"workerRoundTripUs"`
	WasmCallUs        float64 `json:"wasmCallUs"` // the same call on the page's main thread, no round trip
	NativeUs          float64 `json:"nativeUs"`
	Diagnostics       int     `json:"diagnostics"`
}

type signBench struct {
	Scheme string  `json:"scheme"`
	Impl   string  `json:"impl"`
	Us     float64 `json:"us"` // median per signature
	N      int     `json:"n"`
}

func TestBench(t *testing.T) {
	if os.Getenv("BUCKETLAB_BENCH") == "" {
		t.Skip("set BUCKETLAB_BENCH=1 (make bench) to measure")
	}
	start := time.Now()
	res := benchResult{Machine: machine(t), Sizes: map[string]map[string]int{}, Loads: map[string]map[string][]float64{}}

	// Sizes: the core as built, a bare Go wasm built now the same way.
	bareDist, bareSizes := bareCopy(t)
	res.Sizes["bare"] = bareSizes
	res.Sizes["core"], res.Sizes["page"] = distSizes(t)

	// Loads, alternating core and bare so that noise hits both alike.
	bareSrv := httptest.NewServer(site.Handler(bareDist))
	defer bareSrv.Close()
	targets := []struct{ name, url string }{{"core", srv.URL + "/"}, {"bare", bareSrv.URL + "/"}}
	for _, tg := range targets {
		for _, kind := range []string{"fresh", "repeat"} {
			res.Loads[tg.name+" "+kind] = map[string][]float64{}
		}
	}
	for i := 0; i < benchRuns; i++ {
		for _, tg := range targets {
			add(res.Loads[tg.name+" fresh"], loadOnce(t, newProfile(t), tg.url))
		}
	}
	for _, tg := range targets {
		profile := newProfile(t)
		loadOnce(t, profile, tg.url) // the first visit fills the caches
		time.Sleep(2 * time.Second)  // compiled code and the service worker are stored after a while
		for i := 0; i < benchRuns; i++ {
			add(res.Loads[tg.name+" repeat"], loadOnce(t, profile, tg.url))
		}
	}

	// The bench page: check and sign in the page, with JavaScript peers.
	policies, signs := benchInputs(t)
	pageRes := runBenchPage(t, policies, signs)
	res.Page = pageRes

	// The same work natively, measured by the testing package as go test -bench does.
	for i, pc := range asList(pageRes["check"]) {
		src := policies[i]["source"]
		req, _ := json.Marshal(api.CheckRequest{Provider: "s3", Document: "policy", Source: src})
		res.Check = append(res.Check, checkBench{
			Name: dig(pc, "name").(string), Bytes: len(src),
			WorkerRoundTripUs: dig(pc, "workerRoundTrip", "medianUs").(float64),
			WasmCallUs:        dig(pc, "mainThread", "medianUs").(float64),
			NativeUs:          nativeUs(func() { api.Call("check", req) }),
			Diagnostics:       int(dig(pc, "diagnostics").(float64)),
		})
	}
	nativeDone := map[string]bool{}
	for _, ps := range asList(pageRes["sign"]) {
		scheme := dig(ps, "scheme").(string)
		if !nativeDone[scheme] {
			nativeDone[scheme] = true
			req, _ := json.Marshal(signs[scheme]["request"])
			res.Sign = append(res.Sign, signBench{Scheme: scheme, Impl: "bucketlab (Go, native)", Us: nativeUs(func() { api.Call("sign", req) })})
		}
		res.Sign = append(res.Sign, signBench{Scheme: scheme, Impl: dig(ps, "impl").(string),
			Us: dig(ps, "stat", "medianUs").(float64), N: int(dig(ps, "stat", "n").(float64))})
	}
	res.Duration = time.Since(start).Round(time.Second).String()

	table := benchTable(res)
	fmt.Print("\n" + table)
	out, _ := json.MarshalIndent(res, "", "  ")
	root, _ := filepath.Abs("..")
	for _, p := range []string{filepath.Join(root, "bench.json"), filepath.Join(artifacts, "bench.json")} {
		if err := os.WriteFile(p, append(out, '\n'), 0o644); err != nil {
			t.Error(err)
		}
	}
	_ = os.WriteFile(filepath.Join(artifacts, "bench.txt"), []byte(table), 0o644)
	t.Logf("wrote bench.json and %s", filepath.Join(artifacts, "bench.txt"))
}

func add(into map[string][]float64, marks map[string]float64) {
	for k, v := range marks {
		into[k] = append(into[k], v)
	}
}

// newProfile is a fresh browser profile (a new browser context): its own
// HTTP cache, compiled-code cache and service workers. Tabs made from it
// share them, as a user's repeat visits do.
func newProfile(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return ctx
}

// loadOnce opens url in a new tab of profile and returns the probe's marks.
func loadOnce(t *testing.T, profile context.Context, url string) map[string]float64 {
	t.Helper()
	ctx, cancel := chromedp.NewContext(profile)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	err := chromedp.Do(ctx,
		func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
			return chromedp.Void{}, err
		},
		chromedp.Navigate(url),
	)
	if err != nil {
		t.Fatal(err)
	}
	marks, err := chromedp.Run(ctx, chromedp.Poll[map[string]float64](`window.__marks?.firstAnswer && window.__marks.editor ? window.__marks : null`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("%s: no first answer: %v", url, err)
	}
	// Let the page finish what it does after the first answer (registering the
	// service worker), as a user who stays a moment would.
	time.Sleep(300 * time.Millisecond)
	return marks
}

// bareCopy is dist/ with the core's wasm replaced by the bare one, built now
// with the same flags and compressed the same way; it returns its sizes.
func bareCopy(t *testing.T) (string, map[string]int) {
	t.Helper()
	dir := t.TempDir()
	if err := exec.Command("cp", "-r", distDir+"/.", dir).Run(); err != nil {
		t.Fatal(err)
	}
	wasm := readManifest(t).Assets["core.wasm"]
	path := filepath.Join(dir, wasm)
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", path, "./testdata/bare")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the bare wasm: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var gz, br bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	bw.Write(raw)
	bw.Close()
	for suffix, data := range map[string][]byte{".gz": gz.Bytes(), ".br": br.Bytes()} {
		if err := os.WriteFile(path+suffix, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, map[string]int{"raw": len(raw), "gzip": gz.Len(), "brotli": br.Len()}
}

type manifest struct {
	Assets map[string]string `json:"assets"`
	Files  []struct {
		Name               string
		Size, Gzip, Brotli int
	} `json:"files"`
}

func readManifest(t *testing.T) manifest {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(distDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// distSizes returns the core wasm's sizes and the playground's total: what
// a first visit to index.html downloads.
func distSizes(t *testing.T) (core, total map[string]int) {
	t.Helper()
	m := readManifest(t)
	core, total = map[string]int{}, map[string]int{}
	want := map[string]bool{"index.html": true}
	for _, logical := range []string{"core.wasm", "wasm_exec.js", "worker.js", "main.js", "style.css"} {
		want[m.Assets[logical]] = true
	}
	for _, f := range m.Files {
		if f.Name == m.Assets["core.wasm"] {
			core = map[string]int{"raw": f.Size, "gzip": f.Gzip, "brotli": f.Brotli}
		}
		if want[f.Name] {
			total["raw"] += f.Size
			total["gzip"] += f.Gzip
			total["brotli"] += f.Brotli
		}
	}
	return core, total
}

// benchInputs are the policies (the files core/api's BenchmarkCheckPolicy
// reads) and one PUT /?cors per signing scheme.
func benchInputs(t *testing.T) ([]map[string]string, map[string]map[string]any) {
	t.Helper()
	var policies []map[string]string
	for _, size := range []string{"200B", "20KB", "200KB"} {
		src, err := os.ReadFile("../core/api/testdata/bench/s3-policy-" + size + ".json")
		if err != nil {
			t.Fatal(err)
		}
		policies = append(policies, map[string]string{"name": "S3 policy " + size, "provider": "s3", "source": string(src)})
	}
	const ak, sk = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	body := `<CORSConfiguration><CORSRule><AllowedOrigin>https://www.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`
	headers := map[string]string{"Content-Type": "application/xml", "Content-MD5": "5TX0d6zaoaLW+hY1NSwqYg=="}
	signs := map[string]map[string]any{}
	for _, s := range []struct{ scheme, provider, bucket, region, host string }{
		{"qingstor", "qingstor", "mybucket", "pek3a", "mybucket.pek3a.qingstor.com"},
		{"cos", "cos", "examplebucket-1250000000", "ap-guangzhou", "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com"},
		{"sigv4", "s3", "examplebucket", "us-east-1", "examplebucket.s3.us-east-1.amazonaws.com"},
	} {
		signs[s.scheme] = map[string]any{
			"request": map[string]any{"provider": s.provider, "method": "PUT", "bucket": s.bucket, "region": s.region, "query": "cors",
				"headers": headers, "body": body, "time": signTime,
				"credentials": map[string]string{"accessKeyId": ak, "secretAccessKey": sk}},
			"url": "https://" + s.host + "/?cors", "host": s.host, "headers": headers, "body": body,
			"accessKeyId": ak, "secretAccessKey": sk, "region": s.region, "time": signTime,
		}
	}
	return policies, signs
}

// runBenchPage bundles web/bench.html's script with esbuild into a temporary
// directory, serves it under /bench/ beside dist/ on one origin (the page
// loads the core's worker and wasm from dist/), runs it and returns its
// answer.
func runBenchPage(t *testing.T, policies []map[string]string, signs map[string]map[string]any) map[string]any {
	t.Helper()
	web, _ := filepath.Abs("../web")
	dir := t.TempDir()
	out := esbuild.Build(esbuild.BuildOptions{
		EntryPoints: []string{"src/bench/main.ts"}, AbsWorkingDir: web, Outfile: filepath.Join(dir, "bench.js"),
		Bundle: true, Write: true, Format: esbuild.FormatIIFE, Platform: esbuild.PlatformBrowser, Target: esbuild.ES2020,
		MinifySyntax: true, MinifyWhitespace: true, MinifyIdentifiers: true, LogLevel: esbuild.LogLevelSilent,
		// The peers are CommonJS written for Node and browsers alike.
		Define: map[string]string{"process.env.NODE_ENV": `"production"`, "global": "globalThis"},
	})
	if len(out.Errors) > 0 {
		t.Fatalf("esbuild web/src/bench/main.ts: %s", strings.Join(esbuild.FormatMessages(out.Errors, esbuild.FormatMessagesOptions{Kind: esbuild.ErrorMessage}), ""))
	}
	html, err := os.ReadFile(filepath.Join(web, "bench.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), html, 0o644); err != nil {
		t.Fatal(err)
	}
	dist := site.Handler(distDir)
	benchFiles := http.StripPrefix("/bench/", http.FileServer(http.Dir(dir)))
	mux := http.NewServeMux()
	mux.HandleFunc("/bench/", func(w http.ResponseWriter, r *http.Request) {
		// The site's headers: the same CSP (the peers must live with it too)
		// and cross-origin isolation, which gives performance.now() its 5 µs.
		h := w.Header()
		h.Set("Content-Security-Policy", site.CSP)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		h.Set("Cache-Control", "no-cache")
		benchFiles.ServeHTTP(w, r)
	})
	mux.Handle("/", dist)
	benchSrv := httptest.NewServer(mux)
	defer benchSrv.Close()

	ctx, cancel := chromedp.NewContext(newProfile(t))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(benchSrv.URL+"/bench/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof window.__bench === 'function'`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the bench page did not load: %v", err)
	}
	params, _ := json.Marshal(map[string]any{"policies": policies, "sign": signs, "ms": 1500})
	res, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`window.__bench(`+string(params)+`)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("the bench page failed: %v", err)
	}
	if res["crossOriginIsolated"] != true {
		t.Log("the bench page is not cross-origin isolated: performance.now() is coarse (100 µs)")
	}
	return res
}

// nativeUs is fn's time per call, as go test -bench measures it.
func nativeUs(fn func()) float64 {
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			fn()
		}
	})
	return float64(r.NsPerOp()) / 1000
}

func machine(t *testing.T) map[string]string {
	m := map[string]string{
		"go": runtime.Version(), "os": runtime.GOOS + "/" + runtime.GOARCH, "cpus": fmt.Sprint(runtime.NumCPU()),
		"date": time.Now().UTC().Format(time.RFC3339),
	}
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(raw), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m["cpu"] = strings.TrimSpace(v)
				break
			}
		}
	}
	if raw, err := os.ReadFile("/proc/loadavg"); err == nil {
		m["load"] = strings.Join(strings.Fields(string(raw))[:3], " ") // other work on the machine skews timings
	}
	if raw, err := os.ReadFile("/etc/os-release"); err == nil {
		for line := range strings.SplitSeq(string(raw), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				m["os"] += ", " + strings.Trim(v, `"`)
			}
		}
	}
	v, err := chromedp.Run(browserCtx, chromedp.Action[browser.GetVersionResult](func(ctx context.Context, _ *chromedp.Target) (browser.GetVersionResult, error) {
		return chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	}))
	if err == nil {
		m["browser"] = v.Product + " (headless)"
	} else {
		t.Logf("browser version: %v", err)
	}
	return m
}

// benchTable renders the one table make bench prints.
func benchTable(r benchResult) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("bucketlab benchmark, %s\n", r.Machine["date"])
	w("machine: %s, %s CPUs, %s; %s; %s; load average at start %s\n\n", r.Machine["cpu"], r.Machine["cpus"], r.Machine["os"], r.Machine["browser"], r.Machine["go"], r.Machine["load"])
	w("| %-52s | %14s | %14s | %-34s |\n", "measure", "bucketlab", "baseline", "baseline is")
	w("|%s|%s:|%s:|%s|\n", strings.Repeat("-", 54), strings.Repeat("-", 15), strings.Repeat("-", 15), strings.Repeat("-", 36))
	row := func(measure, ours, base, what string) {
		w("| %-52s | %14s | %14s | %-34s |\n", measure, ours, base, what)
	}
	for _, enc := range []string{"raw", "gzip", "brotli"} {
		row("core.wasm size, "+enc, kB(r.Sizes["core"][enc]), kB(r.Sizes["bare"][enc]), "bare Go wasm (sets a ready flag)")
	}
	row("first visit download (page, JS, CSS, wasm), brotli", kB(r.Sizes["page"]["brotli"]), "", "")
	for _, kind := range []string{"fresh", "repeat"} {
		label := map[string]string{"fresh": "first visit", "repeat": "repeat visit"}[kind]
		for _, m := range []struct{ key, name string }{{"worker", "worker started"}, {"editor", "editor usable"}, {"ready", "core ready"}, {"firstAnswer", "first diagnostic"}} {
			core, bare := r.Loads["core "+kind][m.key], r.Loads["bare "+kind][m.key]
			row(fmt.Sprintf("%s: navigation → %s (median of %d)", label, m.name, len(core)), ms(median(core)), ms(median(bare)), "same page, bare Go wasm")
		}
	}
	for _, c := range r.Check {
		row(fmt.Sprintf("check %s: worker round trip", c.Name), us(c.WorkerRoundTripUs), us(c.NativeUs), fmt.Sprintf("native Go (%.1f× slower in page)", c.WorkerRoundTripUs/c.NativeUs))
		row(fmt.Sprintf("check %s: wasm call on the main thread", c.Name), us(c.WasmCallUs), us(c.NativeUs), fmt.Sprintf("native Go (wasm/native %.1f×)", c.WasmCallUs/c.NativeUs))
	}
	schemes := []string{"qingstor", "cos", "sigv4"}
	for _, scheme := range schemes {
		var ours, native float64
		for _, s := range r.Sign {
			if s.Scheme != scheme {
				continue
			}
			switch s.Impl {
			case "bucketlab (wasm, this thread)":
				ours = s.Us
			case "bucketlab (Go, native)":
				native = s.Us
			}
		}
		row(fmt.Sprintf("sign %s (PUT /?cors): per signature, in page", scheme), us(ours), us(native), "bucketlab native Go")
		for _, s := range r.Sign {
			if s.Scheme == scheme && !strings.HasPrefix(s.Impl, "bucketlab (Go") && s.Impl != "bucketlab (wasm, this thread)" {
				row("", "", us(s.Us), s.Impl)
			}
		}
	}
	w("\nwasm call and signing include the JSON request and response (steps, HTTP text, curl) that the page uses;\n")
	w("the JavaScript signers return headers only. Sizes in KB (1000 bytes); times are medians. Took %s.\n", r.Duration)
	return b.String()
}

func kB(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}

func ms(v float64) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprintf("%.0f ms", v)
}

func us(v float64) string {
	switch {
	case v == 0:
		return ""
	case v >= 10000:
		return fmt.Sprintf("%.1f ms", v/1000)
	case v >= 100:
		return fmt.Sprintf("%.0f µs", v)
	default:
		return fmt.Sprintf("%.1f µs", v)
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
