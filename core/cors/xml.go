package cors

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"bucketlab/core/diag"
	"bucketlab/core/internal/xmldec"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/xmlsyn"
)

// The PUT Bucket CORS body of COS and S3 (RULES.md §2.1, §3.1):
//
//	<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">  (S3: namespace optional; COS: none)
//	  <CORSRule>                                 1..100
//	    <ID>…</ID>                               0..1
//	    <AllowedOrigin>…</AllowedOrigin>         1..n
//	    <AllowedMethod>…</AllowedMethod>         1..n
//	    <AllowedHeader>…</AllowedHeader>         0..n
//	    <ExposeHeader>…</ExposeHeader>           0..n
//	    <MaxAgeSeconds>N</MaxAgeSeconds>         0..1
//	  </CORSRule>
//	  <ResponseVary>true|false</ResponseVary>    (COS only)
//	</CORSConfiguration>
//
// One codec serves both providers; the profile says what differs
// (namespaces, ResponseVary, the order and escaping of the Go SDK).

const (
	xmlRoot         = "CORSConfiguration"
	xmlRule         = "CORSRule"
	xmlResponseVary = "ResponseVary"
)

var xmlRuleFields = []xmldec.Field{
	{Name: provider.XMLID},
	{Name: provider.XMLAllowedOrigin, Repeat: true},
	{Name: provider.XMLAllowedMethod, Repeat: true},
	{Name: provider.XMLAllowedHeader, Repeat: true},
	{Name: provider.XMLExposeHeader, Repeat: true},
	{Name: provider.XMLMaxAgeSeconds},
}

// DecodeXML reads a CORSConfiguration as provider p takes it into the
// model. Elements the provider does not know are reported and skipped; a
// known element in the wrong case is reported and still read, so one slip
// is reported once. The model is nil when the root is not a
// CORSConfiguration: then there is nothing further to check.
func DecodeXML(root *xmlsyn.Element, p provider.CORSProfile) (*Config, *diag.Locator, diag.List) {
	r := xmldec.New()
	if !r.Root(root, "", xmlRoot, p.XMLNamespaces...) {
		return nil, r.Loc, r.Diags
	}
	known := []xmldec.Field{{Name: xmlRule, Repeat: true}}
	if p.ResponseVary {
		known = append(known, xmldec.Field{Name: xmlResponseVary})
	}
	kids := r.Children(root, "<"+xmlRoot+">", known)
	cfg := &Config{}
	for _, e := range kids[xmlRule] {
		path := "/rules/" + strconv.Itoa(len(cfg.Rules))
		cfg.Rules = append(cfg.Rules, decodeXMLRule(r, path, e))
	}
	if es := kids[xmlResponseVary]; len(es) > 0 {
		e := es[0]
		switch v := r.Text(e, "/responseVary"); v {
		case "true", "false":
			b := v == "true"
			cfg.ResponseVary = &b
		default:
			span := e.TextSpan
			if span.Start == span.End {
				span = e.NameSpan
			}
			d := diag.At(diag.XMLWrongValue, span, fmt.Sprintf("<%s> must be true or false, not %q", e.Local, clipText(v)))
			if l := strings.ToLower(v); l == "true" || l == "false" {
				d.Suggestion = l
			}
			r.Diags.Add(d)
		}
	}
	return cfg, r.Loc, r.Diags
}

func decodeXMLRule(r *xmldec.Reader, path string, e *xmlsyn.Element) Rule {
	r.Node(e, path)
	f := r.Children(e, "<"+xmlRule+">", xmlRuleFields)
	var rule Rule
	if es := f[provider.XMLID]; len(es) > 0 {
		rule.ID = r.Text(es[0], path+"/id")
	}
	rule.AllowedOrigins = xmlTexts(r, f[provider.XMLAllowedOrigin], path+"/allowedOrigins")
	rule.AllowedMethods = xmlTexts(r, f[provider.XMLAllowedMethod], path+"/allowedMethods")
	rule.AllowedHeaders = xmlTexts(r, f[provider.XMLAllowedHeader], path+"/allowedHeaders")
	rule.ExposeHeaders = xmlTexts(r, f[provider.XMLExposeHeader], path+"/exposeHeaders")
	if es := f[provider.XMLMaxAgeSeconds]; len(es) > 0 {
		if v, ok := r.Int(es[0], path+"/maxAgeSeconds"); ok {
			rule.MaxAgeSeconds = &v
		}
	}
	return rule
}

// xmlTexts reads repeated elements into a list located at path/index; none
// is a nil list, as in the other codecs.
func xmlTexts(r *xmldec.Reader, es []*xmlsyn.Element, path string) []string {
	if len(es) == 0 {
		return nil
	}
	out := make([]string, len(es))
	for j, e := range es {
		out[j] = r.Text(e, path+"/"+strconv.Itoa(j))
	}
	return out
}

