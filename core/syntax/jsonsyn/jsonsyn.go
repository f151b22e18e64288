// Package jsonsyn reads JSON into a tree that keeps the byte span of every
// key and value, so that problems found later can point at the exact text.
//
// It is a small reader of our own rather than encoding/json or jsontext
// because positions, duplicate keys and the wording of syntax errors are the
// product here: every error is a diagnostic that says what to write instead.
//
// Documentation examples pasted into the playground carry slips that
// browsers and JavaScript forgive: comments, trailing commas, typographic
// or single quotes, unquoted keys, fullwidth punctuation typed with a
// Chinese input method. The reader reports each one with a Suggestion (the
// replacement text for its span) and reads on as if it were repaired, so
// every slip and every later problem shows at once (repair.go).
package jsonsyn

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"bucketlab/core/diag"
)

// MaxDepth bounds nesting: no bucket document nests deeper than a handful of
// levels, and a bound keeps hostile input from exhausting the stack.
const MaxDepth = 64

// Kind is the JSON type of a node.
type Kind uint8

const (
	Null Kind = iota + 1
	Bool
	Number
	String
	Object
	Array
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "nothing"
}

// Node is one JSON value with its span.
type Node struct {
	Kind    Kind
	Span    diag.Span
	Text    string   // decoded string; number or literal as written
	Members []Member // Object, in document order, duplicates kept
	Elems   []*Node  // Array
}

// Member is one key/value pair of an object.
type Member struct {
	Key     string
	KeySpan diag.Span
	Value   *Node
}

// Get returns the first member named key.
func (n *Node) Get(key string) (Member, bool) {
	for _, m := range n.Members {
		if m.Key == key {
			return m, true
		}
	}
	return Member{}, false
}

// Parse reads text. On a syntax error it returns a nil root and the error;
// duplicate keys are reported but do not stop the parse. Repairable slips
// (repair.go) are reported, each with a Suggestion, and read as repaired:
// the root is then what the repaired text means, and the diagnostics are
// errors, so callers must not treat a non-nil root as valid JSON.
func Parse(text string) (*Node, diag.List) {
	p := &parser{s: text}
	var diags diag.List
	if !utf8.ValidString(text) {
		off := firstInvalidUTF8(text)
		diags.Add(diag.At(diag.JSONInvalidUTF8, diag.Span{Start: off, End: off + 1},
			"the text is not valid UTF-8 here; save or paste it as UTF-8"))
		return nil, diags
	}
	p.skipSpace()
	if p.err == nil && p.i == len(p.s) {
		diags = append(diags, p.repairs()...)
		diags.Add(diag.At(diag.DocumentEmpty, diag.Span{}, "the document is empty; write a JSON object"))
		return nil, diags
	}
	var root *Node
	if p.err == nil {
		root = p.value(0)
	}
	if p.err == nil {
		p.skipSpace()
		if p.err == nil && p.i < len(p.s) {
			p.fail(diag.JSONTrailing, diag.Span{Start: p.i, End: len(p.s)},
				"unexpected %s after the end of the JSON value; remove it or wrap both values in an array", describe(p.s[p.i:]))
		}
	}
	diags = append(diags, p.repairs()...)
	diags = append(diags, p.dups...)
	if p.err != nil {
		diags.Add(*p.err)
		return nil, diags
	}
	return root, diags
}

type parser struct {
	s    string
	i    int
	err  *diag.Diagnostic
	dups diag.List
	// Repairable slips met so far (repair.go).
	comments []diag.Span
	fixes    []fix
}

func (p *parser) fail(code diag.Code, span diag.Span, format string, args ...any) {
	if p.err == nil {
		d := diag.At(code, span, fmt.Sprintf(format, args...))
		p.err = &d
	}
}

// skipSpace skips white space and comments; comments are recorded as
// slips to repair.
func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		case '/':
			if !p.comment() {
				return
			}
		default:
			return
		}
	}
}

