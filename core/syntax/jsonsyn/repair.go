package jsonsyn

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"bucketlab/core/diag"
)

// The slips of pasted documentation examples, read as if repaired. Each is
// a diagnostic whose Suggestion replaces its span; a removal (a comment, a
// trailing comma) suggests "" (diag.Diagnostic.Suggest), and its span is
// exactly what goes. No two repairs touch the same byte, so all of them can
// be applied at once.

// fix is one repairable slip: replace the span with repl ("" removes it).
type fix struct {
	code diag.Code
	span diag.Span
	repl string
	msg  string
}

// comment skips a comment at p.i (which is '/') and records it. It returns
// false when the '/' starts no comment; an unclosed block comment fails.
func (p *parser) comment() bool {
	rest := p.s[p.i:]
	switch {
	case strings.HasPrefix(rest, "//"):
		end := strings.IndexAny(rest, "\r\n")
		if end < 0 {
			end = len(rest)
		}
		p.addComment(diag.Span{Start: p.i, End: p.i + end})
		p.i += end
	case strings.HasPrefix(rest, "/*"):
		end := strings.Index(rest[2:], "*/")
		if end < 0 {
			p.fail(diag.JSONSyntax, diag.Span{Start: p.i, End: p.i + 2}, "the comment is not closed; add */ after it, or better remove it: JSON has no comments")
			p.i = len(p.s)
			return true
		}
		p.addComment(diag.Span{Start: p.i, End: p.i + 2 + end + 2})
		p.i += 2 + end + 2
	default:
		return false
	}
	return true
}

func (p *parser) addComment(s diag.Span) {
	if n := len(p.comments); n > 0 && p.comments[n-1].Start >= s.Start {
		return // met twice (a caller skipped space again)
	}
	p.comments = append(p.comments, s)
}

// Quote characters that open a string where JSON wants '"'.
const (
	leftDouble  = "\u201c" // “
	rightDouble = "\u201d" // ”
	lowDouble   = "\u201e" // „
	leftSingle  = "\u2018" // ‘
	rightSingle = "\u2019" // ’
)

// looseQuote returns the quote that opens rest when it is one JSON does not
// take, or "".
func looseQuote(rest string) string {
	if strings.HasPrefix(rest, "'") {
		return "'"
	}
	for _, q := range []string{leftDouble, rightDouble, lowDouble, leftSingle, rightSingle} {
		if strings.HasPrefix(rest, q) {
			return q
		}
	}
	return ""
}

// looseString reads a string opened by a quote JSON does not take and
// records the repair: the same string between straight double quotes.
// Escapes are kept as written; a '"' inside is escaped, a "\'" is not.
func (p *parser) looseString() *Node {
	start := p.i
	open := looseQuote(p.s[p.i:])
	closers, code, what := rightDouble+leftDouble+`"`, diag.JSONSmartQuotes, "typographic quotes"
	switch open {
	case "'":
		closers, code, what = "'", diag.JSONSingleQuotes, "single quotes"
	case leftSingle, rightSingle:
		closers = rightSingle + leftSingle // not ': it is an apostrophe inside
	}
	p.i += len(open)
	var text, lit strings.Builder // the decoded string; its JSON spelling
	lit.WriteByte('"')
	for p.i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		switch {
		case strings.ContainsRune(closers, r):
			p.i += size
			lit.WriteByte('"')
			span := diag.Span{Start: start, End: p.i}
			p.fixes = append(p.fixes, fix{code: code, span: span, repl: lit.String(),
				msg: fmt.Sprintf("%s around %s; JSON strings use straight double quotes: write %s", what, clip(p.s[start:p.i]), clip(lit.String()))})
			return &Node{Kind: String, Span: span, Text: text.String()}
		case r == '\\' && strings.HasPrefix(p.s[p.i:], `\'`):
			text.WriteByte('\'')
			lit.WriteByte('\'')
			p.i += 2
		case r == '\\':
			at := p.i
			if !p.escape(&text) {
				return nil
			}
			lit.WriteString(p.s[at:p.i])
		case r == '"':
			text.WriteByte('"')
			lit.WriteString(`\"`)
			p.i++
		case r < 0x20:
			if r == '\n' || r == '\r' {
				p.fail(diag.JSONSyntax, diag.Span{Start: start, End: p.i}, "the string is not closed before the end of the line; end it with a quote")
			} else {
				p.fail(diag.JSONSyntax, p.here(), "control character %U inside a string; write it as an escape such as \\n or \\u%04x", r, r)
			}
			return nil
		default:
			text.WriteString(p.s[p.i : p.i+size])
			lit.WriteString(p.s[p.i : p.i+size])
			p.i += size
		}
	}
	p.fail(diag.JSONSyntax, diag.Span{Start: start, End: p.i}, "the string is not closed; end it with a quote")
	return nil
}