// EncodeXML returns the exact body provider p's Go SDK sends for cfg: no
// XML declaration, no white space, the namespace it writes on the root, a
// rule's elements in its order, text escaped as its XML writer does
// (cos-go-sdk-v5: encoding/xml; aws-sdk-go-v2: smithy-go). Empty lists and
// an empty ID are left out, as both SDKs do. One difference: COS's SDK
// drops MaxAgeSeconds 0 (an int with omitempty); it is written here, since
// the document says it, and the Python SDK sends it too.
func EncodeXML(cfg Config, p provider.CORSProfile) ([]byte, error) {
	if len(p.XMLNamespaces) == 0 || len(p.XMLRuleOrder) == 0 {
		return nil, fmt.Errorf("the provider has no XML CORS form")
	}
	if cfg.ResponseVary != nil && !p.ResponseVary {
		return nil, fmt.Errorf("the provider's XML has no <%s>", xmlResponseVary)
	}
	w := xmlWriter{lineSeps: p.XMLEscapeLineSeparators}
	w.b.WriteString("<" + xmlRoot)
	if ns := p.XMLNamespaces[0]; ns != "" {
		w.b.WriteString(` xmlns="`)
		w.escape(ns)
		w.b.WriteString(`"`)
	}
	w.b.WriteString(">")
	for _, r := range cfg.Rules {
		w.b.WriteString("<" + xmlRule + ">")
		for _, name := range p.XMLRuleOrder {
			switch name {
			case provider.XMLID:
				if r.ID != "" {
					w.elem(name, r.ID)
				}
			case provider.XMLAllowedOrigin:
				w.elems(name, r.AllowedOrigins)
			case provider.XMLAllowedMethod:
				w.elems(name, r.AllowedMethods)
			case provider.XMLAllowedHeader:
				w.elems(name, r.AllowedHeaders)
			case provider.XMLExposeHeader:
				w.elems(name, r.ExposeHeaders)
			case provider.XMLMaxAgeSeconds:
				if r.MaxAgeSeconds != nil {
					w.elem(name, strconv.FormatInt(*r.MaxAgeSeconds, 10))
				}
			default:
				return nil, fmt.Errorf("unknown CORSRule element %q in the profile's order", name)
			}
		}
		w.b.WriteString("</" + xmlRule + ">")
	}
	if cfg.ResponseVary != nil {
		w.elem(xmlResponseVary, strconv.FormatBool(*cfg.ResponseVary))
	}
	w.b.WriteString("</" + xmlRoot + ">")
	return w.b.Bytes(), nil
}

// ValidateXMLBody checks what only the wire bytes show: the size limit.
func ValidateXMLBody(cfg Config, p provider.CORSProfile) diag.List {
	var out diag.List
	if p.MaxBodyBytes <= 0 {
		return out
	}
	b, err := EncodeXML(cfg, p)
	if err == nil && len(b) > p.MaxBodyBytes {
		out.Add(diag.New(diag.CORSBodyTooLarge, "/rules", fmt.Sprintf("the XML body is %d bytes; the service accepts at most %d (%d KB); shorten it, e.g. with origin patterns such as \"https://*.example.com\"", len(b), p.MaxBodyBytes, p.MaxBodyBytes>>10)))
	}
	return out
}

// XMLSuggestions turns the validator's suggestions, written as JSON strings
// (the replacement of a JSON string value), into XML text (the replacement
// of an element's text), for diagnostics against an XML document.
func XMLSuggestions(l diag.List) {
	for i := range l {
		if s, err := strconv.Unquote(l[i].Suggestion); err == nil && strings.HasPrefix(l[i].Suggestion, `"`) {
			var w xmlWriter
			w.escape(s)
			l[i].Suggestion = w.b.String()
		}
	}
}

type xmlWriter struct {
	b        bytes.Buffer
	lineSeps bool
}

func (w *xmlWriter) elem(name, text string) {
	w.b.WriteString("<" + name + ">")
	w.escape(text)
	w.b.WriteString("</" + name + ">")
}

func (w *xmlWriter) elems(name string, texts []string) {
	for _, t := range texts {
		w.elem(name, t)
	}
}

// escape writes s as XML character data the way encoding/xml's printer
// does (quotes, apostrophes, tab and line breaks as references; characters
// XML cannot hold as U+FFFD), plus U+0085 and U+2028 when the SDK's writer
// (smithy-go) escapes them too.
func (w *xmlWriter) escape(s string) {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		case '\u0085', '\u2028':
			if !w.lineSeps {
				continue
			}
			esc = fmt.Sprintf("&#x%X;", r)
		default:
			if !xmlChar(r) || r == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
				break
			}
			continue
		}
		w.b.WriteString(s[last : i-width])
		w.b.WriteString(esc)
		last = i
	}
	w.b.WriteString(s[last:])
}

// xmlChar: the Char production of XML 1.0.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func clipText(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
