// Package jsondec turns a positioned JSON tree into model values while
// recording where each model path was written and reporting shape problems
// (wrong types, unknown keys, keys in the wrong case) as diagnostics.
package jsondec

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/internal/typo"
	"bucketlab/core/syntax/jsonsyn"
)

// Reader collects locations and diagnostics while a codec walks a tree.
type Reader struct {
	Loc   *diag.Locator
	Diags diag.List
}

// New returns a Reader with an empty locator.
func New() *Reader { return &Reader{Loc: diag.NewLocator()} }

// wrongType reports n. example, when set, shows what to write; when fix is
// set it is the exact replacement of n, offered as the Suggestion.
func (r *Reader) wrongType(n *jsonsyn.Node, name, want, example string, fix bool) {
	msg := fmt.Sprintf("%s must be %s, not %s", name, want, article(n.Kind))
	if example != "" {
		msg += "; write " + example
	}
	d := diag.At(diag.JSONWrongType, n.Span, msg)
	if fix {
		d.Suggestion = example
	}
	r.Diags.Add(d)
}

func article(k jsonsyn.Kind) string {
	switch k {
	case jsonsyn.Array, jsonsyn.Object:
		return "an " + k.String()
	case jsonsyn.Null:
		return "null"
	}
	return "a " + k.String()
}

// Object checks that n is an object, records path, and returns its members
// keyed by the known names. Unknown keys are reported with a suggestion; a
// known key in the wrong case is reported and still used, so one slip does
// not also read as "missing".
func (r *Reader) Object(n *jsonsyn.Node, path string, keySpan diag.Span, name string, known []string) (map[string]jsonsyn.Member, bool) {
	r.Loc.Set(path, keySpan, n.Span)
	if n.Kind != jsonsyn.Object {
		r.wrongType(n, name, "an object", "{…}", false)
		return nil, false
	}
	out := map[string]jsonsyn.Member{}
	for _, m := range n.Members {
		if contains(known, m.Key) {
			if _, dup := out[m.Key]; !dup { // duplicates are reported by the parser
				out[m.Key] = m
			}
			continue
		}
		if exact := caseFold(m.Key, known); exact != "" {
			d := diag.At(diag.JSONKeyCase, m.KeySpan, fmt.Sprintf("key %q must be written %q; keys are case-sensitive", m.Key, exact))
			d.Suggestion = quote(exact)
			r.Diags.Add(d)
			if _, dup := out[exact]; !dup {
				out[exact] = m
			}
			continue
		}
		msg := fmt.Sprintf("unknown key %q in %s", m.Key, name)
		d := diag.At(diag.JSONUnknownKey, m.KeySpan, "")
		if s := typo.Closest(m.Key, known); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
			d.Suggestion = quote(s)
		} else {
			msg += "; expected " + quoteList(known)
		}
		d.Message = msg
		r.Diags.Add(d)
	}
	return out, true
}

// String reads a string member.
func (r *Reader) String(m jsonsyn.Member, path string) (string, bool) {
	r.Loc.Set(path, m.KeySpan, m.Value.Span)
	if m.Value.Kind != jsonsyn.String {
		r.wrongType(m.Value, strconv.Quote(m.Key), "a string", "", false)
		return "", false
	}
	return m.Value.Text, true
}

// StringList reads an array of strings; each element is located at
// path/index. Elements of the wrong type are reported and skipped.
func (r *Reader) StringList(m jsonsyn.Member, path string) ([]string, bool) {
	r.Loc.Set(path, m.KeySpan, m.Value.Span)
	if m.Value.Kind != jsonsyn.Array {
		ex := ""
		if m.Value.Kind == jsonsyn.String {
			ex = "[" + quote(m.Value.Text) + "]"
		}
		r.wrongType(m.Value, strconv.Quote(m.Key), "an array of strings", ex, ex != "")
		return nil, false
	}
	out := make([]string, 0, len(m.Value.Elems))
	for _, e := range m.Value.Elems {
		if e.Kind != jsonsyn.String {
			r.wrongType(e, fmt.Sprintf("each element of %q", m.Key), "a string", "", false)
			continue
		}
		r.Loc.Set(path+"/"+strconv.Itoa(len(out)), diag.Span{}, e.Span)
		out = append(out, e.Text)
	}
	return out, true
}

// StringsOrOne reads the member key of f as a list of strings; a lone
// string is reported and taken as a one-element list, so that one slip is
// not also reported as "missing". An absent key is nil.
func (r *Reader) StringsOrOne(f map[string]jsonsyn.Member, key, path string) []string {
	m, ok := f[key]
	if !ok {
		return nil
	}
	list, ok := r.StringList(m, path)
	if !ok && m.Value.Kind == jsonsyn.String {
		r.Loc.Set(path+"/0", diag.Span{}, m.Value.Span)
		return []string{m.Value.Text}
	}
	return list
}

// Int reads an integer member.
func (r *Reader) Int(m jsonsyn.Member, path string) (int64, bool) {
	r.Loc.Set(path, m.KeySpan, m.Value.Span)
	if m.Value.Kind != jsonsyn.Number {
		ex := ""
		if m.Value.Kind == jsonsyn.String {
			if _, err := strconv.ParseInt(m.Value.Text, 10, 64); err == nil {
				ex = m.Value.Text
			}
		}
		r.wrongType(m.Value, strconv.Quote(m.Key), "an integer", ex, ex != "")
		return 0, false
	}
	v, err := strconv.ParseInt(m.Value.Text, 10, 64)
	if err != nil {
		r.Diags.Add(diag.At(diag.JSONWrongType, m.Value.Span, fmt.Sprintf("%q must be a whole number that fits in 64 bits, not %s", m.Key, m.Value.Text)))
		return 0, false
	}
	return v, true
}

// Array checks that m's value is an array and records path.
func (r *Reader) Array(m jsonsyn.Member, path, example string) ([]*jsonsyn.Node, bool) {
	r.Loc.Set(path, m.KeySpan, m.Value.Span)
	if m.Value.Kind != jsonsyn.Array {
		r.wrongType(m.Value, strconv.Quote(m.Key), "an array", example, false)
		return nil, false
	}
	return m.Value.Elems, true
}

// quote writes s as a JSON string, '<' '>' '&' as they are. strconv.Quote
// is not JSON: it writes \x escapes and non-printable characters its own way.
func quote(s string) string {
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func caseFold(key string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return k
		}
	}
	return ""
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
