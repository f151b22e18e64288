// Package core_test guards the shape of the core.
package core_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreImports: core/ runs the same natively and in the browser, so it
// imports nothing that talks to the world or bloats the wasm.
func TestCoreImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch {
		case pkg == "net/http", pkg == "syscall/js", pkg == "os/exec",
			strings.HasPrefix(pkg, "github.com/evanw/esbuild"), strings.HasPrefix(pkg, "github.com/chromedp"):
			t.Errorf("core/ depends on %s", pkg)
		}
	}
}
