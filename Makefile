# bucketlab — `make serve` to use it, `make test` to test everything.
GO      ?= go
DIST    ?= dist
ADDR    ?= 127.0.0.1:8080
WASMBIN := $(shell $(GO) env GOROOT)/lib/wasm
GODIRS  := core wasm build e2e

.PHONY: help serve dist test test-unit test-wasm e2e vet fmt fmt-check check-imports bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

serve: ## build dist/ and serve the playground on http://$(ADDR)/ (rebuilds on change)
	$(GO) run ./build -out $(DIST) -serve $(ADDR)

dist: ## build the static site into dist/ (any static file server can host it)
	$(GO) run ./build -out $(DIST)

test: fmt-check vet check-imports test-unit test-wasm e2e ## every test: gofmt, vet, unit, wasm under Node, chromedp e2e

test-unit: ## native unit, golden, SDK-differential and vector tests
	$(GO) test -short ./...

test-wasm: ## the core and the wasm boundary compiled to GOOS=js, run under Node
	PATH="$(WASMBIN):$$PATH" GOOS=js GOARCH=wasm $(GO) test -tags bucketlab_testops ./core/... ./wasm/...

e2e: ## chromedp in headless Chromium against a dist/ built with the test-only ops (CI=true makes a missing browser fail)
	$(GO) test -count=1 -v -timeout=25m ./e2e/...

vet: ## go vet, natively and for js/wasm
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./core/...

fmt: ## gofmt the Go sources
	gofmt -w $(GODIRS)

fmt-check:
	@test -z "$$(gofmt -l $(GODIRS))" || (gofmt -l $(GODIRS); echo 'error: run make fmt'; false)

check-imports: ## core/ stays lean and pure: no net/http, syscall/js, os/exec, esbuild or chromedp
	@! $(GO) list -deps ./core/... | grep -Ex 'net/http|syscall/js|os/exec|github.com/(evanw/esbuild|chromedp)/.*' \
	  || (echo 'error: core/ imports a forbidden package' && false)

bench: dist ## one table (and bench.json): sizes, load times, check and signing in the page vs native Go and JS signers
	E2E_DIST=$(abspath $(DIST)) BUCKETLAB_BENCH=1 $(GO) test -count=1 -timeout=30m -run='^TestBench$$' ./e2e/
	@cat artifacts/bench.txt

FUZZTIME ?= 30s
# package:target pairs; every parser, decoder and signer has one.
FUZZ := jsonsyn:FuzzParse xmlsyn:FuzzParse cors:FuzzDecodeQingStor cors:FuzzDecodeXML cors:FuzzDecodeS3Console \
	policy:FuzzDecodeS3 policy:FuzzDecodeCOS policy:FuzzDecodeQingStor \
	acl:FuzzDecodeXML acl:FuzzDecodeHeaders acl:FuzzParseHeaderLines acl:FuzzDecodeQingStor \
	cossign:FuzzSign sigv4:FuzzSign api:FuzzCheck

fuzz: ## run each fuzz target for FUZZTIME (default 30s)
	@for t in $(FUZZ); do pkg=$${t%%:*}; fn=$${t#*:}; \
	  dir=$$(find core -type d -name $$pkg | head -1); \
	  echo "fuzz $$dir $$fn"; $(GO) test ./$$dir -run='^$$' -fuzz="^$$fn\$$" -fuzztime=$(FUZZTIME) || exit 1; done

clean: ## remove build outputs
	rm -rf $(DIST) artifacts
