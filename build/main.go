// Command build writes the playground as a static site (dist/) and can serve it locally.
//
//	go run ./build                        # dist/
//	go run ./build -dev -serve 127.0.0.1:8080
//
// With -serve it keeps running, serves the site on a loopback address only and rebuilds when a
// source file changes (checked once a second).
package main

import (
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"bucketlab/build/site"
)

func main() {
	out := flag.String("out", "dist", "output directory (replaced)")
	dev := flag.Bool("dev", false, "keep symbols in the wasm, don't minify, inline source maps")
	serve := flag.String("serve", "", "after building, serve the site on this loopback `address` (e.g. 127.0.0.1:8080) and rebuild on change")
	flag.Parse()

	if err := run(*out, *dev, *serve); err != nil {
		fmt.Fprintln(os.Stderr, "bucketlab:", err)
		os.Exit(1)
	}
}

func run(out string, dev bool, serve string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if serve != "" {
		if err := checkLoopback(serve); err != nil {
			return err
		}
	}
	opts := site.Options{Root: root, Out: out, Dev: dev, Log: os.Stderr}
	start := time.Now()
	if _, err := site.Build(opts); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bucketlab: built %s in %v\n", out, time.Since(start).Round(time.Millisecond))
	if serve == "" {
		return nil
	}

	ln, err := net.Listen("tcp", serve)
	if err != nil {
		return err
	}
	go watch(root, opts)
	fmt.Printf("bucketlab: serving http://%s/\n", ln.Addr())
	srv := &http.Server{Handler: site.Handler(out), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// moduleRoot is the directory of the main module's go.mod, so the command works from any
// directory inside the repository.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run this inside the bucketlab module")
	}
	return filepath.Dir(gomod), nil
}

// checkLoopback refuses addresses other hosts could reach: the dev server is not hardened.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-serve %q: %v", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-serve %q: only loopback addresses (127.0.0.1, [::1], localhost) are allowed", addr)
	}
	return nil
}

// watch rebuilds whenever the fingerprint of the sources changes. Polling keeps the command
// free of platform-specific file watchers; the tree is small.
func watch(root string, opts site.Options) {
	last := fingerprint(root)
	for range time.Tick(time.Second) {
		now := fingerprint(root)
		if now == last {
			continue
		}
		last = now
		start := time.Now()
		if _, err := site.Build(opts); err != nil {
			fmt.Fprintln(os.Stderr, "bucketlab: rebuild failed:", err)
			continue
		}
		fmt.Fprintf(os.Stderr, "bucketlab: rebuilt in %v\n", time.Since(start).Round(time.Millisecond))
	}
}

// fingerprint hashes the path, size and mtime of every input of the build.
func fingerprint(root string) uint64 {
	h := fnv.New64a()
	for _, dir := range []string{"core", "wasm", "web", "go.mod", "go.sum"} {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil && !d.IsDir() {
				fmt.Fprintf(h, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return h.Sum64()
}