// describe names what the user wrote at the start of rest, for messages.
func describe(rest string) string {
	if rest == "" {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(rest)
	word := rest
	if n := strings.IndexAny(word, " \t\r\n,:{}[]\""); n > 0 {
		word = word[:n]
	}
	if len(word) > 1 && len(word) <= 20 {
		return strconv.Quote(word)
	}
	return strconv.QuoteRune(r)
}

func (p *parser) here() diag.Span {
	if p.i >= len(p.s) {
		return diag.Span{Start: len(p.s), End: len(p.s)}
	}
	_, size := utf8.DecodeRuneInString(p.s[p.i:])
	return diag.Span{Start: p.i, End: p.i + size}
}

func (p *parser) value(depth int) *Node {
	p.skipSpace()
	if p.err != nil {
		return nil
	}
	if p.i >= len(p.s) {
		p.fail(diag.JSONSyntax, p.here(), "unexpected end of input; a value is expected here")
		return nil
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		start := p.i
		s, ok := p.str()
		if !ok {
			return nil
		}
		return &Node{Kind: String, Span: diag.Span{Start: start, End: p.i}, Text: s}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case looseQuote(p.s[p.i:]) != "":
		return p.looseString()
	case strings.HasPrefix(p.s[p.i:], "true"):
		return p.literal("true", Bool)
	case strings.HasPrefix(p.s[p.i:], "false"):
		return p.literal("false", Bool)
	case strings.HasPrefix(p.s[p.i:], "null"):
		return p.literal("null", Null)
	default:
		p.fail(diag.JSONSyntax, p.here(), "unexpected %s; a value (string, number, object, array, true, false or null) is expected", describe(p.s[p.i:]))
	}
	return nil
}

func (p *parser) literal(word string, k Kind) *Node {
	n := &Node{Kind: k, Span: diag.Span{Start: p.i, End: p.i + len(word)}, Text: word}
	p.i += len(word)
	return n
}

func (p *parser) tooDeep(depth int) bool {
	if depth > MaxDepth {
		p.fail(diag.JSONTooDeep, p.here(), "the JSON nests deeper than %d levels; no bucket configuration needs that", MaxDepth)
		return true
	}
	return false
}

// key reads a member's key: a JSON string, or a slip read as one (quoted
// otherwise, or not quoted at all).
func (p *parser) key() (string, diag.Span, bool) {
	start := p.i
	switch {
	case p.s[p.i] == '"':
		key, ok := p.str()
		return key, diag.Span{Start: start, End: p.i}, ok
	case looseQuote(p.s[p.i:]) != "":
		n := p.looseString()
		if n == nil {
			return "", diag.Span{}, false
		}
		return n.Text, n.Span, true
	}
	if word := p.bareKey(); word != "" {
		return word, diag.Span{Start: start, End: p.i}, true
	}
	p.fail(diag.JSONSyntax, p.here(), "unexpected %s; a key in double quotes is expected", describe(p.s[p.i:]))
	return "", diag.Span{}, false
}

func (p *parser) object(depth int) *Node {
	if p.tooDeep(depth) {
		return nil
	}
	n := &Node{Kind: Object, Span: diag.Span{Start: p.i}}
	p.i++ // {
	first := map[string]diag.Span{}
	p.skipSpace()
	if p.err != nil {
		return nil
	}
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		n.Span.End = p.i
		return n
	}
	comma := -1 // offset of the ',' just read
	for {
		p.skipSpace()
		if p.err != nil {
			return nil
		}
		if p.i >= len(p.s) {
			p.fail(diag.JSONSyntax, p.here(), "unexpected end of input; the object opened at offset %d is not closed with '}'", n.Span.Start)
			return nil
		}
		if p.s[p.i] == '}' && comma >= 0 {
			p.trailingComma(comma, '}')
			p.i++
			n.Span.End = p.i
			return n
		}
		key, keySpan, ok := p.key()
		if !ok {
			return nil
		}
		p.skipSpace()
		if p.err != nil {
			return nil
		}
		if p.i >= len(p.s) || !p.punct(':') {
			p.fail(diag.JSONSyntax, p.here(), "a ':' is expected after the key %q", key)
			return nil
		}
		v := p.value(depth)
		if v == nil {
			return nil
		}
		if prev, dup := first[key]; dup {
			d := diag.At(diag.JSONDuplicateKey, keySpan, fmt.Sprintf("duplicate key %q; keep one of them", key))
			d.Related = []diag.Related{{Span: prev, Message: "first defined here"}}
			p.dups.Add(d)
		} else {
			first[key] = keySpan
		}
		n.Members = append(n.Members, Member{Key: key, KeySpan: keySpan, Value: v})
		p.skipSpace()
		if p.err != nil {
			return nil
		}
		if p.i >= len(p.s) {
			p.fail(diag.JSONSyntax, p.here(), "unexpected end of input; a ',' or '}' is expected")
			return nil
		}
		comma = p.i
		switch {
		case p.punct(','):
		case p.s[p.i] == '}':
			p.i++
			n.Span.End = p.i
			return n
		default:
			p.fail(diag.JSONSyntax, p.here(), "unexpected %s; a ',' between members or '}' to close the object is expected", describe(p.s[p.i:]))
			return nil
		}
	}
}

