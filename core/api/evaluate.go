package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"bucketlab/core/diag"
	"bucketlab/core/policy"
	"bucketlab/core/provider"
)

// The "evaluate" op: what a bucket policy decides for one request, statement
// by statement. The decision itself is policy.Evaluate; this file reads the
// request and the document and turns model paths into editor offsets.
func init() { ops["evaluate"] = opEvaluate }

// EvaluateRequest is the request of the "evaluate" op.
type EvaluateRequest struct {
	Provider string `json:"provider"`
	Document string `json:"document,omitempty"` // "policy" or empty
	Format   string `json:"format,omitempty"`
	Source   string `json:"source"`
	// Principal is the caller: an account or user id, an ARN or CAM id, or
	// "*" for an anonymous caller.
	Principal string `json:"principal"`
	Action    string `json:"action"`
	Resource  string `json:"resource"`
	// Context maps condition keys to the request's values: one string or a
	// list (numbers and booleans are taken as their text).
	Context map[string]contextValues `json:"context,omitempty"`
}

// contextValues takes a string, number or boolean, or a list of them.
type contextValues []string

func (c *contextValues) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return errContextValue
		}
		out := make(contextValues, 0, len(raw))
		for _, r := range raw {
			s, err := scalar(r)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		*c = out
		return nil
	}
	s, err := scalar(b)
	if err != nil {
		return err
	}
	*c = contextValues{s}
	return nil
}

var errContextValue = fmt.Errorf(`each "context" value must be a string or a list of strings, such as {"aws:SourceIp": "192.0.2.1"} or {"aws:TagKeys": ["team", "project"]}`)

func scalar(b json.RawMessage) (string, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return "", errContextValue
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", errContextValue
		}
		return s, nil
	case string(b) == "true" || string(b) == "false":
		return string(b), nil
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return "", errContextValue
		}
		return n.String(), nil
	}
	return "", errContextValue
}

// EvaluateValue is the value of the "evaluate" op. Offsets are UTF-16
// offsets into source.
type EvaluateValue struct {
	Decision string `json:"decision"` // allow, explicit-deny, implicit-deny
	// Statement is the index of the deciding statement, -1 when none.
	Statement int `json:"statement"`
	// Order: "deny-overrides" (S3, COS) or "first-match" (QingStor).
	Order   string `json:"order"`
	Summary string `json:"summary"`
	// Evaluated is false when the document could not be read into a
	// policy: nothing was evaluated, and nothing allows the request.
	Evaluated bool `json:"evaluated"`
	// DocumentErrors: the provider would refuse the policy as written; it
	// was evaluated anyway, as far as it reads.
	DocumentErrors bool                 `json:"documentErrors"`
	Notes          []string             `json:"notes"`
	Statements     []EvaluatedStatement `json:"statements"`
}

// EvaluatedStatement is one statement's verdict and its place in source.
type EvaluatedStatement struct {
	Index  int    `json:"index"`
	Sid    string `json:"sid,omitempty"`
	Effect string `json:"effect"`
	// Matched: the statement applies to the request.
	Matched bool `json:"matched"`
	// Evaluated is false for a statement left out of the decision (an
	// unknown condition operator, an effect that is neither allow nor deny).
	Evaluated bool             `json:"evaluated"`
	From      int              `json:"from"`
	To        int              `json:"to"`
	Reasons   []EvaluateReason `json:"reasons"`
}

// EvaluateReason is why one part of a statement matches or not.
type EvaluateReason struct {
	Part    string `json:"part"` // principal, action, resource, condition, effect
	Matched bool   `json:"matched"`
	Message string `json:"message"`
	Path    string `json:"path"`
	From    int    `json:"from"`
	To      int    `json:"to"`
}

// evaluateExamples are what to write when a request leaves a field out.
var evaluateExamples = map[provider.ID][3]string{
	provider.S3:       {"arn:aws:iam::123456789012:user/Dave", "s3:GetObject", "arn:aws:s3:::examplebucket/photo.jpg"},
	provider.COS:      {"qcs::cam::uin/100000000001:uin/100000000011", "name/cos:GetObject", "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/photo.jpg"},
	provider.QingStor: {"usr-1mvNCzZu", "get_object", "mybucket/photo.jpg"},
}

func opEvaluate(raw []byte) (result, error) {
	var req EvaluateRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	if req.Document == "" {
		req.Document = string(provider.Policy)
	}
	prof, key, err := target(req.Provider, req.Document, req.Format)
	if err != nil {
		return result{}, err
	}
	if key.document != provider.Policy {
		return result{}, badf("evaluate decides a request against a bucket policy, not a %s document; set \"document\" to \"policy\"", req.Document)
	}
	ex := evaluateExamples[prof.ID]
	switch {
	case strings.TrimSpace(req.Principal) == "":
		return result{}, badf(`"principal" is empty; write the caller's id, such as %q, or "*" for an anonymous caller`, ex[0])
	case strings.TrimSpace(req.Action) == "":
		return result{}, badf(`"action" is empty; write the action the request needs, such as %q`, ex[1])
	case strings.TrimSpace(req.Resource) == "":
		return result{}, badf(`"resource" is empty; write the bucket or object the request is for, such as %q`, ex[2])
	}
	ctx := make(map[string][]string, len(req.Context))
	for k, v := range req.Context {
		if strings.TrimSpace(k) == "" {
			return result{}, badf(`a "context" key is empty; write condition keys such as %q`, firstKey(prof))
		}
		ctx[k] = v
	}
	preq := policy.Request{Principal: req.Principal, Action: strings.TrimSpace(req.Action), Resource: strings.TrimSpace(req.Resource), Context: ctx}
	v, diags := evaluate(prof, key, req.Source, preq)
	return result{value: v, source: req.Source, diags: diags}, nil
}

