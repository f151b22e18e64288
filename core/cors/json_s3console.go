package cors

import (
	"bytes"
	"encoding/json"
	"strconv"

	"bucketlab/core/diag"
	"bucketlab/core/internal/jsondec"
	"bucketlab/core/syntax/jsonsyn"
)

// The S3 console's CORS editor takes the rules as a JSON array (RULES.md
// §2.1, "the console takes a JSON array of rules, the API only XML"):
//
//	[{"AllowedHeaders":["*"],"AllowedMethods":["GET"],"AllowedOrigins":["*"],
//	  "ExposeHeaders":[],"MaxAgeSeconds":3000,"ID":"…"}]
//
// It is an editing convenience: the console turns it into the XML
// CORSConfiguration that PutBucketCors sends, so its wire bytes are EncodeXML's.

var s3ConsoleRuleKeys = []string{"AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposeHeaders", "MaxAgeSeconds", "ID"}

// DecodeS3Console reads the console's JSON array into the model. The AWS
// CLI's {"CORSRules": […]} is reported (the console refuses it) and its
// rules are still read, so the rest of the document is checked. The model
// is nil when the document is neither.
func DecodeS3Console(root *jsonsyn.Node) (*Config, *diag.Locator, diag.List) {
	r := jsondec.New()
	r.Loc.Set("", diag.Span{}, root.Span)
	list := root
	if root.Kind == jsonsyn.Object {
		m, ok := root.Get("CORSRules")
		if !ok || m.Value.Kind != jsonsyn.Array {
			r.Diags.Add(diag.At(diag.JSONWrongType, root.Span, "the S3 console's CORS configuration must be an array of rules, not an object; write [{\"AllowedOrigins\": […], \"AllowedMethods\": […]}]"))
			return nil, r.Loc, r.Diags
		}
		r.Diags.Add(diag.At(diag.JSONWrongType, m.KeySpan, "{\"CORSRules\": […]} is the AWS CLI's form; the S3 console takes the array alone: write the list inside it"))
		list = m.Value
	} else if root.Kind != jsonsyn.Array {
		r.Diags.Add(diag.At(diag.JSONWrongType, root.Span, "the S3 console's CORS configuration must be an array of rules, not "+kindArticle(root.Kind)+"; write [{\"AllowedOrigins\": […], \"AllowedMethods\": […]}]"))
		return nil, r.Loc, r.Diags
	}
	r.Loc.Set("/rules", diag.Span{}, list.Span)
	cfg := &Config{}
	for _, e := range list.Elems {
		path := "/rules/" + strconv.Itoa(len(cfg.Rules))
		fields, ok := r.Object(e, path, diag.Span{}, "a CORS rule", s3ConsoleRuleKeys)
		if !ok {
			continue
		}
		cfg.Rules = append(cfg.Rules, decodeS3ConsoleRule(r, path, fields))
	}
	return cfg, r.Loc, r.Diags
}

func decodeS3ConsoleRule(r *jsondec.Reader, path string, f map[string]jsonsyn.Member) Rule {
	var rule Rule
	if m, ok := f["ID"]; ok {
		rule.ID, _ = r.String(m, path+"/id")
	}
	rule.AllowedOrigins = consoleList(r, f, "AllowedOrigins", path+"/allowedOrigins")
	rule.AllowedMethods = consoleList(r, f, "AllowedMethods", path+"/allowedMethods")
	rule.AllowedHeaders = consoleList(r, f, "AllowedHeaders", path+"/allowedHeaders")
	rule.ExposeHeaders = consoleList(r, f, "ExposeHeaders", path+"/exposeHeaders")
	if m, ok := f["MaxAgeSeconds"]; ok {
		if v, ok := r.Int(m, path+"/maxAgeSeconds"); ok {
			rule.MaxAgeSeconds = &v
		}
	}
	return rule
}

// consoleList reads a list of strings like jsondec's StringsOrOne; an
// empty list is nil, as an absent one.
func consoleList(r *jsondec.Reader, f map[string]jsonsyn.Member, key, path string) []string {
	if list := r.StringsOrOne(f, key, path); len(list) > 0 {
		return list
	}
	return nil
}

func kindArticle(k jsonsyn.Kind) string {
	switch k {
	case jsonsyn.Object:
		return "an object"
	case jsonsyn.Null:
		return "null"
	}
	return "a " + k.String()
}

// s3ConsoleRule is one rule as the console shows it.
type s3ConsoleRule struct {
	AllowedHeaders []string `json:"AllowedHeaders,omitempty"`
	AllowedMethods []string `json:"AllowedMethods"`
	AllowedOrigins []string `json:"AllowedOrigins"`
	ExposeHeaders  []string `json:"ExposeHeaders,omitempty"`
	MaxAgeSeconds  *int64   `json:"MaxAgeSeconds,omitempty"`
	ID             string   `json:"ID,omitempty"`
}

// EncodeS3Console writes cfg in the console's JSON form, indented as the
// console shows it. It is for editing, not the wire (that is EncodeXML).
func EncodeS3Console(cfg Config) ([]byte, error) {
	out := make([]s3ConsoleRule, len(cfg.Rules))
	for i, r := range cfg.Rules {
		out[i] = s3ConsoleRule{
			AllowedHeaders: r.AllowedHeaders, AllowedMethods: r.AllowedMethods, AllowedOrigins: r.AllowedOrigins,
			ExposeHeaders: r.ExposeHeaders, MaxAgeSeconds: r.MaxAgeSeconds, ID: r.ID,
		}
		if out[i].AllowedMethods == nil {
			out[i].AllowedMethods = []string{}
		}
		if out[i].AllowedOrigins == nil {
			out[i].AllowedOrigins = []string{}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
