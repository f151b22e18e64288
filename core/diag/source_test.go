package diag

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// naivePos and naiveUTF16 count from the line's start: the definition the
// indexed Source must agree with.
func naivePos(text string, off int) Pos {
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return Pos{Line: strings.Count(text[:off], "\n") + 1, Column: utf8.RuneCountInString(text[start:off]) + 1}
}

func naiveUTF16(text string, off int) int {
	units := 0
	for i := 0; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if i+size > off {
			size = off - i
		}
		units += utf16Len(r, size)
		i += size
	}
	return units
}

func TestSourceMarksAgreeWithCounting(t *testing.T) {
	t.Parallel()
	pieces := []string{"a", "{\"k\":1}", "\n", "中", "😀", "\xff", "\xe4\xb8", " ", strings.Repeat("x", 300)}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 50; n++ {
		var b strings.Builder
		for b.Len() < 3000 {
			p := pieces[rng.IntN(len(pieces))]
			if p == "\n" && rng.IntN(4) > 0 {
				continue // keep lines long
			}
			b.WriteString(p)
		}
		text := b.String()
		src := NewSource(text)
		for off := 0; off <= len(text); off++ {
			if got, want := src.Pos(off), naivePos(text, off); got != want {
				t.Fatalf("text %d: Pos(%d) = %v, want %v", n, off, got, want)
			}
			if got, want := src.UTF16(off), naiveUTF16(text, off); got != want {
				t.Fatalf("text %d: UTF16(%d) = %d, want %d", n, off, got, want)
			}
		}
	}
}

// BenchmarkSourceLongLine: positions on a 1 MiB line. Counting from the
// line's start took minutes; the marks keep it to milliseconds. Measured,
// not asserted: timing in a test is flaky on a loaded machine.
func BenchmarkSourceLongLine(b *testing.B) {
	text := strings.Repeat(`{"allowed_origin":"*"},`, 1<<20/23)
	src := NewSource(text)
	for b.Loop() {
		for off := 0; off < len(text); off += 23 {
			src.Pos(off)
			src.UTF16(off)
		}
	}
}
