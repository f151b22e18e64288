package api

import (
	"fmt"
	"strings"

	"bucketlab/core/acl"
	"bucketlab/core/convert"
	"bucketlab/core/cors"
	"bucketlab/core/diag"
	"bucketlab/core/policy"
)

func init() { ops["convert"] = opConvert }

// ConvertRequest is the request of the "convert" op: a document as "check"
// takes it, the provider and format to convert it to (by default the same
// provider, and the target's native format), and what the target needs
// that the source may not say.
type ConvertRequest struct {
	Provider string        `json:"provider"`
	Document string        `json:"document"`
	Format   string        `json:"format,omitempty"`
	Source   string        `json:"source"`
	To       ConvertTarget `json:"to"`
	// Bucket is the bucket's name at the target (a policy's resources);
	// AppID and Region the COS APPID and region. Empty: from the source.
	Bucket string `json:"bucket,omitempty"`
	AppID  string `json:"appid,omitempty"`
	Region string `json:"region,omitempty"`
	// Owner is the bucket owner's id at the target (an ACL body names it).
	Owner string `json:"owner,omitempty"`
	// IDs map source account or user ids to their counterparts at the target.
	IDs map[string]string `json:"ids,omitempty"`
}

// ConvertTarget is where a document is converted to.
type ConvertTarget struct {
	Provider string `json:"provider,omitempty"`
	Format   string `json:"format,omitempty"`
}

// ConvertValue is the value of the "convert" op. Source is the converted
// document, indented as the target's documentation writes it; it is empty
// when the input has errors (they are the diagnostics then). Check is the
// target's own check of that output.
type ConvertValue struct {
	Source   string       `json:"source"`
	Provider string       `json:"provider"`
	Document string       `json:"document"`
	Format   string       `json:"format"`
	Check    ConvertCheck `json:"check"`
}

// ConvertCheck sums up "check" on the converted document.
type ConvertCheck struct {
	OK          bool `json:"ok"`
	Diagnostics int  `json:"diagnostics"`
	Errors      int  `json:"errors"`
}

func opConvert(raw []byte) (result, error) {
	var req ConvertRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	v, diags, err := convertDocument(req)
	return result{value: v, source: req.Source, diags: diags}, err
}

func convertDocument(req ConvertRequest) (ConvertValue, diag.List, error) {
	from, fromKey, err := target(req.Provider, req.Document, req.Format)
	if err != nil {
		return ConvertValue{}, nil, err
	}
	toProvider := req.To.Provider
	if toProvider == "" {
		toProvider = req.Provider
	}
	to, toKey, err := target(toProvider, req.Document, req.To.Format)
	if err != nil {
		return ConvertValue{}, nil, badf("to: %v", err)
	}
	if _, ok := codecs[toKey]; !ok {
		return ConvertValue{}, nil, badf("%s has no %s document in %s; its native form is %s", to.Name, strings.ToUpper(string(toKey.document)), toKey.format, to.Native[toKey.document])
	}
	v := ConvertValue{Provider: string(toKey.provider), Document: string(toKey.document), Format: string(toKey.format)}
	if len(req.Source) > MaxSource {
		return v, diag.List{diag.At(diag.DocumentTooLarge, diag.Span{},
			fmt.Sprintf("the document is %d bytes; the playground reads at most %d (1 MiB)", len(req.Source), MaxSource))}, nil
	}
	c, ok := codecs[fromKey]
	if !ok {
		return v, diag.List{diag.At(diag.Unsupported, diag.Span{},
			fmt.Sprintf("%s %s in %s is not supported; pick another format (the native one is %s)", from.Name, strings.ToUpper(string(fromKey.document)), fromKey.format, from.Native[fromKey.document]))}, nil
	}

	// The source as check reads it; with errors there is nothing sound to convert.
	model, loc, diags := c.decode(req.Source)
	if model != nil && !(diags.HasErrors() && hasSyntaxError(diags)) {
		more := c.validate(model, from)
		loc.Resolve(more)
		diags = append(diags, more...)
	}
	if model == nil || diags.HasErrors() {
		return v, convertSourceErrors(diags), nil
	}

	opts := convert.Options{Bucket: req.Bucket, AppID: req.AppID, Region: req.Region, Owner: req.Owner, IDs: req.IDs}
	var text string
	var conv diag.List
	switch m := model.(type) {
	case *cors.Config:
		out, d := convert.CORS(*m, loc, from, to)
		conv = d
		text, err = convert.FormatCORS(out, to, toKey.format)
	case *s3Policy:
		out, d := convert.Policy(*m.Policy, loc, from, to, opts)
		conv = d
		text, err = convert.FormatPolicy(out, to)
	case *policy.Policy:
		out, d := convert.Policy(*m, loc, from, to, opts)
		conv = d
		text, err = convert.FormatPolicy(out, to)
	case *acl.ACL:
		out, d := convert.ACL(*m, loc, from, fromKey.format, to, toKey.format, opts)
		conv = d
		text, err = convert.FormatACL(out, to, toKey.format)
	default:
		return v, nil, fmt.Errorf("convert: no conversion for %T", model)
	}
	if err != nil {
		return v, nil, fmt.Errorf("convert: writing the %s document: %w", to.Name, err)
	}
	v.Source = text

	// The output must pass the target's own check; what does not is either
	// reported above (an error of the conversion) or a bug.
	_, checkDiags, err := check(CheckRequest{Provider: v.Provider, Document: v.Document, Format: v.Format, Source: text})
	if err != nil {
		return v, nil, err
	}
	v.Check = ConvertCheck{OK: !checkDiags.HasErrors(), Diagnostics: len(checkDiags)}
	for _, d := range checkDiags {
		if d.Severity == diag.Error {
			v.Check.Errors++
		}
	}
	return v, conv, nil
}

func convertSourceErrors(l diag.List) diag.List {
	out := diag.List{}
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}
