package diag

import (
	"sort"
	"unicode/utf8"
)

// Pos is a human position: Line and Column are 1-based and Column counts
// Unicode code points, which is what a person counts.
type Pos struct{ Line, Column int }

// Source indexes line starts once so that byte offsets turn into positions
// and UTF-16 offsets in O(log n) plus at most markEvery bytes of counting,
// however long the line: a one-line document of thousands of rules gets
// thousands of diagnostics, and counting from the line start for each made
// that quadratic (minutes for a 300 KB line).
type Source struct {
	Text  string
	lines []int // byte offset of each line start
	// utf16Before[i] is the UTF-16 length of Text[:lines[i]].
	utf16Before []int
	marks       []mark // rune boundaries about every markEvery bytes, in order
}

// mark is a rune boundary with its 0-based column (code points since its
// line's start) and its UTF-16 offset.
type mark struct{ off, col, units int }

const markEvery = 256

// NewSource indexes text.
func NewSource(text string) *Source {
	s := &Source{Text: text, lines: []int{0}, utf16Before: []int{0}}
	units, col, next := 0, 0, 0
	for i := 0; i < len(text); {
		if i >= next {
			s.marks = append(s.marks, mark{i, col, units})
			next = i + markEvery
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		units += utf16Len(r, size)
		i += size
		col++
		if r == '\n' {
			s.lines = append(s.lines, i)
			s.utf16Before = append(s.utf16Before, units)
			col = 0
		}
	}
	return s
}

// from is where to start counting for off on line ln: the last mark at or
// before off if it lies on that line, else the line's start.
func (s *Source) from(off, ln int) mark {
	start := mark{s.lines[ln], 0, s.utf16Before[ln]}
	i := sort.Search(len(s.marks), func(i int) bool { return s.marks[i].off > off }) - 1
	if i >= 0 && s.marks[i].off > start.off {
		return s.marks[i]
	}
	return start
}

// utf16Len is the number of UTF-16 code units a decoded rune takes in a JS
// string built from these bytes. Invalid bytes decode to U+FFFD, one unit
// each, as TextDecoder does.
func utf16Len(r rune, _ int) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

func (s *Source) clamp(off int) int {
	if off < 0 {
		return 0
	}
	if off > len(s.Text) {
		return len(s.Text)
	}
	return off
}

func (s *Source) line(off int) int {
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
}

// Pos converts a byte offset into line and column.
func (s *Source) Pos(off int) Pos {
	off = s.clamp(off)
	ln := s.line(off)
	m := s.from(off, ln)
	return Pos{Line: ln + 1, Column: m.col + utf8.RuneCountInString(s.Text[m.off:off]) + 1}
}

// UTF16 converts a byte offset into a UTF-16 code unit offset.
func (s *Source) UTF16(off int) int {
	off = s.clamp(off)
	m := s.from(off, s.line(off))
	units := m.units
	for i := m.off; i < off; {
		r, size := utf8.DecodeRuneInString(s.Text[i:])
		if i+size > off { // offset inside a rune: count it as reached
			size = off - i
		}
		units += utf16Len(r, size)
		i += size
	}
	return units
}
