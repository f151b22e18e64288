package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"bucketlab/core/cors"
	"bucketlab/core/diag"
	"bucketlab/core/provider"
)

// The "preflight" op: what the service answers to a browser's CORS
// preflight (or actual request) under the document, and what the browser
// then does. The simulation itself is cors.Preflight; this file reads the
// request and the document and turns model paths into editor offsets.
func init() { ops["preflight"] = opPreflight }

// PreflightRequest is the request of the "preflight" op.
type PreflightRequest struct {
	Provider string `json:"provider"`
	Document string `json:"document,omitempty"` // "cors" or empty
	Format   string `json:"format,omitempty"`
	Source   string `json:"source"`
	Origin   string `json:"origin"`
	Method   string `json:"method"`
	// RequestHeaders are the headers the page's script sets: a list, or
	// one comma-separated string.
	RequestHeaders stringList `json:"requestHeaders,omitempty"`
	Credentials    bool       `json:"credentials,omitempty"`
	Actual         bool       `json:"actual,omitempty"`
}

// stringList takes a JSON list of strings or one string.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = stringList{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("requestHeaders must be a list of header names, e.g. [\"Content-Type\"]")
	}
	*l = list
	return nil
}

// PreflightValue is the value of the "preflight" op. Offsets (ruleFrom,
// from, to) are UTF-16 offsets into source; -1 when there is no rule.
type PreflightValue struct {
	Allowed  bool `json:"allowed"`
	Rule     int  `json:"rule"`
	RuleFrom int  `json:"ruleFrom"`
	RuleTo   int  `json:"ruleTo"`
	// DocumentErrors: the service would refuse the document, so nothing is
	// allowed; Rules still show how each rule would judge the request.
	DocumentErrors  bool               `json:"documentErrors"`
	PreflightNeeded bool               `json:"preflightNeeded"`
	Request         cors.Message       `json:"request"`
	Status          int                `json:"status"`
	StatusText      string             `json:"statusText,omitempty"`
	ResponseHeaders []cors.Header      `json:"responseHeaders"`
	Error           *cors.ServiceError `json:"error,omitempty"`
	Reasons         []string           `json:"reasons"`
	Rules           []PreflightRule    `json:"rules"`
	Browser         string             `json:"browser"`
	Notes           []string           `json:"notes"`
}

// PreflightRule is how one rule judged the request, with its place in source.
type PreflightRule struct {
	Index   int               `json:"index"`
	Matched bool              `json:"matched"`
	Used    bool              `json:"used"`
	From    int               `json:"from"`
	To      int               `json:"to"`
	Reasons []PreflightReason `json:"reasons"`
}

// PreflightReason is one reason, with the place in source it is about.
type PreflightReason struct {
	Part    string `json:"part"` // origin, method, header, order
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
	From    int    `json:"from"`
	To      int    `json:"to"`
}

func opPreflight(raw []byte) (result, error) {
	var req PreflightRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	if req.Document == "" {
		req.Document = string(provider.CORS)
	}
	prof, key, err := target(req.Provider, req.Document, req.Format)
	if err != nil {
		return result{}, err
	}
	if key.document != provider.CORS {
		return result{}, badf("preflight simulates a CORS configuration, not a %s document; set \"document\" to \"cors\"", req.Document)
	}
	creq := cors.Request{Origin: req.Origin, Method: req.Method, Headers: req.RequestHeaders, Credentials: req.Credentials, Actual: req.Actual}
	if _, err := cors.Normalize(creq); err != nil {
		return result{}, badf("%s", err.Error())
	}
	v, diags := preflight(prof, key, req.Source, creq)
	return result{value: v, source: req.Source, diags: diags}, nil
}

