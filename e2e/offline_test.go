package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The test server's outage switch (main_test.go calls outage for every
// request): the server can play a dead host, closing every connection without
// an answer, or a broken one, answering 503.
const (
	up = iota
	downDrop
	down503
)

var serverState atomic.Int32

func outage(w http.ResponseWriter) bool {
	switch serverState.Load() {
	case downDrop:
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection too
	case down503:
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return true
	}
	return false
}

// setServer switches the test server's state until the test ends.
func setServer(t *testing.T, state int32) {
	serverState.Store(state)
	t.Cleanup(func() { serverState.Store(up) })
}

// browserOffline makes the tab and its service worker offline, as DevTools'
// "Offline" does.
func browserOffline(ctx context.Context) error {
	yes := true
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &yes,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	return err
}

// TestOfflineRepeatVisit: after one visit the service worker has the site,
// and the page loads, starts its core and checks documents with the network
// gone.
func TestOfflineRepeatVisit(t *testing.T) {
	p := newPage(t)
	// The page registers sw.js once it loaded and the core is ready; the
	// worker installs (caches every file), activates and claims the page.
	ctrl, err := chromedp.Run(p.ctx, chromedp.Poll[string](`navigator.serviceWorker.controller?.state === 'activated' ? navigator.serviceWorker.controller.scriptURL : null`,
		chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("no active service worker controls the page: %v", err)
	}
	if ctrl != srv.URL+"/sw.js" {
		t.Errorf("controller %q, want %s/sw.js", ctrl, srv.URL)
	}
	cached := evalT[[]string](p, `(async () => {
		const names = (await caches.keys()).filter(n => n.startsWith('bucketlab-'));
		if (names.length !== 1) return names;
		return (await (await caches.open(names[0])).keys()).map(r => r.url);
	})()`)
	for _, want := range []string{srv.URL + "/", srv.URL + "/index.html", ".wasm", "worker-", "wasm_exec-", "main-", "style-"} {
		if !contains(cached, want) {
			t.Errorf("the cache lacks %s; it holds %v", want, cached)
		}
	}
	size := evalT[float64](p, `(async () => {
		let n = 0;
		for (const name of await caches.keys()) {
			const c = await caches.open(name);
			for (const r of await c.keys()) n += (await (await c.match(r)).blob()).size;
		}
		return n;
	})()`)
	t.Logf("the offline copy: %d files, %.1f MB as stored (decoded)", len(cached), size/1e6)
	for _, u := range cached {
		if strings.HasSuffix(u, "/sw.js") || strings.HasSuffix(u, "manifest.json") || !strings.HasPrefix(u, srv.URL+"/") {
			t.Errorf("the cache holds %s, which it must not", u)
		}
	}

	check := func(t *testing.T, q *tab) {
		t.Helper()
		res := evalT[map[string]any](q, `window.bucketlab.call('check', {provider: 'qingstor', document: 'cors', source: '{"cors_rules":[{"allowed_origin":"*","allowed_methods":["GET"]}]}'})`)
		if res["ok"] != true {
			t.Errorf("check offline answered %v", res)
		}
		q.settle(noErrors) // the page's own lint of the sample
		if s := evalT[bool](q, `crossOriginIsolated`); !s {
			t.Errorf("the page from the cache lost cross-origin isolation (COOP/COEP headers)")
		}
	}

	t.Run("server gone", func(t *testing.T) {
		setServer(t, downDrop)
		before := len(served.all())
		q := openTab(t, srv.URL+"/")
		check(t, q)
		if len(served.all()) == before {
			t.Errorf("the page never tried the network; the test proves nothing")
		}
	})
	t.Run("server 503", func(t *testing.T) {
		setServer(t, down503)
		q := openTab(t, srv.URL+"/?from=bookmark")
		check(t, q)
	})
	t.Run("browser offline", func(t *testing.T) {
		setServer(t, downDrop) // in case the emulation misses a request
		before := len(served.all())
		q := openTab(t, srv.URL+"/", browserOffline)
		check(t, q)
		if on := evalT[bool](q, `navigator.onLine`); on {
			t.Errorf("navigator.onLine is true: the emulation is off")
		}
		if n := len(served.all()) - before; n > 0 {
			t.Logf("%d requests reached the server despite the emulation: %v", n, served.all()[before:])
		}
	})
	t.Run("online again", func(t *testing.T) {
		before := len(served.all())
		q := openTab(t, srv.URL+"/")
		q.settle(noErrors)
		got := served.all()[before:]
		fetched := false
		for _, u := range got {
			fetched = fetched || u == "/"
		}
		if !fetched {
			t.Errorf("online, the page was not fetched from the network (network first): %v", got)
		}
	})
}

// TestOfflineSubPaths: two copies of the site under sub-paths of one origin
// each register their own worker (scope = their directory), keep their own
// cache, and both open offline.
func TestOfflineSubPaths(t *testing.T) {
	mux := http.NewServeMux()
	for _, dir := range []string{"/a", "/b"} {
		mux.Handle(dir+"/", http.StripPrefix(dir, srv.Config.Handler)) // the main server's handler, outage switch included
	}
	sub := httptest.NewServer(mux)
	defer sub.Close()

	for _, dir := range []string{"/a/", "/b/"} {
		p := openTab(t, sub.URL+dir)
		ctrl, err := chromedp.Run(p.ctx, chromedp.Poll[string](`navigator.serviceWorker.controller?.state === 'activated' ? navigator.serviceWorker.controller.scriptURL : null`,
			chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil || ctrl != sub.URL+dir+"sw.js" {
			t.Fatalf("%s: controller %q (%v), want %ssw.js", dir, ctrl, err, sub.URL+dir)
		}
	}
	probe := openTab(t, sub.URL+"/a/")
	if names := evalT[[]string](probe, `caches.keys()`); len(names) != 2 {
		t.Errorf("want one cache per directory, have %v", names)
	}

	setServer(t, downDrop)
	for _, dir := range []string{"/a/", "/b/"} {
		q := openTab(t, sub.URL+dir+"#panel=wire")
		res := evalT[map[string]any](q, `window.bucketlab.call('check', {provider: 's3', document: 'acl', format: 'headers', source: 'x-amz-acl: private'})`)
		if res["ok"] != true {
			t.Errorf("%s offline: check answered %v", dir, res)
		}
		q.settle(noErrors)
	}
}
