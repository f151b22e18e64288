package api

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

func init() { ops["format"] = opFormat }

// FormatRequest is the request of the "format" op: a JSON or XML document
// and a style, "pretty" (two-space indentation) or "minify".
type FormatRequest struct {
	Format string `json:"format"`
	Source string `json:"source"`
	Style  string `json:"style"`
}

// FormatValue is the value of the "format" op. Source is empty when the
// document has a syntax error (the diagnostics say which); it is reformatted
// only where white space is insignificant: keys keep their order and
// duplicates, strings, numbers and XML text and attribute values stay as
// written (escapes and entities included), comments and the XML
// declaration stay.
type FormatValue struct {
	Source string `json:"source,omitempty"`
}

func opFormat(raw []byte) (result, error) {
	var req FormatRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	pretty := false
	switch req.Style {
	case "pretty", "":
		pretty = true
	case "minify":
	default:
		return result{}, badf("unknown style %q; expected \"pretty\" or \"minify\"", req.Style)
	}
	if len(req.Source) > MaxSource {
		return result{value: FormatValue{}, source: req.Source, diags: diag.List{diag.At(diag.DocumentTooLarge, diag.Span{},
			fmt.Sprintf("the document is %d bytes; the playground reads at most %d (1 MiB)", len(req.Source), MaxSource))}}, nil
	}
	var out string
	var diags diag.List
	switch req.Format {
	case "json":
		out, diags = formatJSON(req.Source, pretty)
	case "xml":
		out, diags = formatXML(req.Source, pretty)
	default:
		return result{}, badf("unknown format %q; format takes \"json\" or \"xml\" (header lines have no layout to change)", req.Format)
	}
	return result{value: FormatValue{Source: out}, source: req.Source, diags: diags}, nil
}

// refuses: only problems that make the text unreadable stop formatting; a
// duplicate key is kept as it is.
func refuses(diags diag.List) bool {
	for _, d := range diags {
		if d.Severity == diag.Error && d.Code != diag.JSONDuplicateKey {
			return true
		}
	}
	return false
}

// formatJSON writes the tree again, taking every key, string and number
// from the source as written.
func formatJSON(src string, pretty bool) (string, diag.List) {
	root, diags := jsonsyn.Parse(src)
	if root == nil || refuses(diags) {
		return "", errorsOnly(diags)
	}
	var b strings.Builder
	b.Grow(len(src))
	newline := func(depth int) {
		if pretty {
			b.WriteByte('\n')
			for range depth {
				b.WriteString("  ")
			}
		}
	}
	var write func(n *jsonsyn.Node, depth int)
	write = func(n *jsonsyn.Node, depth int) {
		switch n.Kind {
		case jsonsyn.Object:
			if len(n.Members) == 0 {
				b.WriteString("{}")
				return
			}
			b.WriteByte('{')
			for i, m := range n.Members {
				if i > 0 {
					b.WriteByte(',')
				}
				newline(depth + 1)
				b.WriteString(src[m.KeySpan.Start:m.KeySpan.End])
				b.WriteByte(':')
				if pretty {
					b.WriteByte(' ')
				}
				write(m.Value, depth+1)
			}
			newline(depth)
			b.WriteByte('}')
		case jsonsyn.Array:
			if len(n.Elems) == 0 {
				b.WriteString("[]")
				return
			}
			b.WriteByte('[')
			for i, e := range n.Elems {
				if i > 0 {
					b.WriteByte(',')
				}
				newline(depth + 1)
				write(e, depth+1)
			}
			newline(depth)
			b.WriteByte(']')
		default:
			b.WriteString(src[n.Span.Start:n.Span.End])
		}
	}
	write(root, 0)
	return b.String(), nil
}

