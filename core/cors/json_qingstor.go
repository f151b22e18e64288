package cors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"bucketlab/core/diag"
	"bucketlab/core/internal/jsondec"
	"bucketlab/core/syntax/jsonsyn"
)

// QingStor's PUT Bucket CORS body (RULES.md §4.1):
// {"cors_rules":[{"allowed_origin":"…","allowed_methods":[…],"allowed_headers":[…],
//  "expose_headers":[…],"max_age_seconds":N}], "resp_vary":"enabled"}

var (
	qsRootKeys = []string{"cors_rules", "resp_vary"}
	qsRuleKeys = []string{"allowed_origin", "allowed_methods", "allowed_headers", "expose_headers", "max_age_seconds"}
)

// DecodeQingStor reads QingStor's JSON into the model. Shape problems are
// diagnostics; where the intent is clear (a list where one string belongs,
// a string where a list belongs) the value is still taken, so that one slip
// is reported once and the rest of the document is still checked.
// The model is nil when the document is not an object at all: then there is
// nothing further to check.
func DecodeQingStor(root *jsonsyn.Node) (*Config, *diag.Locator, diag.List) {
	r := jsondec.New()
	cfg := &Config{}
	top, ok := r.Object(root, "", diag.Span{}, "the CORS configuration", qsRootKeys)
	if !ok {
		return nil, r.Loc, r.Diags
	}
	if m, ok := top["resp_vary"]; ok {
		cfg.RespVary, _ = r.String(m, "/respVary")
	}
	m, ok := top["cors_rules"]
	if !ok {
		return cfg, r.Loc, r.Diags
	}
	elems, ok := r.Array(m, "/rules", `[{"allowed_origin": "…", "allowed_methods": ["GET"]}]`)
	if !ok {
		return cfg, r.Loc, r.Diags
	}
	for _, e := range elems {
		path := "/rules/" + strconv.Itoa(len(cfg.Rules))
		fields, ok := r.Object(e, path, diag.Span{}, "a CORS rule", qsRuleKeys)
		if !ok {
			continue
		}
		cfg.Rules = append(cfg.Rules, decodeQSRule(r, path, fields))
	}
	return cfg, r.Loc, r.Diags
}

func decodeQSRule(r *jsondec.Reader, path string, f map[string]jsonsyn.Member) Rule {
	var rule Rule
	if m, ok := f["allowed_origin"]; ok {
		if m.Value.Kind == jsonsyn.Array {
			// The S3/COS habit: a list of origins. QingStor takes one per rule.
			list, _ := r.StringList(m, path+"/allowedOrigins")
			rule.AllowedOrigins = list
			r.Diags.Add(diag.At(diag.JSONWrongType, m.Value.Span,
				"\"allowed_origin\" must be one string in QingStor, not a list; write one rule per origin"))
		} else if s, ok := r.String(m, path+"/allowedOrigins/0"); ok {
			r.Loc.Set(path+"/allowedOrigins", m.KeySpan, m.Value.Span)
			rule.AllowedOrigins = []string{s}
		} else {
			rule.AllowedOrigins = []string{"?"} // reported as a wrong type; not also "missing"
		}
	}
	rule.AllowedMethods = r.StringsOrOne(f, "allowed_methods", path+"/allowedMethods")
	rule.AllowedHeaders = r.StringsOrOne(f, "allowed_headers", path+"/allowedHeaders")
	rule.ExposeHeaders = r.StringsOrOne(f, "expose_headers", path+"/exposeHeaders")
	if m, ok := f["max_age_seconds"]; ok {
		if v, ok := r.Int(m, path+"/maxAgeSeconds"); ok {
			rule.MaxAgeSeconds = &v
		}
	}
	return rule
}

// qsRule and qsConfig mirror the QingStor Go SDK's CORSRuleType and
// PutBucketCORSInput field for field (json tags and order), so that
// encoding/json produces the bytes the SDK sends. resp_vary is not in the
// SDK (it cannot send it); it sorts after cors_rules as the SDK's map would.
type qsRule struct {
	AllowedHeaders []string `json:"allowed_headers,omitempty"`
	AllowedMethods []string `json:"allowed_methods"`
	AllowedOrigin  *string  `json:"allowed_origin"`
	ExposeHeaders  []string `json:"expose_headers,omitempty"`
	MaxAgeSeconds  *int64   `json:"max_age_seconds,omitempty"`
}

type qsConfig struct {
	CORSRules []qsRule `json:"cors_rules"`
	RespVary  string   `json:"resp_vary,omitempty"`
}

// EncodeQingStor returns the exact body the QingStor Go SDK sends for cfg:
// compact JSON, keys in its order, HTML characters escaped as encoding/json
// does. The model must be valid (one origin per rule).
func EncodeQingStor(cfg Config) ([]byte, error) {
	out := qsConfig{CORSRules: make([]qsRule, len(cfg.Rules)), RespVary: cfg.RespVary}
	for i, r := range cfg.Rules {
		if len(r.AllowedOrigins) != 1 {
			return nil, fmt.Errorf("rule %d has %d origins; QingStor takes exactly one per rule", i, len(r.AllowedOrigins))
		}
		origin := r.AllowedOrigins[0]
		out.CORSRules[i] = qsRule{
			AllowedHeaders: r.AllowedHeaders,
			AllowedMethods: r.AllowedMethods,
			AllowedOrigin:  &origin,
			ExposeHeaders:  r.ExposeHeaders,
			MaxAgeSeconds:  r.MaxAgeSeconds,
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
