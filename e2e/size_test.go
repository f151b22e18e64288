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

// testOpsBytes is what the test-only "panic" op (build tag bucketlab_testops,
// which the e2e build sets) may add to the release wasm, brotli: one init
// func and a closure. The budget applies to the release build; a test build
// is measured with this allowance.
const testOpsBytes = 2_000

func TestSizeWasmBudget(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(distDir, "manifest.json"))
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
	budget, build := wasmBrotliBudget, "release build"
	if distTestOps {
		budget, build = wasmBrotliBudget+testOpsBytes, "test build (bucketlab_testops), budget + the panic op's allowance"
	}
	for _, f := range m.Files {
		if f.Name == m.Assets["core.wasm"] {
			t.Logf("core wasm (%s): %d bytes raw, %d gzip, %d brotli (budget %d)", build, f.Size, f.Gzip, f.Brotli, budget)
			if f.Brotli > budget {
				t.Errorf("the core wasm is %d bytes brotli, over the budget of %d; shrink it or raise the budget deliberately", f.Brotli, budget)
			}
			return
		}
	}
	t.Fatalf("manifest lists no core.wasm: %s", raw)
}
