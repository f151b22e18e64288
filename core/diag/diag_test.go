package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"testing"
)

func TestSourcePositions(t *testing.T) {
	t.Parallel()
	src := NewSource("ab\n中文😀x\n")
	tests := []struct {
		name     string
		off      int
		want     Pos
		wantUTF6 int
	}{
		{"start", 0, Pos{1, 1}, 0},
		{"newline", 2, Pos{1, 3}, 2},
		{"second line", 3, Pos{2, 1}, 3},
		{"after CJK", 9, Pos{2, 3}, 5},
		{"after emoji", 13, Pos{2, 4}, 7},
		{"x end", 14, Pos{2, 5}, 8},
		{"past end clamps", 100, Pos{3, 1}, 9},
	}
	for _, tc := range tests {
		if got := src.Pos(tc.off); got != tc.want {
			t.Errorf("%s: Pos(%d) = %v, want %v", tc.name, tc.off, got, tc.want)
		}
		if got := src.UTF16(tc.off); got != tc.wantUTF6 {
			t.Errorf("%s: UTF16(%d) = %d, want %d", tc.name, tc.off, got, tc.wantUTF6)
		}
	}
}

// TestRegistry: every Code constant is registered once, codes are kebab-case
// words, and every entry has a title.
func TestRegistry(t *testing.T) {
	files, _ := filepath.Glob("codes*.go")
	declared := 0
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if ok && vs.Type != nil && fmtIdent(vs.Type) == "Code" {
				declared += len(vs.Names)
			}
			return true
		})
	}
	if declared != len(registry) {
		t.Errorf("%d Code constants declared, %d registered", declared, len(registry))
	}
	seen := map[Code]bool{}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$|^[a-z]+$`)
	for _, i := range registry {
		if seen[i.Code] {
			t.Errorf("code %q registered twice", i.Code)
		}
		seen[i.Code] = true
		if !kebab.MatchString(string(i.Code)) {
			t.Errorf("code %q is not kebab-case", i.Code)
		}
		if i.Title == "" || i.Severity == 0 {
			t.Errorf("code %q lacks a title or severity", i.Code)
		}
	}
}

func fmtIdent(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