// bareKey reads a key written without quotes, as JavaScript allows
// ({Version: "…"}), when a ':' follows it; otherwise it reads nothing.
func (p *parser) bareKey() string {
	j := p.i
	for j < len(p.s) {
		c := p.s[j]
		if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > p.i && c >= '0' && c <= '9' {
			j++
			continue
		}
		break
	}
	if j == p.i {
		return ""
	}
	k := j
	for k < len(p.s) && (p.s[k] == ' ' || p.s[k] == '\t') {
		k++
	}
	if !strings.HasPrefix(p.s[k:], ":") && !strings.HasPrefix(p.s[k:], fullwidth[':']) {
		return ""
	}
	word := p.s[p.i:j]
	span := diag.Span{Start: p.i, End: j}
	p.fixes = append(p.fixes, fix{code: diag.JSONUnquotedKey, span: span, repl: strconv.Quote(word),
		msg: fmt.Sprintf("key %s is not in quotes; JSON keys are strings: write %q", word, word)})
	p.i = j
	return word
}

// fullwidth maps JSON's punctuation to the fullwidth forms a Chinese input
// method types.
var fullwidth = map[byte]string{':': "\uff1a", ',': "\uff0c"}

// punct reads c, or its fullwidth form as a repairable slip.
func (p *parser) punct(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	if fw := fullwidth[c]; strings.HasPrefix(p.s[p.i:], fw) {
		p.fixes = append(p.fixes, fix{code: diag.JSONFullwidth, span: diag.Span{Start: p.i, End: p.i + len(fw)}, repl: string(c),
			msg: fmt.Sprintf("fullwidth %q (typed with a Chinese input method); JSON needs %q", fw, string(c))})
		p.i += len(fw)
		return true
	}
	return false
}

// trailingComma records the ',' at offset at, before the closing c.
func (p *parser) trailingComma(at int, c byte) {
	size := 1
	if p.s[at] != ',' {
		size = len(fullwidth[','])
	}
	p.fixes = append(p.fixes, fix{code: diag.JSONTrailingComma, span: diag.Span{Start: at, End: at + size},
		msg: fmt.Sprintf("trailing comma before '%c'; remove the last ','", c)})
}

// repairs turns the slips met into diagnostics, in document order.
func (p *parser) repairs() diag.List {
	fixes := append(p.commentFixes(), p.fixes...)
	if len(fixes) == 0 {
		return nil
	}
	sort.Slice(fixes, func(i, j int) bool { return fixes[i].span.Start < fixes[j].span.Start })
	out := make(diag.List, 0, len(fixes))
	for _, f := range fixes {
		d := diag.At(f.code, f.span, f.msg)
		d.Suggest(f.repl)
		out = append(out, d)
	}
	return out
}

// commentFixes merges comments separated only by white space into one
// removal each. Its span is exactly what should go, so that the repair
// leaves no blank line or stray blanks: the whole lines when the comments
// stand on lines of their own; otherwise the comments with the blanks that
// separate them from the code on the same line. It never takes a character
// that stays.
func (p *parser) commentFixes() []fix {
	var out []fix
	for i := 0; i < len(p.comments); {
		run := p.comments[i]
		n := 1
		for i+n < len(p.comments) && strings.Trim(p.s[run.End:p.comments[i+n].Start], " \t\r\n") == "" {
			run.End = p.comments[i+n].End
			n++
		}
		first := p.s[p.comments[i].Start:p.comments[i].End]
		i += n

		// Only blanks between the comments and the line's ends? (Walk the
		// blanks only: a minified line may hold thousands of comments.)
		lineStart := run.Start
		for lineStart > 0 && (p.s[lineStart-1] == ' ' || p.s[lineStart-1] == '\t') {
			lineStart--
		}
		blankBefore := lineStart == 0 || p.s[lineStart-1] == '\n'
		lineEnd := run.End
		for lineEnd < len(p.s) && (p.s[lineEnd] == ' ' || p.s[lineEnd] == '\t' || p.s[lineEnd] == '\r') {
			lineEnd++
		}
		blankAfter := lineEnd == len(p.s) || p.s[lineEnd] == '\n'
		span := run
		switch {
		case blankBefore && blankAfter && lineEnd < len(p.s):
			span = diag.Span{Start: lineStart, End: lineEnd + 1}
		case blankBefore && blankAfter && lineStart > 0:
			span = diag.Span{Start: lineStart - 1, End: len(p.s)} // the last line
		case blankAfter:
			span.Start = lineStart // the blanks before the comments go too
		default:
			for span.End < len(p.s) && (p.s[span.End] == ' ' || p.s[span.End] == '\t') {
				span.End++
			}
		}
		msg := fmt.Sprintf("comment %q; JSON has no comments: remove it", clip(firstLine(first)))
		if n > 1 {
			msg = fmt.Sprintf("%d comments, the first %q; JSON has no comments: remove them", n, clip(firstLine(first)))
		}
		out = append(out, fix{code: diag.JSONComment, span: span, msg: msg})
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + "…"
	}
	return s
}

// clip cuts s to a readable length for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return s
}
