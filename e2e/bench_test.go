package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"bucketlab/build/site"
)

// probe runs before any page script and records, relative to navigation
// start, when the core reports ready and when the first lint answer is shown.
const probe = `(() => {
  const marks = window.__marks = {};
  const look = () => {
    const st = document.querySelector('[data-testid=core-status]');
    if (!marks.ready && st && st.dataset.state === 'ready') marks.ready = performance.now();
    const ul = document.querySelector('[data-testid=diagnostics]');
    if (marks.ready && !marks.firstAnswer && ul && ul.dataset.state === 'idle' && ul.dataset.count !== undefined) marks.firstAnswer = performance.now();
    if (!marks.editor && document.querySelector('.cm-content')) marks.editor = performance.now();
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true});
})()`

// TestLoadBenchmark prints medians of navigation → editor usable, → core
// ready and → first lint answer, for the real core and for a bare Go wasm
// on the same page, in the same run. Opt-in (BUCKETLAB_BENCH=1, make bench):
// timing is reported, never asserted.
func TestLoadBenchmark(t *testing.T) {
	if os.Getenv("BUCKETLAB_BENCH") == "" {
		t.Skip("set BUCKETLAB_BENCH=1 (make bench) to measure load times")
	}
	bareDist := bareCopy(t)
	bareSrv := httptest.NewServer(site.Handler(bareDist))
	defer bareSrv.Close()
	const runs = 5
	results := map[string]map[string][]float64{}
	for i := 0; i < runs; i++ {
		for _, target := range []struct{ name, url string }{{"core", srv.URL}, {"bare", bareSrv.URL}} {
			marks := loadOnce(t, target.url+"/")
			if results[target.name] == nil {
				results[target.name] = map[string][]float64{}
			}
			for k, v := range marks {
				results[target.name][k] = append(results[target.name][k], v)
			}
		}
	}
	fmt.Printf("\nload benchmark, %d fresh loads each (cache disabled), medians in ms:\n", runs)
	fmt.Printf("%-6s %10s %10s %14s\n", "wasm", "editor", "ready", "first answer")
	for _, name := range []string{"core", "bare"} {
		r := results[name]
		fmt.Printf("%-6s %10.0f %10.0f %14.0f\n", name, median(r["editor"]), median(r["ready"]), median(r["firstAnswer"]))
	}
	fmt.Printf("ratio core/bare: ready %.2f, first answer %.2f\n",
		median(results["core"]["ready"])/median(results["bare"]["ready"]),
		median(results["core"]["firstAnswer"])/median(results["bare"]["firstAnswer"]))
	out, _ := json.MarshalIndent(results, "", "  ")
	_ = os.WriteFile(filepath.Join(artifacts, "load-bench.json"), out, 0o644)
}

func loadOnce(t *testing.T, url string) map[string]float64 {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	err := chromedp.Do(ctx,
		func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				return chromedp.Void{}, err
			}
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
			return chromedp.Void{}, err
		},
		chromedp.Navigate(url),
	)
	if err != nil {
		t.Fatal(err)
	}
	marks, err := chromedp.Run(ctx, chromedp.Poll[map[string]float64](`window.__marks?.firstAnswer ? window.__marks : null`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("%s: no first answer: %v", url, err)
	}
	return marks
}

// bareCopy is dist/ with the core's wasm replaced by the bare one.
func bareCopy(t *testing.T) string {
	t.Helper()
	dist := os.Getenv("E2E_DIST")
	if dist == "" {
		t.Skip("needs E2E_DIST (make bench sets it)")
	}
	dir := t.TempDir()
	if err := exec.Command("cp", "-r", dist+"/.", dir).Run(); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Assets map[string]string `json:"assets"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	wasm := m.Assets["core.wasm"]
	if wasm == "" {
		t.Fatalf("manifest has no core.wasm: %s", raw)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -buildid=", "-o", filepath.Join(dir, wasm), "./testdata/bare")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the bare wasm: %v\n%s", err, out)
	}
	// Precompress the bare wasm as the build does for the core, so both
	// travel and decompress alike.
	raw, err = os.ReadFile(filepath.Join(dir, wasm))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, wasm+".gz"))
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotli.BestCompression)
	w.Write(raw)
	w.Close()
	if err := os.WriteFile(filepath.Join(dir, wasm+".br"), br.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
