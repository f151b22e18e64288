// Package diag is the vocabulary of problems found in a user's document or
// request: byte spans, human positions, severities, stable codes and the list
// that collects them. Byte offsets are the truth; line:column (code points)
// and UTF-16 offsets (what editors want) are derived from them by Source.
package diag

import (
	"sort"
)

// Span is a half-open byte range [Start, End) into the source text.
// Start == End marks a point, such as "a value is expected here".
type Span struct{ Start, End int }

// Severity orders problems the way editors (LSP) do.
type Severity uint8

const (
	Error   Severity = iota + 1 // the provider would reject the document or request
	Warning                     // accepted, but almost certainly wrong or dangerous
	Info                        // a note, such as a normalisation
	Hint                        // style
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	case Hint:
		return "hint"
	}
	return "unknown"
}

// Diagnostic is one problem. Validators fill Path (a model path such as
// "/rules/0/allowedMethods/1") and leave Span to a locator; syntax readers
// fill Span directly.
type Diagnostic struct {
	Code       Code
	Severity   Severity
	Message    string
	Path       string
	Span       Span
	Suggestion string // replacement text for Span, when there is an obvious fix
	// HasSuggestion marks a Suggestion of "" as a fix: delete Span. A
	// non-empty Suggestion is a fix without it. Suggest sets both.
	HasSuggestion bool
	Related       []Related
}

// Suggest sets the fix: replace Span with s ("" deletes it).
func (d *Diagnostic) Suggest(s string) { d.Suggestion, d.HasSuggestion = s, true }

// Suggested returns the replacement for Span and whether there is a fix.
func (d Diagnostic) Suggested() (string, bool) {
	return d.Suggestion, d.HasSuggestion || d.Suggestion != ""
}

// Related points at a second place that explains the first, such as the
// first definition of a duplicated key.
type Related struct {
	Span    Span
	Message string
}

// New makes a diagnostic with the code's registered severity.
func New(code Code, path, message string) Diagnostic {
	return Diagnostic{Code: code, Severity: code.Severity(), Message: message, Path: path}
}

// At makes a diagnostic at a known span.
func At(code Code, span Span, message string) Diagnostic {
	return Diagnostic{Code: code, Severity: code.Severity(), Message: message, Span: span}
}

// List collects diagnostics; nothing stops at the first problem.
type List []Diagnostic

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders by position, then severity, then code, so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Span.End != b.Span.End {
			return a.Span.End < b.Span.End
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
