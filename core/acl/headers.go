package acl

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"bucketlab/core/diag"
	"bucketlab/core/internal/typo"
	"bucketlab/core/provider"
)

// The header-only form (RULES.md §2.3, §3.3): the source is header lines
//
//	x-amz-acl: private
//	x-amz-grant-read: id="79a5…", uri="http://acs.amazonaws.com/groups/global/AllUsers"
//
// one per line. Each grantee inside a grant header's value becomes one
// grant whose permission is the header's.

// Header is one request header of the wire.
type Header struct{ Name, Value string }

// HeaderLine is one "Name: value" line of the source, with spans.
type HeaderLine struct {
	Name, Value         string
	NameSpan, ValueSpan diag.Span
}

// ParseHeaderLines reads "Name: value" lines separated by LF or CRLF.
// Blank lines are skipped; a line that is not a header is reported and
// skipped. Values are trimmed of spaces and tabs.
func ParseHeaderLines(src string) ([]HeaderLine, diag.List) {
	var out []HeaderLine
	var diags diag.List
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		line = strings.TrimSuffix(line, "\r")
		if h, d, ok := parseLine(line, start); ok {
			out = append(out, h)
		} else if d != nil {
			diags.Add(*d)
		}
		start = end + 1
	}
	return out, diags
}

func parseLine(line string, off int) (HeaderLine, *diag.Diagnostic, bool) {
	if strings.TrimSpace(line) == "" {
		return HeaderLine{}, nil, false
	}
	whole := diag.Span{Start: off, End: off + len(line)}
	fail := func(span diag.Span, format string, args ...any) (HeaderLine, *diag.Diagnostic, bool) {
		d := diag.At(diag.ACLHeaderSyntax, span, fmt.Sprintf(format, args...))
		return HeaderLine{}, &d, false
	}
	if line[0] == ' ' || line[0] == '\t' {
		return fail(whole, "a line starting with white space continues a header (obsolete line folding); write each header on one line")
	}
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		if strings.Contains(line, "HTTP/") {
			return fail(whole, "the source takes header lines only; remove the request line")
		}
		return fail(whole, "%q is not a header line; write Name: value", clip(line))
	}
	if colon == 0 {
		return fail(diag.Span{Start: off, End: off + 1}, "the header has no name; write Name: value")
	}
	name := line[:colon]
	for i, c := range name {
		if !isTokenChar(c) {
			_, size := utf8.DecodeRuneInString(name[i:])
			span := diag.Span{Start: off + i, End: off + i + size}
			if c == ' ' || c == '\t' {
				if strings.TrimSpace(name[i:]) == "" {
					return fail(span, "no white space is allowed between the header name and ':'; write %s:", strings.TrimSpace(name))
				}
			}
			return fail(span, "header name %q contains %q, which header names do not allow", clip(name), c)
		}
	}
	raw := line[colon+1:]
	lead := len(raw) - len(strings.TrimLeft(raw, " \t"))
	value := strings.Trim(raw, " \t")
	vs := off + colon + 1 + lead
	for i, c := range value {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return fail(diag.Span{Start: vs + i, End: vs + i + 1}, "control character %q in the header value; remove it", c)
		}
	}
	return HeaderLine{
		Name: name, Value: value,
		NameSpan:  diag.Span{Start: off, End: off + colon},
		ValueSpan: diag.Span{Start: vs, End: vs + len(value)},
	}, nil, true
}

// isTokenChar: RFC 9110 token characters, which header names are made of.
func isTokenChar(c rune) bool {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return true
	}
	return strings.ContainsRune("!#$%&'*+-.^_`|~", c)
}

