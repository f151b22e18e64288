// Package xmldec turns a positioned XML tree into model values while
// recording where each model path was written and reporting shape problems
// (unknown, misspelt, repeated or missing elements, values that are not
// numbers) as diagnostics. It is jsondec's counterpart for XML.
package xmldec

import (
	"fmt"
	"strconv"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/internal/typo"
	"bucketlab/core/syntax/xmlsyn"
)

// Reader collects locations and diagnostics while a codec walks a tree.
type Reader struct {
	Loc   *diag.Locator
	Diags diag.List
}

// New returns a Reader with an empty locator.
func New() *Reader { return &Reader{Loc: diag.NewLocator()} }

// Field is a child element a parent may hold.
type Field struct {
	Name   string
	Repeat bool // may appear more than once
}

// Root checks the root element's name and namespace and records path. A
// namespace outside allowed (when allowed is non-empty) is a warning.
func (r *Reader) Root(e *xmlsyn.Element, path, want string, allowed ...string) bool {
	r.Loc.Set(path, e.NameSpan, e.Span)
	if e.Local != want {
		msg := fmt.Sprintf("the root element is <%s>; write <%s>", e.Name(), want)
		d := diag.At(diag.XMLUnknownElem, e.NameSpan, msg)
		d.Severity = diag.Error
		if strings.EqualFold(e.Local, want) {
			d = diag.At(diag.XMLElementCase, e.NameSpan, fmt.Sprintf("element <%s> must be written <%s>; names are case-sensitive", e.Local, want))
			d.Suggestion = want
		}
		r.Diags.Add(d)
		return false
	}
	if len(allowed) > 0 && !contains(allowed, e.Space) {
		ns := e.Space
		if ns == "" {
			ns = "none"
		}
		r.Diags.Add(diag.At(diag.XMLNamespace, e.NameSpan, fmt.Sprintf("namespace %q is unexpected here; use %s", ns, strings.Join(quoteAll(allowed), " or "))))
	}
	return true
}

// Children groups e's child elements by the known names. Unknown elements
// are reported with a suggestion; a known name in the wrong case is
// reported and still used; a second copy of a non-repeating element is
// reported and ignored. Text mixed among elements is reported.
func (r *Reader) Children(e *xmlsyn.Element, what string, known []Field) map[string][]*xmlsyn.Element {
	out := map[string][]*xmlsyn.Element{}
	names := make([]string, len(known))
	repeat := map[string]bool{}
	for i, f := range known {
		names[i] = f.Name
		repeat[f.Name] = f.Repeat
	}
	if e.Text != "" && len(e.Children) > 0 {
		r.Diags.Add(diag.At(diag.XMLWrongValue, e.TextSpan, fmt.Sprintf("text %q inside %s among its elements; remove it", clip(e.Text), what)))
	}
	for _, c := range e.Children {
		name := c.Local
		if !contains(names, name) {
			if exact := fold(name, names); exact != "" {
				d := diag.At(diag.XMLElementCase, c.NameSpan, fmt.Sprintf("element <%s> must be written <%s>; names are case-sensitive", name, exact))
				d.Suggestion = exact
				r.Diags.Add(d)
				name = exact
			} else {
				msg := fmt.Sprintf("unknown element <%s> in %s", c.Name(), what)
				d := diag.At(diag.XMLUnknownElem, c.NameSpan, "")
				if s := typo.Closest(name, names); s != "" {
					msg += fmt.Sprintf("; did you mean <%s>?", s)
					d.Suggestion = s
				} else {
					msg += "; expected " + strings.Join(angle(names), ", ")
				}
				d.Message = msg
				r.Diags.Add(d)
				continue
			}
		}
		if len(out[name]) > 0 && !repeat[name] {
			d := diag.At(diag.XMLDuplicate, c.NameSpan, fmt.Sprintf("<%s> appears more than once in %s; keep one", name, what))
			d.Related = []diag.Related{{Span: out[name][0].NameSpan, Message: "first here"}}
			r.Diags.Add(d)
			continue
		}
		out[name] = append(out[name], c)
	}
	return out
}

// Text returns an element's text and records path: the element's name as
// the key, its text (or, when empty, the point after the start tag) as the
// value. Child elements where text belongs are reported.
func (r *Reader) Text(e *xmlsyn.Element, path string) string {
	r.Loc.Set(path, e.NameSpan, e.TextSpan)
	if len(e.Children) > 0 {
		r.Diags.Add(diag.At(diag.XMLWrongValue, e.Children[0].Span, fmt.Sprintf("<%s> holds text, not elements; remove <%s>", e.Local, e.Children[0].Name())))
	}
	return e.Text
}

// Int reads an element's text as a whole number.
func (r *Reader) Int(e *xmlsyn.Element, path string) (int64, bool) {
	s := r.Text(e, path)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		r.Diags.Add(diag.At(diag.XMLWrongValue, spanOrName(e), fmt.Sprintf("<%s> must be a whole number of seconds, not %q", e.Local, clip(s))))
		return 0, false
	}
	return v, true
}

// Node records path for an element that holds other elements.
func (r *Reader) Node(e *xmlsyn.Element, path string) {
	r.Loc.Set(path, e.NameSpan, e.Span)
}

func spanOrName(e *xmlsyn.Element) diag.Span {
	if e.TextSpan.Start < e.TextSpan.End {
		return e.TextSpan
	}
	return e.NameSpan
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func fold(name string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return ""
}

func angle(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "<" + n + ">"
	}
	return out
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		if s == "" {
			out[i] = "none"
		} else {
			out[i] = strconv.Quote(s)
		}
	}
	return out
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
