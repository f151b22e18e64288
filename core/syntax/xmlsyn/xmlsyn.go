// Package xmlsyn reads XML into a tree that keeps the byte span of every
// element, attribute and text, so that problems found later point at the
// exact text. It uses encoding/xml's RawToken with InputOffset for tokens and
// re-scans start tags for attribute spans.
//
// It refuses DOCTYPE (and so any entity declaration): the services do, and
// it shuts out entity-expansion attacks.
package xmlsyn

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"bucketlab/core/diag"
)

// xmlSpace is XML's white space (space, tab, CR, LF): trimming must leave
// other characters, U+0085 or U+2028 say, as written.
const xmlSpace = " \t\r\n"

// MaxDepth bounds nesting; bucket documents nest four or five levels.
const MaxDepth = 64

// Element is one element with its spans.
type Element struct {
	Prefix   string // as written, "" when none
	Local    string
	Space    string    // the namespace URI the prefix resolves to
	Span     diag.Span // from '<' of the start tag to '>' of the end tag
	NameSpan diag.Span // the name in the start tag
	Attrs    []Attr
	Children []*Element
	Text     string    // character data directly inside, entities decoded, trimmed
	TextSpan diag.Span // the trimmed text as written; empty span after the start tag when none
}

// Attr is one attribute of an element.
type Attr struct {
	Prefix, Local, Value string
	Space                string // resolved namespace URI
	NameSpan, ValueSpan  diag.Span
}

// Attr returns the attribute named local (any prefix).
func (e *Element) Attr(local string) (Attr, bool) {
	for _, a := range e.Attrs {
		if a.Local == local {
			return a, true
		}
	}
	return Attr{}, false
}

// Name is the element's name as written.
func (e *Element) Name() string {
	if e.Prefix != "" {
		return e.Prefix + ":" + e.Local
	}
	return e.Local
}

// Parse reads text. On a syntax error it returns a nil root and the error.
func Parse(text string) (*Element, diag.List) {
	var diags diag.List
	if strings.TrimSpace(text) == "" {
		diags.Add(diag.At(diag.DocumentEmpty, diag.Span{}, "the document is empty; write an XML document"))
		return nil, diags
	}
	if !utf8.ValidString(text) {
		off := 0
		for off < len(text) {
			r, size := utf8.DecodeRuneInString(text[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		diags.Add(diag.At(diag.JSONInvalidUTF8, diag.Span{Start: off, End: off + 1}, "the text is not valid UTF-8 here; save or paste it as UTF-8"))
		return nil, diags
	}
	p := &parser{text: text, d: xml.NewDecoder(strings.NewReader(text))}
	p.d.Strict = true
	p.d.Entity = nil // only the five predefined entities
	root, err := p.run()
	if err != nil {
		diags.Add(*err)
		return nil, diags
	}
	return root, diags
}

type parser struct {
	text  string
	d     *xml.Decoder
	stack []*Element
	ns    []map[string]string // prefix → URI, one map per open element
	texts [][2]int            // per open element: first and last raw text offsets
	// skipEnd: the next end token closes a self-closing tag already handled.
	skipEnd bool
}

func (p *parser) fail(code diag.Code, span diag.Span, format string, args ...any) *diag.Diagnostic {
	d := diag.At(code, span, fmt.Sprintf(format, args...))
	return &d
}

func (p *parser) point(off int) diag.Span {
	if off > len(p.text) {
		off = len(p.text)
	}
	end := off
	if end < len(p.text) {
		_, size := utf8.DecodeRuneInString(p.text[end:])
		end += size
	}
	return diag.Span{Start: off, End: end}
}

func (p *parser) run() (*Element, *diag.Diagnostic) {
	var root *Element
	for {
		start := int(p.d.InputOffset())
		tok, err := p.d.RawToken()
		end := int(p.d.InputOffset())
		if err == io.EOF {
			if len(p.stack) > 0 {
				open := p.stack[len(p.stack)-1]
				return nil, p.fail(diag.XMLSyntax, open.NameSpan, "element <%s> is not closed; add </%s>", open.Name(), open.Name())
			}
			if root == nil {
				return nil, p.fail(diag.XMLSyntax, p.point(0), "no root element; the document needs one element such as <CORSConfiguration>")
			}
			return root, nil
		}
		if err != nil {
			return nil, p.syntaxError(err, start)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(p.stack) == 0 {
				return nil, p.fail(diag.XMLTrailing, diag.Span{Start: start, End: len(p.text)}, "a second root element <%s>; a document has exactly one root", rawName(t.Name))
			}
			if len(p.stack) >= MaxDepth {
				return nil, p.fail(diag.XMLTooDeep, p.point(start), "the XML nests deeper than %d levels; no bucket configuration needs that", MaxDepth)
			}
			el := p.open(t, start, end)
			if len(p.stack) > 0 {
				parent := p.stack[len(p.stack)-1]
				parent.Children = append(parent.Children, el)
			} else {
				root = el
			}
			if strings.HasSuffix(p.text[start:end], "/>") {
				// encoding/xml reports <x/> as a start and an end token;
				// the element is complete, so skip that end token.
				p.skipEnd = true
				continue
			}
			p.stack = append(p.stack, el)
			p.texts = append(p.texts, [2]int{-1, -1})
		case xml.EndElement:
			if p.skipEnd {
				p.skipEnd = false
				continue
			}
			if len(p.stack) == 0 {
				return nil, p.fail(diag.XMLSyntax, diag.Span{Start: start, End: end}, "closing tag </%s> has no opening tag; remove it", rawName(t.Name))
			}
			open := p.stack[len(p.stack)-1]
			if rawName(t.Name) != open.Name() {
				return nil, p.fail(diag.XMLSyntax, diag.Span{Start: start, End: end}, "closing tag </%s> does not match <%s>; write </%s>", rawName(t.Name), open.Name(), open.Name())
			}
			p.close(open, end)
		case xml.CharData:
			if len(p.stack) == 0 {
				if trimmed := bytes.Trim(t, xmlSpace); len(trimmed) > 0 {
					off := start + bytes.Index(t, trimmed[:1])
					if root == nil {
						return nil, p.fail(diag.XMLSyntax, p.point(off), "text before the root element; an XML document starts with '<'")
					}
					return nil, p.fail(diag.XMLTrailing, diag.Span{Start: off, End: len(p.text)}, "text after the root element; remove it")
				}
				continue
			}
			el := p.stack[len(p.stack)-1]
			el.Text += string(t)
			tx := &p.texts[len(p.texts)-1]
			if tx[0] < 0 {
				tx[0] = start
			}
			tx[1] = end
		case xml.Directive:
			return nil, p.fail(diag.XMLDoctype, diag.Span{Start: start, End: end}, "DOCTYPE and entity declarations are not allowed; remove <!%s…>", firstWord(string(t)))
		case xml.ProcInst, xml.Comment:
		}
	}
}

// syntaxError turns encoding/xml's error into a positioned diagnostic with
// a message a person can act on.
func (p *parser) syntaxError(err error, start int) *diag.Diagnostic {
	off := int(p.d.InputOffset())
	if off > len(p.text) {
		off = len(p.text)
	}
	var se *xml.SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Msg
	}
	switch {
	case strings.Contains(msg, "unexpected EOF"):
		return p.fail(diag.XMLSyntax, p.point(off), "unexpected end of input; a tag or value is cut off here")
	case strings.Contains(msg, "invalid character entity"):
		return p.fail(diag.XMLSyntax, p.point(start), "%s; write &amp; for a literal '&'", msg)
	}
	return p.fail(diag.XMLSyntax, p.point(max(start, off-1)), "%s", msg)
}

func (p *parser) open(t xml.StartElement, start, end int) *Element {
	scope := map[string]string{}
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns":
			scope[a.Name.Local] = a.Value
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			scope[""] = a.Value
		}
	}
	p.ns = append(p.ns, scope)
	tag := p.text[start:end]
	el := &Element{Prefix: t.Name.Space, Local: t.Name.Local, Span: diag.Span{Start: start, End: end}}
	el.NameSpan = diag.Span{Start: start + 1, End: start + 1 + len(rawName(t.Name))}
	spans := scanAttrs(tag, len(rawName(t.Name))+1)
	for i, a := range t.Attr {
		at := Attr{Prefix: a.Name.Space, Local: a.Name.Local, Value: a.Value}
		if a.Name.Space != "" && a.Name.Space != "xmlns" {
			at.Space = p.resolve(a.Name.Space)
		}
		if i < len(spans) {
			at.NameSpan = diag.Span{Start: start + spans[i][0], End: start + spans[i][1]}
			at.ValueSpan = diag.Span{Start: start + spans[i][2], End: start + spans[i][3]}
		}
		el.Attrs = append(el.Attrs, at)
	}
	el.Space = p.resolve(t.Name.Space)
	el.TextSpan = diag.Span{Start: end, End: end}
	if strings.HasSuffix(tag, "/>") {
		p.ns = p.ns[:len(p.ns)-1]
	}
	return el
}

