package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// wasmBrotliBudget is the largest the core's wasm may be, brotli-compressed,
// as served. Size is deterministic, so this is a check, not a timing: raise
// it deliberately, in its own commit that says what the bytes buy.
// History: 0.96 MB with QingStor CORS and its signer (issue 2).
const wasmBrotliBudget = 1_600_000

func TestWasmSizeBudget(t *testing.T) {
	dist := os.Getenv("E2E_DIST")
	if dist == "" {
		t.Skip("needs E2E_DIST (make e2e sets it)")
	}
	raw, err := os.ReadFile(filepath.Join(dist, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Assets map[string]string
		Files  []struct {
			Name               string
			Size, Gzip, Brotli int
		}
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Files {
		if f.Name == m.Assets["core.wasm"] {
			t.Logf("core wasm: %d bytes raw, %d gzip, %d brotli (budget %d)", f.Size, f.Gzip, f.Brotli, wasmBrotliBudget)
			if f.Brotli > wasmBrotliBudget {
				t.Errorf("the core wasm is %d bytes brotli, over the budget of %d; shrink it or raise the budget deliberately", f.Brotli, wasmBrotliBudget)
			}
			return
		}
	}
	t.Fatalf("manifest lists no core.wasm: %s", raw)
}
