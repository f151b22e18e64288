package api

import (
	"bucketlab/core/diag"
	"bucketlab/core/digest"
)

// CheckRequest is the request of the "check" op.
type CheckRequest struct {
	Provider string `json:"provider"`
	Document string `json:"document"`
	Format   string `json:"format,omitempty"`
	Source   string `json:"source"`
	// Bucket, optional, is the bucket the document will be put on; with it
	// a policy's resources are checked against it. compose fills it.
	Bucket string `json:"bucket,omitempty"`
}

// CheckValue is the value of the "check" op. Wire and ContentMD5 are set
// only when the document has no error.
type CheckValue struct {
	Provider   string `json:"provider"`
	Document   string `json:"document"`
	Format     string `json:"format"`
	Wire       *Wire  `json:"wire,omitempty"`
	ContentMD5 string `json:"contentMD5,omitempty"`
	Model      any    `json:"model,omitempty"`
}

func opCheck(raw []byte) (result, error) {
	var req CheckRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	v, diags, err := check(req)
	return result{value: v, source: req.Source, diags: diags}, err
}

func check(req CheckRequest) (CheckValue, diag.List, error) {
	prof, key, err := target(req.Provider, req.Document, req.Format)
	if err != nil {
		return CheckValue{}, nil, err
	}
	c, err := checkDocument(prof, key, req.Source, req.Bucket)
	if err != nil {
		return CheckValue{}, nil, err
	}
	v := CheckValue{Provider: string(key.provider), Document: string(key.document), Format: string(key.format), Wire: c.wire, Model: c.model}
	if c.wire != nil {
		v.ContentMD5 = digest.ContentMD5([]byte(c.wire.Body))
	}
	return v, c.diags, nil
}
