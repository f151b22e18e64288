package e2e

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"bucketlab/build/site"
)

var (
	srv        *httptest.Server
	browserCtx context.Context
	served     = &requestLog{}
	artifacts  string
	// distDir is the site under test; distTestOps says it was built with the
	// bucketlab_testops tag (the test-only "panic" op), which E2E_DIST builds lack.
	distDir     string
	distTestOps bool
)

// requestLog records every request the test server receives, so tests can
// prove what the page asked for (including from its Web Worker).
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) add(u string) { l.mu.Lock(); l.urls = append(l.urls, u); l.mu.Unlock() }
func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...)
}

func findBrowser() string {
	for _, c := range []string{os.Getenv("CHROME"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		fmt.Println("e2e: skipped (-short)")
		os.Exit(0)
	}
	exe := findBrowser()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			fmt.Println("e2e: FAIL: no Chromium found; install it with `apt-get install -y chromium` or set CHROME=/path/to/chrome")
			os.Exit(1)
		}
		fmt.Println("e2e: SKIPPED LOUDLY: no Chromium found (apt-get install -y chromium, or set CHROME); the end-to-end tests did not run")
		os.Exit(0)
	}
	os.Exit(run(m, exe))
}

func run(m *testing.M, exe string) int {
	dist := os.Getenv("E2E_DIST")
	if dist == "" {
		tmp, err := os.MkdirTemp("", "bucketlab-dist-")
		if err != nil {
			fmt.Println("e2e:", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		root, _ := filepath.Abs("..")
		if _, err := site.Build(site.Options{Root: root, Out: tmp, Log: os.Stderr, Tags: []string{"bucketlab_testops"}}); err != nil {
			fmt.Println("e2e: building dist:", err)
			return 1
		}
		dist, distTestOps = tmp, true
	}
	distDir = dist
	artifacts = os.Getenv("E2E_ARTIFACTS")
	if artifacts == "" {
		artifacts, _ = filepath.Abs("../artifacts")
	}
	_ = os.MkdirAll(artifacts, 0o755)

	h := site.Handler(dist)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// URL, headers and body (security_test.go)
		served.record(r)
		if outage(w) { // offline_test.go: the server plays dead
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()

	userData, _ := os.MkdirTemp("", "bucketlab-chrome-")
	defer os.RemoveAll(userData)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // root in CI containers
		chromedp.DisableGPU,
		chromedp.UserDataDir(userData),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1400, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	var cancelBrowser context.CancelFunc
	browserCtx, cancelBrowser = chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	// Start the browser on the long-lived context: a browser started on a
	// context with a timeout dies with it.
	if err := chromedp.Do(browserCtx); err != nil {
		fmt.Println("e2e: starting Chromium:", err)
		return 1
	}
	return m.Run()
}
