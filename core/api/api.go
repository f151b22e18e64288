// Package api is the contract between the core and its callers (the wasm
// boundary, tests, embedders): Call(op, request JSON) → response JSON.
// Every response is {"ok":true,"value":…,"diagnostics":[…]} or
// {"ok":false,"error":{"code":"bad-request"|"internal","message":…}}.
// Call never panics: a panic in an op answers "internal".
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"

	"bucketlab/core/diag"
)

// Version is reported by the wasm module; the build may stamp it.
var Version = "dev"

// MaxSource bounds the documents the core reads: far above any real
// configuration (S3 policies stop at 20 KB) and low enough that a hostile
// paste answers at once.
const MaxSource = 1 << 20

// MaxDiagnostics bounds the diagnostics of one answer (render keeps the
// first ones by position and notes how many more there are).
const MaxDiagnostics = 500

// Error codes of a failed call.
const (
	CodeBadRequest = "bad-request"
	CodeInternal   = "internal"
)

// Diagnostic is the JSON form of a diag.Diagnostic: line and column are
// 1-based and count code points; from/to are UTF-16 offsets into source.
type Diagnostic struct {
	Code       string    `json:"code"`
	Severity   string    `json:"severity"`
	Message    string    `json:"message"`
	Detail     string    `json:"detail,omitempty"` // the English message, when message is translated (see lang.go)
	Path       string    `json:"path"`
	Line       int       `json:"line"`
	Column     int       `json:"column"`
	EndLine    int       `json:"endLine"`
	EndColumn  int       `json:"endColumn"`
	From       int       `json:"from"`
	To         int       `json:"to"`
	Suggestion *string   `json:"suggestion,omitempty"` // the replacement for from–to, present ("" deletes) when there is a fix
	Related    []Related `json:"related,omitempty"`
}

// Related is a second place that explains a diagnostic.
type Related struct {
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	From    int    `json:"from"`
	To      int    `json:"to"`
}

// ErrorBody is the error of a failed call.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type response struct {
	OK          bool         `json:"ok"`
	Value       any          `json:"value,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	Error       *ErrorBody   `json:"error,omitempty"`
}

// badRequest is a misuse of the contract, answered as "bad-request".
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return badRequest{fmt.Sprintf(format, args...)} }

// result is what an op returns: a value and diagnostics against source.
type result struct {
	value  any
	source string
	diags  diag.List
}

type opFunc func(req []byte) (result, error)

var ops = map[string]opFunc{
	"check":         opCheck,
	"compose":       opCompose,
	"sign":          opSign,
	"diffSignature": opDiffSignature,
	"describe":      opDescribe,
}

// Ops lists the operations Call knows, sorted.
func Ops() []string {
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Call runs op on a JSON request and returns a JSON response.
func Call(op string, request []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = failure(CodeInternal, fmt.Sprintf("internal error in %q: %v; please report it with the document that caused it\n%s", op, r, debug.Stack()))
		}
	}()
	fn, ok := ops[op]
	if !ok {
		return failure(CodeBadRequest, fmt.Sprintf("unknown op %q; expected one of %v", op, Ops()))
	}
	lang, err := requestLang(request) // every op takes "lang" (lang.go)
	if err != nil {
		return failure(CodeBadRequest, err.Error())
	}
	res, err := fn(request)
	if err != nil {
		var br badRequest
		if errors.As(err, &br) {
			return failure(CodeBadRequest, br.msg)
		}
		return failure(CodeInternal, err.Error())
	}
	b, err := json.Marshal(response{OK: true, Value: res.value, Diagnostics: localize(render(res.source, res.diags), lang)})
	if err != nil {
		return failure(CodeInternal, "encoding the response: "+err.Error())
	}
	return b
}

func failure(code, msg string) []byte {
	b, _ := json.Marshal(response{OK: false, Error: &ErrorBody{Code: code, Message: msg}, Diagnostics: []Diagnostic{}})
	return b
}

// render sorts diagnostics and turns spans into positions.
func render(source string, diags diag.List) []Diagnostic {
	diags.Sort()
	if len(diags) > MaxDiagnostics {
		// The first ones and a note where the rest begin: 100,000 empty rules are 200,000
		// problems, megabytes of answer and a list no page can show.
		rest := diags[MaxDiagnostics]
		diags = append(diags[:MaxDiagnostics:MaxDiagnostics], diag.At(diag.DiagnosticsTruncated, rest.Span,
			fmt.Sprintf("%d more problems are not listed; fix the ones above and check again", len(diags)-MaxDiagnostics)))
	}
	src := diag.NewSource(source)
	out := make([]Diagnostic, 0, len(diags))
	for _, d := range diags {
		start, end := src.Pos(d.Span.Start), src.Pos(d.Span.End)
		j := Diagnostic{
			Code: string(d.Code), Severity: d.Severity.String(), Message: d.Message, Path: d.Path,
			Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column,
			From: src.UTF16(d.Span.Start), To: src.UTF16(d.Span.End),
		}
		if s, ok := d.Suggested(); ok {
			j.Suggestion = &s
		}
		for _, r := range d.Related {
			p := src.Pos(r.Span.Start)
			j.Related = append(j.Related, Related{Message: r.Message, Line: p.Line, Column: p.Column,
				From: src.UTF16(r.Span.Start), To: src.UTF16(r.Span.End)})
		}
		out = append(out, j)
	}
	return out
}

// decodeRequest reads a request object strictly enough to catch a caller's
// typo in a field name.
func decodeRequest(req []byte, v any) error {
	if err := json.Unmarshal(req, v); err != nil {
		return badf("the request is not a valid JSON object for this op: %v", err)
	}
	return nil
}