func (p *parser) array(depth int) *Node {
	if p.tooDeep(depth) {
		return nil
	}
	n := &Node{Kind: Array, Span: diag.Span{Start: p.i}}
	p.i++ // [
	p.skipSpace()
	if p.err != nil {
		return nil
	}
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		n.Span.End = p.i
		return n
	}
	comma := -1
	for {
		p.skipSpace()
		if p.err != nil {
			return nil
		}
		if p.i < len(p.s) && p.s[p.i] == ']' && comma >= 0 {
			p.trailingComma(comma, ']')
			p.i++
			n.Span.End = p.i
			return n
		}
		v := p.value(depth)
		if v == nil {
			return nil
		}
		n.Elems = append(n.Elems, v)
		p.skipSpace()
		if p.err != nil {
			return nil
		}
		if p.i >= len(p.s) {
			p.fail(diag.JSONSyntax, p.here(), "unexpected end of input; a ',' or ']' is expected")
			return nil
		}
		comma = p.i
		switch {
		case p.punct(','):
		case p.s[p.i] == ']':
			p.i++
			n.Span.End = p.i
			return n
		default:
			p.fail(diag.JSONSyntax, p.here(), "unexpected %s; a ',' between elements or ']' to close the array is expected", describe(p.s[p.i:]))
			return nil
		}
	}
}

func (p *parser) number() *Node {
	start := p.i
	j := p.i
	if j < len(p.s) && p.s[j] == '-' {
		j++
	}
	digits := func() int {
		k := j
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		return j - k
	}
	intStart := j
	if digits() == 0 {
		p.i = j
		p.fail(diag.JSONSyntax, p.here(), "a digit is expected in the number")
		return nil
	}
	if p.s[intStart] == '0' && j-intStart > 1 {
		p.i = intStart
		p.fail(diag.JSONSyntax, diag.Span{Start: start, End: j}, "numbers must not start with 0; write %s", strings.TrimLeft(p.s[intStart:j], "0"))
		return nil
	}
	if j < len(p.s) && p.s[j] == '.' {
		j++
		if digits() == 0 {
			p.i = j
			p.fail(diag.JSONSyntax, p.here(), "a digit is expected after the decimal point")
			return nil
		}
	}
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		j++
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			j++
		}
		if digits() == 0 {
			p.i = j
			p.fail(diag.JSONSyntax, p.here(), "a digit is expected in the exponent")
			return nil
		}
	}
	p.i = j
	return &Node{Kind: Number, Span: diag.Span{Start: start, End: j}, Text: p.s[start:j]}
}

// str reads a string at p.i (which is '"') and decodes it.
func (p *parser) str() (string, bool) {
	start := p.i
	p.i++
	var b strings.Builder
	plain := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			b.WriteString(p.s[plain:p.i])
			p.i++
			return b.String(), true
		case c == '\\':
			b.WriteString(p.s[plain:p.i])
			if !p.escape(&b) {
				return "", false
			}
			plain = p.i
		case c < 0x20:
			if c == '\n' {
				p.fail(diag.JSONSyntax, diag.Span{Start: start, End: p.i}, "the string is not closed before the end of the line; add '\"'")
			} else {
				p.fail(diag.JSONSyntax, p.here(), "control character %U inside a string; write it as an escape such as \\n or \\u%04x", rune(c), c)
			}
			return "", false
		default:
			p.i++
		}
	}
	p.fail(diag.JSONSyntax, diag.Span{Start: start, End: p.i}, "the string is not closed; add '\"'")
	return "", false
}

func (p *parser) escape(b *strings.Builder) bool {
	at := p.i
	if p.i+1 >= len(p.s) {
		p.fail(diag.JSONSyntax, p.here(), "unfinished escape at the end of input")
		return false
	}
	c := p.s[p.i+1]
	p.i += 2
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, ok := p.hex4(at)
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			// A pair decodes to one rune; a lone surrogate is not text.
			if r < 0xDC00 && strings.HasPrefix(p.s[p.i:], "\\u") {
				save := p.i
				p.i += 2
				r2, ok := p.hex4(save)
				if !ok {
					return false
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					b.WriteRune(dec)
					return true
				}
			}
			p.fail(diag.JSONSyntax, diag.Span{Start: at, End: p.i}, "lone UTF-16 surrogate %s; write the character itself or a complete surrogate pair", p.s[at:at+6])
			return false
		}
		b.WriteRune(r)
	default:
		p.fail(diag.JSONSyntax, diag.Span{Start: at, End: p.i}, "invalid escape \\%c; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", c)
		return false
	}
	return true
}

func (p *parser) hex4(at int) (rune, bool) {
	if p.i+4 > len(p.s) {
		p.fail(diag.JSONSyntax, diag.Span{Start: at, End: len(p.s)}, "\\u must be followed by four hex digits")
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		p.fail(diag.JSONSyntax, diag.Span{Start: at, End: p.i + 4}, "\\u must be followed by four hex digits")
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}