func firstKey(prof provider.Profile) string {
	if len(prof.Policy.ConditionKeys) == 0 {
		return "key"
	}
	keys := make([]string, 0, len(prof.Policy.ConditionKeys))
	for _, k := range prof.Policy.ConditionKeys {
		keys = append(keys, k.Name)
	}
	sort.Strings(keys)
	return keys[0]
}

func evaluate(prof provider.Profile, key codecKey, source string, req policy.Request) (EvaluateValue, diag.List) {
	pol, loc, diags := readPolicy(prof, key, source)
	v := EvaluateValue{Decision: string(policy.ImplicitDeny), Statement: -1, Order: policy.DenyOverrides,
		Notes: []string{}, Statements: []EvaluatedStatement{}}
	if prof.ID == provider.QingStor {
		v.Order = policy.FirstMatch
	}
	if pol == nil {
		v.DocumentErrors = true
		v.Summary = "the document cannot be read as a bucket policy, so nothing was evaluated and nothing allows the request; fix the errors first"
		return v, diags
	}
	v.Evaluated = true
	if n := errorCount(diags); n > 0 {
		v.DocumentErrors = true
		v.Notes = append(v.Notes, fmt.Sprintf("the policy has %s: %s would refuse it, so the bucket keeps its previous policy; below is how the policy reads as written", plural(n, "error"), prof.Name))
	}
	res := policy.Evaluate(*pol, prof.Policy, req)
	loc.Resolve(res.Diags)
	diags = append(diags, res.Diags...)
	v.Decision, v.Statement, v.Order, v.Summary = string(res.Decision), res.Statement, res.Order, res.Summary
	v.Notes = append(v.Notes, res.Notes...)
	// Byte spans first, then every offset turned into UTF-16 in one pass:
	// a policy written on one line would otherwise be walked once per span.
	var spans []int
	for _, s := range res.Statements {
		es := EvaluatedStatement{Index: s.Index, Sid: s.Sid, Effect: s.Effect, Matched: s.Matched, Evaluated: s.Evaluated,
			Reasons: make([]EvaluateReason, len(s.Reasons))}
		es.From, es.To = pathSpan(loc, "/statements/"+strconv.Itoa(s.Index))
		spans = append(spans, es.From, es.To)
		for i, r := range s.Reasons {
			er := EvaluateReason{Part: r.Part, Matched: r.Matched, Message: r.Message, Path: r.Path}
			er.From, er.To = pathSpan(loc, r.Path)
			spans = append(spans, er.From, er.To)
			es.Reasons[i] = er
		}
		v.Statements = append(v.Statements, es)
	}
	units := utf16Offsets(source, spans)
	for i := range v.Statements {
		s := &v.Statements[i]
		s.From, s.To = units[s.From], units[s.To]
		for j := range s.Reasons {
			r := &s.Reasons[j]
			r.From, r.To = units[r.From], units[r.To]
		}
	}
	return v, diags
}

// utf16Offsets maps byte offsets into source to UTF-16 offsets, as
// diag.Source.UTF16 does (an offset inside a character counts it), in one
// pass over the text.
func utf16Offsets(source string, offsets []int) map[int]int {
	sorted := append([]int(nil), offsets...)
	sort.Ints(sorted)
	out := make(map[int]int, len(sorted))
	units, i := 0, 0
	for _, off := range sorted {
		t := min(max(off, 0), len(source))
		for i < t {
			r, size := utf8.DecodeRuneInString(source[i:])
			units++
			if r >= 0x10000 {
				units++
			}
			i += size
		}
		out[off] = units
	}
	return out
}

func errorCount(l diag.List) int {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// readPolicy reads and checks a policy as check does, keeping the locator
// for the statements' spans (check has no use for it). The policy is nil
// when the text is not a policy at all (a syntax error, not an object).
func readPolicy(prof provider.Profile, key codecKey, source string) (*policy.Policy, *diag.Locator, diag.List) {
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
	var pol *policy.Policy
	switch m := model.(type) {
	case *s3Policy:
		pol = m.Policy
	case *policy.Policy:
		pol = m
	default:
		return nil, loc, diags
	}
	more := c.validate(model, prof)
	loc.Resolve(more)
	return pol, loc, append(diags, more...)
}

// pathSpan returns the byte range where a model path was written, or
// where its nearest written ancestor was; 0, 0 when nothing is known.
func pathSpan(loc *diag.Locator, path string) (int, int) {
	if loc == nil {
		return 0, 0
	}
	for p := path; ; p = p[:max(strings.LastIndexByte(p, '/'), 0)] {
		if l, ok := loc.Lookup(p); ok && l.Value != (diag.Span{}) {
			return l.Value.Start, l.Value.End
		}
		if p == "" {
			return 0, 0
		}
	}
}