func (p *parser) close(e *Element, end int) {
	tx := p.texts[len(p.texts)-1]
	p.stack = p.stack[:len(p.stack)-1]
	p.texts = p.texts[:len(p.texts)-1]
	p.ns = p.ns[:len(p.ns)-1]
	e.Span.End = end
	e.Text = strings.Trim(e.Text, xmlSpace)
	if tx[0] >= 0 {
		raw := p.text[tx[0]:tx[1]]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t\r\n"))
		trail := len(raw) - len(strings.TrimRight(raw, " \t\r\n"))
		if lead == len(raw) {
			e.TextSpan = diag.Span{Start: tx[0], End: tx[0]}
		} else {
			e.TextSpan = diag.Span{Start: tx[0] + lead, End: tx[1] - trail}
		}
	}
}

func (p *parser) resolve(prefix string) string {
	for i := len(p.ns) - 1; i >= 0; i-- {
		if uri, ok := p.ns[i][prefix]; ok {
			return uri
		}
	}
	if prefix == "xml" {
		return "http://www.w3.org/XML/1998/namespace"
	}
	return ""
}

func rawName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\r\n["); i > 0 {
		return s[:i]
	}
	return s
}

// scanAttrs finds, in a start tag, each attribute's name and value spans as
// [nameStart, nameEnd, valueStart, valueEnd) offsets, in order. from skips
// "<name". The tag is already known to be well-formed.
func scanAttrs(tag string, from int) [][4]int {
	var out [][4]int
	i := from
	space := func() {
		for i < len(tag) && strings.IndexByte(" \t\r\n", tag[i]) >= 0 {
			i++
		}
	}
	for {
		space()
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			return out
		}
		ns := i
		for i < len(tag) && tag[i] != '=' && strings.IndexByte(" \t\r\n", tag[i]) < 0 {
			i++
		}
		ne := i
		space()
		if i >= len(tag) || tag[i] != '=' {
			return out
		}
		i++
		space()
		if i >= len(tag) {
			return out
		}
		q := tag[i]
		i++
		vs := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		out = append(out, [4]int{ns, ne, vs, i})
		i++
	}
}