// errorsOnly keeps what stopped the formatting; warnings belong to check.
func errorsOnly(diags diag.List) diag.List {
	var out diag.List
	for _, d := range diags {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// xnode is one piece of an XML document with its raw span.
type xnode struct {
	kind     int // xElem, xText, xOther (comment, processing instruction)
	raw      diag.Span
	inner    diag.Span // xElem: between the start and end tags
	end      int       // xElem: the end of its end tag
	selfEnd  bool      // xElem written <x/>
	children []*xnode
}

const (
	xElem = iota
	xText
	xOther
)

// formatXML checks the text with xmlsyn, then writes its tokens again:
// tags with single spaces between attributes, each element on its own line
// (pretty) or none (minify); an element holding only text keeps that text
// as written, without the XML white space around it; an element mixing
// text and elements is kept as written.
func formatXML(src string, pretty bool) (string, diag.List) {
	if root, diags := xmlsyn.Parse(src); root == nil || refuses(diags) {
		return "", errorsOnly(diags)
	}
	top, err := xmlTokens(src)
	if err != nil {
		return "", diag.List{diag.At(diag.XMLSyntax, diag.Span{}, "the document cannot be formatted: "+err.Error())}
	}
	var b strings.Builder
	b.Grow(len(src))
	first := true
	line := func(depth int) {
		if pretty && !first {
			b.WriteByte('\n')
			for range depth {
				b.WriteString("  ")
			}
		}
		first = false
	}
	var write func(n *xnode, depth int)
	write = func(n *xnode, depth int) {
		line(depth)
		switch n.kind {
		case xText:
			b.WriteString(strings.Trim(src[n.raw.Start:n.raw.End], xmlSpace))
		case xOther:
			b.WriteString(src[n.raw.Start:n.raw.End])
		case xElem:
			if hasElements(n) && hasText(n) {
				// Mixed content: white space beside the text is the text's;
				// keep the element as written.
				b.WriteString(src[n.raw.Start:n.end])
				return
			}
			name := writeTag(&b, src[n.raw.Start:n.raw.End])
			if n.selfEnd {
				return
			}
			if !hasElements(n) {
				b.WriteString(strings.Trim(src[n.inner.Start:n.inner.End], xmlSpace))
			} else {
				for _, c := range n.children {
					write(c, depth+1)
				}
				line(depth)
			}
			b.WriteString("</" + name + ">")
		}
	}
	for _, n := range top {
		write(n, 0)
	}
	return b.String(), nil
}

const xmlSpace = " \t\r\n"

func hasElements(n *xnode) bool {
	for _, c := range n.children {
		if c.kind == xElem {
			return true
		}
	}
	return false
}

func hasText(n *xnode) bool {
	for _, c := range n.children {
		if c.kind == xText {
			return true
		}
	}
	return false
}

// xmlTokens splits well-formed XML into a tree of raw spans. White space
// between tags is dropped: formatting writes its own.
func xmlTokens(src string) ([]*xnode, error) {
	d := xml.NewDecoder(strings.NewReader(src))
	d.Strict = true
	var top []*xnode
	var stack []*xnode
	add := func(n *xnode) {
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			p.children = append(p.children, n)
		} else {
			top = append(top, n)
		}
	}
	skipEnd := false
	for {
		start := int(d.InputOffset())
		tok, err := d.RawToken()
		end := int(d.InputOffset())
		if err == io.EOF {
			return top, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{kind: xElem, raw: diag.Span{Start: start, End: end}}
			add(n)
			if strings.HasSuffix(src[start:end], "/>") {
				n.selfEnd = true
				skipEnd = true // encoding/xml reports <x/> as a start and an end
				continue
			}
			n.inner.Start = end
			stack = append(stack, n)
		case xml.EndElement:
			if skipEnd {
				skipEnd = false
				continue
			}
			if len(stack) == 0 {
				return nil, fmt.Errorf("unexpected </%s>", t.Name.Local)
			}
			n := stack[len(stack)-1]
			n.inner.End, n.end = start, end
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if strings.Trim(src[start:end], xmlSpace) != "" {
				add(&xnode{kind: xText, raw: diag.Span{Start: start, End: end}})
			}
		default: // comments, processing instructions (xmlsyn refused directives)
			add(&xnode{kind: xOther, raw: diag.Span{Start: start, End: end}})
		}
	}
}

// writeTag writes a well-formed start tag with single spaces between its
// attributes, each value with its quotes as written, and returns its name.
func writeTag(b *strings.Builder, tag string) string {
	i := 1
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	name := tag[1:i]
	b.WriteString(tag[:i])
	for {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			break
		}
		ns := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
			i++
		}
		attr := tag[ns:i]
		for i < len(tag) && (isSpace(tag[i]) || tag[i] == '=') {
			i++
		}
		if i >= len(tag) {
			break
		}
		q := tag[i]
		vs := i
		i++
		for i < len(tag) && tag[i] != q {
			i++
		}
		i++
		b.WriteString(" " + attr + "=" + tag[vs:min(i, len(tag))])
	}
	if strings.HasSuffix(tag, "/>") {
		b.WriteString("/>")
	} else {
		b.WriteByte('>')
	}
	return name
}
