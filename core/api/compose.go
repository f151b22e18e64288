package api

import (
	"bucketlab/core/provider"
	"bucketlab/core/sign"
)

// ComposeRequest is the request of the "compose" op: a check request plus
// what it takes to address and sign the PUT.
type ComposeRequest struct {
	CheckRequest
	Bucket      string      `json:"bucket"`
	Region      string      `json:"region,omitempty"`
	Endpoint    string      `json:"endpoint,omitempty"`
	PathStyle   bool        `json:"pathStyle,omitempty"`
	Credentials Credentials `json:"credentials"`
	Time        string      `json:"time"`
	Expires     int64       `json:"expires,omitempty"` // seconds; the COS signature window
}

// ComposeValue is the value of the "compose" op. Request is set when the
// document has no error and the request fields are complete; otherwise
// RequestError says what is missing.
type ComposeValue struct {
	CheckValue
	Request      *SignedRequest `json:"request,omitempty"`
	RequestError *ErrorBody     `json:"requestError,omitempty"`
}

func opCompose(raw []byte) (result, error) {
	var req ComposeRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	req.CheckRequest.Bucket = req.Bucket
	cv, diags, err := check(req.CheckRequest)
	if err != nil {
		return result{}, err
	}
	v := ComposeValue{CheckValue: cv}
	if cv.Wire == nil {
		v.RequestError = &ErrorBody{Code: "document-invalid", Message: "fix the errors in the document to see the signed request"}
		return result{value: v, source: req.Source, diags: diags}, nil
	}
	signed, err := compose(req, cv)
	if err != nil {
		v.RequestError = &ErrorBody{Code: CodeBadRequest, Message: err.Error()}
	} else {
		v.Request = signed
	}
	return result{value: v, source: req.Source, diags: diags}, nil
}

// compose builds the PUT /?cors, /?policy or /?acl request that sets the
// document, with the headers the official SDKs send, and signs it.
func compose(req ComposeRequest, cv CheckValue) (*SignedRequest, error) {
	if err := checkCredentials(req.Credentials); err != nil {
		return nil, err
	}
	t, err := parseTime(req.Time)
	if err != nil {
		return nil, err
	}
	p := provider.ID(cv.Provider)
	ep, err := address(p, req.Bucket, req.Region, req.Endpoint, "", req.PathStyle)
	if err != nil {
		return nil, err
	}
	body := []byte(cv.Wire.Body)
	headers := []sign.Header{{Name: "Host", Value: ep.host}}
	if cv.Wire.ContentType != "" {
		// The COS SDK sends application/xml even for the header form of an
		// ACL, whose body is empty; the S3 SDK sends none then.
		headers = append(headers, sign.Header{Name: "Content-Type", Value: cv.Wire.ContentType})
	}
	if len(body) > 0 || p != provider.QingStor {
		// COS and S3 require an integrity header on these PUTs, even with an
		// empty body (the header form of an ACL): Content-MD5 of exactly the
		// bytes sent. QingStor checks it when present; it is signed on all.
		headers = append(headers, sign.Header{Name: "Content-MD5", Value: cv.ContentMD5})
	}
	headers = append(headers, cv.Wire.Headers...)
	headers = append(headers, sign.Header{Name: "Content-Length", Value: sign.ContentLength(body)})
	if p == provider.QingStor {
		// The QingStor SDK's order: Date comes right after Host.
		headers = append(headers[:1], append([]sign.Header{{Name: "Date"}}, headers[1:]...)...)
	}
	r := sign.Request{
		Method: "PUT", Scheme: ep.scheme, Host: ep.host, Path: ep.path,
		Query:   []sign.Param{{Key: string(cv.Document), NoValue: true}},
		Headers: headers,
		Body:    body,
	}
	return signFor(p, r, req.Credentials, signOptions{
		time: t, expires: secondsOr(req.Expires), region: req.Region, vhostBucket: ep.vhostBucket,
	})
}