// DecodeHeaders reads the header form. Header names are case-insensitive.
// Headers outside the ACL are noted and left out; another provider's ACL
// headers, misspelt ACL headers and malformed grant values are reported
// where they are written, down to the grantee inside a value. The model is
// nil only for an empty source.
func DecodeHeaders(src string, p provider.ACLProfile) (*ACL, *diag.Locator, diag.List) {
	loc := diag.NewLocator()
	h := p.Headers
	if strings.TrimSpace(src) == "" {
		return nil, loc, diag.List{diag.At(diag.DocumentEmpty, diag.Span{}, fmt.Sprintf("the document is empty; write header lines such as %s: private", h.Canned))}
	}
	if !utf8.ValidString(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRuneInString(src[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return nil, loc, diag.List{diag.At(diag.JSONInvalidUTF8, diag.Span{Start: off, End: off + 1}, "the text is not valid UTF-8 here; save or paste it as UTF-8")}
	}
	loc.Set("", diag.Span{}, diag.Span{Start: 0, End: len(src)})
	lines, diags := ParseHeaderLines(src)
	a := &ACL{}
	known := []string{h.Canned}
	for _, g := range h.Grants {
		known = append(known, g.Name)
	}
	first := map[string]diag.Span{}
	acl := false
	for _, l := range lines {
		name := strings.ToLower(l.Name)
		perm := ""
		for _, g := range h.Grants {
			if g.Name == name {
				perm = g.Permission
			}
		}
		if name != h.Canned && perm == "" {
			d := otherHeader(l, name, p, known)
			// A misspelt or foreign ACL header is reported; "no ACL
			// header" would only repeat it.
			acl = acl || d.Code != diag.ACLHeaderIgnored
			diags.Add(d)
			continue
		}
		acl = true
		if at, dup := first[name]; dup {
			d := diag.At(diag.ACLHeaderDuplicate, l.NameSpan, fmt.Sprintf("%s appears twice; write it once", name))
			if perm != "" {
				d.Message = fmt.Sprintf("%s appears twice; write all its grantees in one line, separated by %q", name, strings.TrimSpace(h.Separator))
			}
			d.Related = []diag.Related{{Span: at, Message: "first here"}}
			diags.Add(d)
			continue
		}
		first[name] = l.NameSpan
		if perm == "" {
			a.Canned = l.Value
			if l.Value == "" {
				loc.Set("/canned", l.NameSpan, l.NameSpan)
				diags.Add(diag.At(diag.ACLCannedUnknown, l.NameSpan, fmt.Sprintf("%s has no value; write one of %s", h.Canned, strings.Join(h.CannedACLs, ", "))))
				continue
			}
			loc.Set("/canned", l.NameSpan, l.ValueSpan)
			continue
		}
		if a.Grants == nil {
			loc.Set("/grants", l.NameSpan, l.ValueSpan)
			a.Grants = []Grant{}
		}
		entries, more := parseGrantValue(l)
		diags = append(diags, more...)
		for _, e := range entries {
			k, ok := grantKey(h, e.Key)
			if !ok {
				keys := make([]string, len(h.Keys))
				for i, k := range h.Keys {
					keys[i] = k.Key + `="…"`
				}
				d := diag.At(diag.ACLGrantKeyUnknown, e.KeySpan, fmt.Sprintf("unknown grantee key %q; write %s", clip(e.Key), strings.Join(keys, " or ")))
				names := make([]string, len(h.Keys))
				for i, k := range h.Keys {
					names[i] = k.Key
				}
				if s := typo.Closest(e.Key, names); s != "" {
					d.Message = fmt.Sprintf("unknown grantee key %q; did you mean %q?", clip(e.Key), s)
					d.Suggestion = s
				}
				diags.Add(d)
				continue
			}
			path := "/grants/" + strconv.Itoa(len(a.Grants))
			g := &Grantee{Type: k.Type}
			g.setField(k.Field, e.Value)
			value := e.ValueSpan
			if e.Value == "" {
				value = e.Span
			}
			loc.Set(path, l.NameSpan, e.Span)
			loc.Set(path+"/grantee", e.KeySpan, e.Span)
			loc.Set(path+"/grantee/type", e.KeySpan, e.KeySpan)
			loc.Set(path+"/grantee/"+k.Field, e.KeySpan, value)
			loc.Set(path+"/permission", l.NameSpan, l.NameSpan)
			a.Grants = append(a.Grants, Grant{Grantee: g, Permission: perm})
		}
	}
	if !acl {
		at := diag.Span{Start: 0, End: min(1, len(src))}
		if len(lines) > 0 {
			at = lines[0].NameSpan
		}
		diags.Add(diag.At(diag.ACLHeadersMissing, at,
			fmt.Sprintf("no %s or %sgrant-* header; write e.g. %s: private", h.Canned, h.Prefix, h.Canned)))
	}
	return a, loc, diags
}

// otherHeader reports a header that is not one of the provider's ACL
// headers: another provider's, a misspelt one, or one outside the ACL.
func otherHeader(l HeaderLine, name string, p provider.ACLProfile, known []string) diag.Diagnostic {
	h := p.Headers
	if prov, ours := otherProvider(name, p); ours != "" {
		d := diag.At(diag.ACLHeaderOtherProvider, l.NameSpan, fmt.Sprintf("%s belongs to %s; write %s", name, prov, ours))
		d.Suggestion = ours
		return d
	}
	aclLike := strings.HasPrefix(name, h.Prefix+"grant") || strings.HasPrefix(name, h.Prefix+"acl")
	if s := typo.Closest(name, known); s != "" && (aclLike || strings.HasPrefix(name, h.Prefix)) {
		d := diag.At(diag.ACLHeaderUnknown, l.NameSpan, fmt.Sprintf("unknown header %s; did you mean %s?", clip(name), s))
		d.Suggestion = s
		return d
	}
	if aclLike {
		return diag.At(diag.ACLHeaderUnknown, l.NameSpan, fmt.Sprintf("unknown header %s; expected %s", clip(name), strings.Join(known, ", ")))
	}
	return diag.At(diag.ACLHeaderIgnored, l.NameSpan, fmt.Sprintf("%s is not part of the ACL; the wire leaves it out", clip(l.Name)))
}

// otherProvider finds name among the other providers' ACL headers and
// returns that provider's name and this provider's header of the same meaning.
func otherProvider(name string, p provider.ACLProfile) (string, string) {
	for _, o := range allHeaders() {
		oh := o.headers
		if oh.Prefix == "" || oh.Prefix == p.Headers.Prefix {
			continue
		}
		if name == oh.Canned {
			return o.name, p.Headers.Canned
		}
		for _, g := range oh.Grants {
			if g.Name != name {
				continue
			}
			for _, ours := range p.Headers.Grants {
				if ours.Permission == g.Permission {
					return o.name, ours.Name
				}
			}
		}
	}
	return "", ""
}

// allHeaders is every provider's header form, read from the table once
// (provider.All builds every profile afresh).
var allHeaders = sync.OnceValue(func() []providerHeaders {
	var out []providerHeaders
	for _, o := range provider.All() {
		out = append(out, providerHeaders{o.Name, o.ACL.Headers})
	}
	return out
})

type providerHeaders struct {
	name    string
	headers provider.ACLHeaders
}

func grantKey(h provider.ACLHeaders, key string) (provider.ACLGrantKey, bool) {
	for _, k := range h.Keys {
		if k.Key == key {
			return k, true
		}
	}
	return provider.ACLGrantKey{}, false
}

// grantEntry is one key=value grantee inside a grant header's value.
type grantEntry struct {
	Key, Value               string
	Span, KeySpan, ValueSpan diag.Span
}

// parseGrantValue splits a grant header's value into key="value" grantees
// separated by commas; a value may also be written without quotes. Every
// problem is positioned inside the value.
func parseGrantValue(l HeaderLine) ([]grantEntry, diag.List) {
	v, base := l.Value, l.ValueSpan.Start
	var out []grantEntry
	var diags diag.List
	span := func(i, j int) diag.Span { return diag.Span{Start: base + i, End: base + j} }
	fail := func(i, j int, format string, args ...any) {
		diags.Add(diag.At(diag.ACLGrantValueMalformed, span(i, j), fmt.Sprintf(format, args...)))
	}
	if v == "" {
		diags.Add(diag.At(diag.ACLGrantValueMalformed, l.NameSpan, fmt.Sprintf("%s has no grantee; write e.g. id=\"…\"", strings.ToLower(l.Name))))
		return nil, diags
	}
	skip := func(i int) int {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		return i
	}
	// next is the index of the comma that ends the entry at i, or len(v).
	next := func(i int) int {
		if j := strings.IndexByte(v[i:], ','); j >= 0 {
			return i + j
		}
		return len(v)
	}
	// trim is stop moved left over spaces, but not before from.
	trim := func(from, stop int) int {
		for stop > from && (v[stop-1] == ' ' || v[stop-1] == '\t') {
			stop--
		}
		return stop
	}
	for i := 0; ; {
		i = skip(i)
		if i >= len(v) {
			return out, diags
		}
		if v[i] == ',' {
			if skip(i+1) >= len(v) {
				fail(i, i+1, "nothing follows ','; remove the trailing comma")
			} else {
				fail(i, i+1, "an empty grantee between commas; remove one ','")
			}
			i++
			continue
		}
		start, stop := i, next(i)
		eq := strings.IndexByte(v[i:stop], '=')
		if eq < 0 {
			end := trim(start, stop)
			fail(start, end, "grantee %q needs a key and a value, e.g. id=\"…\"", clip(v[start:end]))
			i = stop + 1
			continue
		}
		eq += i
		key := v[start:trim(start, eq)]
		i = skip(eq + 1)
		var val string
		var vs, ve, end int
		if i < len(v) && v[i] == '"' {
			c := strings.IndexByte(v[i+1:], '"')
			if c < 0 {
				fail(i, len(v), "the quote opened here is not closed; add '\"'")
				return out, diags
			}
			c += i + 1
			val, vs, ve, end = v[i+1:c], i+1, c, c+1
			i = skip(c + 1)
			if i < len(v) && v[i] != ',' {
				stop := next(i)
				e := trim(i, stop)
				fail(i, e, "unexpected %q after the quoted value; separate grantees with ','", clip(v[i:e]))
				i = stop
			}
		} else {
			stop := next(i)
			e := trim(i, stop)
			val, vs, ve, end = v[i:e], i, e, e
			i = stop
		}
		if key == "" {
			fail(start, eq+1, "the grantee has no key before '='; write e.g. id=\"…\"")
		} else {
			out = append(out, grantEntry{Key: key, Value: val, Span: span(start, end), KeySpan: span(start, start+len(key)), ValueSpan: span(vs, ve)})
		}
		if i < len(v) && v[i] == ',' {
			if skip(i+1) >= len(v) {
				fail(i, i+1, "nothing follows ','; remove the trailing comma")
				return out, diags
			}
			i++
		}
	}
}

// EncodeHeaders returns the headers the provider's Go SDK sends for a: the
// canned header and one header per permission that has grantees, each
// grantee written key="value" and joined as the provider's docs write them,
// names in Go's canonical form and sorted as net/http writes them.
func EncodeHeaders(a ACL, p provider.ACLProfile) ([]Header, error) {
	h := p.Headers
	if a.Owner != nil {
		return nil, fmt.Errorf("the header form has no owner")
	}
	out := []Header{}
	if a.Canned != "" {
		out = append(out, Header{Name: canonicalName(h.Canned), Value: a.Canned})
	}
	parts := map[string][]string{}
	for i, g := range a.Grants {
		if g.Grantee == nil {
			return nil, fmt.Errorf("grant %d has no grantee", i)
		}
		var key *provider.ACLGrantKey
		for _, k := range h.Keys {
			if k.Type == g.Grantee.Type {
				key = &k
				break
			}
		}
		if key == nil {
			return nil, fmt.Errorf("grant %d: a %s grantee has no grant-header form", i, g.Grantee.Type)
		}
		v := g.Grantee.Field(key.Field)
		if setFields(g.Grantee) != 1 || v == "" {
			return nil, fmt.Errorf("grant %d: a grant header holds exactly one %s per grantee", i, key.Key)
		}
		if strings.ContainsAny(v, "\"\r\n") || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
			return nil, fmt.Errorf("grant %d: %q cannot be written in a header value", i, v)
		}
		parts[g.Permission] = append(parts[g.Permission], key.Key+`="`+v+`"`)
	}
	for _, gh := range h.Grants {
		if list := parts[gh.Permission]; len(list) > 0 {
			out = append(out, Header{Name: canonicalName(gh.Name), Value: strings.Join(list, h.Separator)})
			delete(parts, gh.Permission)
		}
	}
	for perm := range parts {
		return nil, fmt.Errorf("permission %q has no grant header", perm)
	}
	return out, nil
}

// canonicalName is Go's canonical header form (x-amz-acl → X-Amz-Acl), as
// net/http's Header.Set writes it; core/ does not import net/textproto.
func canonicalName(name string) string {
	b := []byte(name)
	upper := true
	for i, c := range b {
		switch {
		case upper && 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case !upper && 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
		upper = c == '-'
	}
	return string(b)
}
