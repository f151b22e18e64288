// Package convert carries a bucket's CORS configuration, policy or ACL from
// one provider or wire form to another. Each document kind has one neutral
// model, so a conversion is model → model (what the target cannot hold is
// rewritten, left out or kept as written, each with a diagnostic at the
// SOURCE element) followed by writing the model in the target's own style,
// indented for reading and editing.
//
// Diagnostics carry source model paths; with a locator (from the source's
// decoder) their spans are resolved here, so they point into the source.
package convert

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"bucketlab/core/diag"
)

// Options are what the user gives that the source document does not hold.
type Options struct {
	// Bucket is the bucket's name at the target (for COS "<name>-<APPID>"
	// or just the name with AppID); empty: taken from the source.
	Bucket string
	// AppID is the COS account's APPID; Region the COS region. Empty:
	// taken from the source when it is a COS document.
	AppID, Region string
	// Owner is the bucket owner's id at the target (COS uin or CAM id, S3
	// canonical user id).
	Owner string
	// IDs map a source account or user id to its counterpart at the target.
	IDs map[string]string
}

// emitter collects diagnostics against the source.
type emitter struct {
	loc   *diag.Locator
	diags diag.List
}

// add reports at a source model path; the locator resolves it at the end.
func (e *emitter) add(code diag.Code, path, msg string) *diag.Diagnostic {
	e.diags.Add(diag.New(code, path, msg))
	return &e.diags[len(e.diags)-1]
}

// addKey reports at the NAME of the element at path (a rule, a statement,
// the root), rather than selecting all of it.
func (e *emitter) addKey(code diag.Code, path, msg string) *diag.Diagnostic {
	d := e.add(code, path, msg)
	if e.loc == nil {
		return d
	}
	if loc, ok := e.loc.Lookup(path); ok {
		switch {
		case loc.Key != (diag.Span{}):
			d.Span = loc.Key
		case loc.Value.End > loc.Value.Start:
			d.Span = diag.Span{Start: loc.Value.Start, End: loc.Value.Start + 1}
		}
	}
	return d
}

// done resolves the remaining spans.
func (e *emitter) done() diag.List {
	if e.loc != nil {
		e.loc.Resolve(e.diags)
	}
	return e.diags
}

// obj is a JSON object whose members are written in the order given.
type obj []member

type member struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshal(m.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without escaping HTML characters.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// prettyJSON writes v indented, without escaping HTML characters: the text
// is for reading and editing (JSON readers take both spellings).
func prettyJSON(v any, indent string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// indentXML lays out compact XML (elements holding either text or
// elements, as the encoders write) one element per line, indented by two
// spaces; an element with text, or empty, stays on one line.
func indentXML(compact string) string {
	var b strings.Builder
	depth := 0
	lastOpen, lastText := false, false
	newline := func() {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("  ", depth))
	}
	for i := 0; i < len(compact); {
		if compact[i] != '<' {
			j := strings.IndexByte(compact[i:], '<')
			if j < 0 {
				j = len(compact) - i
			}
			b.WriteString(compact[i : i+j])
			i += j
			lastText = true
			continue
		}
		j := strings.IndexByte(compact[i:], '>')
		if j < 0 {
			b.WriteString(compact[i:])
			break
		}
		tag := compact[i : i+j+1]
		i += j + 1
		switch {
		case strings.HasPrefix(tag, "</"):
			depth--
			if !lastOpen && !lastText {
				newline()
			}
			b.WriteString(tag)
			lastOpen = false
		case strings.HasSuffix(tag, "/>"):
			newline()
			b.WriteString(tag)
			lastOpen = false
		default:
			newline()
			b.WriteString(tag)
			depth++
			lastOpen = true
		}
		lastText = false
	}
	return b.String()
}

// quoteList renders ["a","b"] as `"a", "b"`.
func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