func preflight(prof provider.Profile, key codecKey, source string, req cors.Request) (PreflightValue, diag.List) {
	model, loc, diags := readCORS(prof, key, source)
	v := PreflightValue{Rule: -1, RuleFrom: -1, RuleTo: -1, ResponseHeaders: []cors.Header{}, Reasons: []string{}, Rules: []PreflightRule{}, Notes: []string{}}
	if model == nil {
		v.DocumentErrors = true
		v.Reasons = append(v.Reasons, "the document cannot be read as a CORS configuration; fix the errors first")
		v.Browser = "nothing is simulated until the document can be read"
		v.Request = cors.Message{Method: req.Method, Headers: []cors.Header{}}
		return v, diags
	}
	res := cors.Preflight(*model, prof, req)
	src := diag.NewSource(source)
	v.Allowed, v.Rule, v.PreflightNeeded = res.Allowed, res.Rule, res.PreflightNeeded
	v.Request, v.Status, v.StatusText, v.ResponseHeaders, v.Error = res.Request, res.Status, res.StatusText, res.ResponseHeaders, res.Error
	v.Reasons, v.Browser, v.Notes = res.Reasons, res.Browser, res.Notes
	for _, r := range res.Rules {
		pr := PreflightRule{Index: r.Index, Matched: r.Matched, Used: r.Used, Reasons: make([]PreflightReason, len(r.Reasons))}
		pr.From, pr.To = offsets(src, loc, fmt.Sprintf("/rules/%d", r.Index))
		for i, x := range r.Reasons {
			pr.Reasons[i] = PreflightReason{Part: x.Part, Message: x.Message, Path: x.Path}
			pr.Reasons[i].From, pr.Reasons[i].To = offsets(src, loc, x.Path)
		}
		v.Rules = append(v.Rules, pr)
	}
	if v.Rule >= 0 {
		v.RuleFrom, v.RuleTo = v.Rules[v.Rule].From, v.Rules[v.Rule].To
	}
	if diags.HasErrors() {
		// The service refuses such a document and keeps the bucket's previous
		// configuration; the per-rule judgement still helps while editing.
		n := 0
		for _, d := range diags {
			if d.Severity == diag.Error {
				n++
			}
		}
		v.DocumentErrors = true
		v.Allowed, v.Rule, v.RuleFrom, v.RuleTo = false, -1, -1, -1
		v.Status, v.StatusText, v.ResponseHeaders, v.Error = 0, "", []cors.Header{}, nil
		for i := range v.Rules {
			v.Rules[i].Used = false
		}
		plural := "s"
		if n == 1 {
			plural = ""
		}
		v.Reasons = []string{fmt.Sprintf("the document has %d error%s: the service would refuse it and the bucket would keep its previous CORS configuration; fix the error%s first (each rule below is judged as if the document were accepted)", n, plural, plural)}
		v.Browser = "nothing to simulate until the service would accept the document"
	}
	return v, diags
}

// readCORS reads and checks a CORS document as check does, keeping the
// locator for the rules' spans (check has no use for it).
func readCORS(prof provider.Profile, key codecKey, source string) (*cors.Config, *diag.Locator, diag.List) {
	if len(source) > MaxSource {
		return nil, nil, diag.List{diag.At(diag.DocumentTooLarge, diag.Span{},
			fmt.Sprintf("the document is %d bytes; the playground reads at most %d (1 MiB), far above any real configuration", len(source), MaxSource))}
	}
	c, ok := codecs[key]
	if !ok {
		return nil, nil, diag.List{diag.At(diag.Unsupported, diag.Span{},
			fmt.Sprintf("%s %s in %s is not supported; pick another format (the native one is %s)", prof.Name, strings.ToUpper(string(key.document)), key.format, prof.Native[key.document]))}
	}
	model, loc, diags := c.decode(source)
	if model == nil || diags.HasErrors() && hasSyntaxError(diags) {
		return nil, loc, diags
	}
	cfg, ok := model.(*cors.Config)
	if !ok {
		return nil, loc, diags
	}
	more := c.validate(model, prof)
	loc.Resolve(more)
	return cfg, loc, append(diags, more...)
}

// offsets returns the UTF-16 range where path was written: its value, or
// the range of its written elements (path/0 … path/n), or the nearest
// written ancestor; 0, 0 when nothing is known.
func offsets(src *diag.Source, loc *diag.Locator, path string) (int, int) {
	if loc == nil {
		return 0, 0
	}
	span, ok := spanOf(loc, path)
	for p := path; !ok && p != ""; {
		p = p[:max(strings.LastIndexByte(p, '/'), 0)]
		span, ok = spanOf(loc, p)
	}
	if !ok {
		return 0, 0
	}
	return src.UTF16(span.Start), src.UTF16(span.End)
}

func spanOf(loc *diag.Locator, path string) (diag.Span, bool) {
	if l, ok := loc.Lookup(path); ok && l.Value != (diag.Span{}) {
		return l.Value, true
	}
	first, ok := loc.Lookup(path + "/0")
	if !ok {
		return diag.Span{}, false
	}
	span := first.Value
	for i := 1; ; i++ {
		l, ok := loc.Lookup(fmt.Sprintf("%s/%d", path, i))
		if !ok {
			break
		}
		span.Start, span.End = min(span.Start, l.Value.Start), max(span.End, l.Value.End)
	}
	return span, true
}
