package api

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"bucketlab/core/provider"
	"bucketlab/core/sign"
	"bucketlab/core/sign/qssign"
)

// Credentials are the user's keys. They exist only for the duration of a call.
type Credentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken,omitempty"`
}

// ComposeRequest is the request of the "compose" op: a check request plus
// what it takes to address and sign the PUT.
type ComposeRequest struct {
	CheckRequest
	Bucket      string      `json:"bucket"`
	Region      string      `json:"region,omitempty"`
	Endpoint    string      `json:"endpoint,omitempty"`
	Credentials Credentials `json:"credentials"`
	Time        string      `json:"time"`
}

// SignedRequest is a request ready to send, with every signing step.
type SignedRequest struct {
	Method  string        `json:"method"`
	URL     string        `json:"url"`
	Headers []sign.Header `json:"headers"`
	Body    string        `json:"body"`
	Steps   []sign.Step   `json:"steps"`
	HTTP    string        `json:"http"`
	Curl    string        `json:"curl"`
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

// QingStor bucket names: 6–63 characters of lower-case letters, digits and
// '-', starting and ending with a letter or digit (QingStor API docs).
var qsBucket = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]$`)

// httpDate is the HTTP date format (RFC 9110 IMF-fixdate), always GMT.
const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

var zoneName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func compose(req ComposeRequest, cv CheckValue) (*SignedRequest, error) {
	if req.Credentials.AccessKeyID == "" || req.Credentials.SecretAccessKey == "" {
		return nil, fmt.Errorf("enter an access key id and a secret access key to sign the request")
	}
	if req.Time == "" {
		return nil, fmt.Errorf("enter the signing time (RFC 3339, e.g. 2026-11-23T10:00:00Z)")
	}
	t, err := time.Parse(time.RFC3339, req.Time)
	if err != nil {
		return nil, fmt.Errorf("time %q is not RFC 3339; write e.g. 2026-11-23T10:00:00Z", req.Time)
	}
	t = t.UTC()
	switch provider.ID(cv.Provider) {
	case provider.QingStor:
		return composeQingStor(req, cv, t)
	}
	return nil, fmt.Errorf("signing for %s is not supported yet", cv.Provider)
}

func composeQingStor(req ComposeRequest, cv CheckValue, t time.Time) (*SignedRequest, error) {
	if !qsBucket.MatchString(req.Bucket) {
		return nil, fmt.Errorf("bucket %q is not a QingStor bucket name: 6–63 lower-case letters, digits and '-', starting and ending with a letter or digit", req.Bucket)
	}
	zone := req.Region
	if zone == "" || !zoneName.MatchString(zone) {
		return nil, fmt.Errorf("zone %q is not a QingStor zone; write e.g. pek3a, sh1a or gd2", zone)
	}
	domain := "qingstor.com"
	scheme := "https"
	if req.Endpoint != "" {
		s, host, err := splitEndpoint(req.Endpoint)
		if err != nil {
			return nil, err
		}
		scheme, domain = s, host
	}
	body := []byte(cv.Wire.Body)
	host := req.Bucket + "." + zone + "." + domain
	// Header order and values as the QingStor Go SDK sends them for
	// PutBucketCORS; Content-MD5 is added (the SDK omits it) so the
	// service checks the body's integrity, and it is signed.
	r := sign.Request{
		Method: "PUT", Scheme: scheme, Host: host, Path: "/",
		Query: []sign.Param{{Key: string(cv.Document), NoValue: true}},
		Headers: []sign.Header{
			{Name: "Host", Value: host},
			{Name: "Date", Value: t.Format(httpDate)},
			{Name: "Content-Type", Value: cv.Wire.ContentType},
			{Name: "Content-MD5", Value: cv.ContentMD5},
			{Name: "Content-Length", Value: sign.ContentLength(body)},
		},
		Body: body,
	}
	s := qssign.Sign(r, sign.Credentials{AccessKeyID: req.Credentials.AccessKeyID, SecretAccessKey: req.Credentials.SecretAccessKey},
		qssign.Options{Bucket: req.Bucket})
	return &SignedRequest{Method: s.Method, URL: s.URL, Headers: s.Headers, Body: string(s.Body), Steps: s.Steps, HTTP: s.HTTP(), Curl: s.Curl()}, nil
}

// splitEndpoint reads "https://host[:port]" or a bare host.
func splitEndpoint(ep string) (scheme, host string, err error) {
	scheme = "https"
	if i := strings.Index(ep, "://"); i >= 0 {
		scheme, ep = strings.ToLower(ep[:i]), ep[i+3:]
		if scheme != "https" && scheme != "http" {
			return "", "", fmt.Errorf("endpoint scheme %q must be http or https", scheme)
		}
	}
	ep = strings.TrimSuffix(ep, "/")
	if ep == "" || strings.ContainsAny(ep, "/?#@ \t\r\n") {
		return "", "", fmt.Errorf("endpoint %q must be a host name such as qingstor.com, without a path", ep)
	}
	return scheme, ep, nil
}
