package api

import (
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"bucketlab/core/provider"
	"bucketlab/core/sign"
)

// SignRequest is the request of the "sign" op: any request to a bucket or
// object, signed with the provider's scheme.
type SignRequest struct {
	Provider    string            `json:"provider"`
	Method      string            `json:"method"`
	Bucket      string            `json:"bucket"`
	Region      string            `json:"region"`
	Endpoint    string            `json:"endpoint,omitempty"`
	PathStyle   bool              `json:"pathStyle,omitempty"`
	Key         string            `json:"key,omitempty"`   // object key, decoded; "" for the bucket
	Query       string            `json:"query,omitempty"` // raw query string, e.g. "cors" or "uploads&prefix=a%20b"
	Headers     map[string]string `json:"headers,omitempty"`
	Body        string            `json:"body,omitempty"`
	Credentials Credentials       `json:"credentials"`
	Time        string            `json:"time"`
	Expires     int64             `json:"expires,omitempty"` // seconds
	Presign     bool              `json:"presign,omitempty"`
	SignHeaders []string          `json:"signHeaders,omitempty"`
}

var methods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "HEAD": true, "OPTIONS": true, "PATCH": true}

func opSign(raw []byte) (result, error) {
	var req SignRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	p, ok := provider.Get(provider.ID(req.Provider))
	if !ok {
		return result{}, badf("unknown provider %q; expected \"cos\", \"qingstor\" or \"s3\"", req.Provider)
	}
	if !methods[req.Method] {
		return result{}, badf("unknown method %q; write one of GET, PUT, POST, DELETE, HEAD, OPTIONS", req.Method)
	}
	if err := checkCredentials(req.Credentials); err != nil {
		return result{}, badf("%v", err)
	}
	t, err := parseTime(req.Time)
	if err != nil {
		return result{}, badf("%v", err)
	}
	if !utf8.ValidString(req.Key) {
		return result{}, badf("the object key is not valid UTF-8")
	}
	ep, err := address(p.ID, req.Bucket, req.Region, req.Endpoint, req.Key, req.PathStyle)
	if err != nil {
		return result{}, badf("%v", err)
	}
	query, err := parseQuery(req.Query)
	if err != nil {
		return result{}, err
	}
	headers := []sign.Header{{Name: "Host", Value: ep.host}}
	names := make([]string, 0, len(req.Headers))
	for n := range req.Headers {
		names = append(names, n)
	}
	sort.Strings(names) // JSON objects have no order; make the output deterministic
	for _, n := range names {
		if strings.EqualFold(n, "Host") {
			continue
		}
		headers = append(headers, sign.Header{Name: n, Value: req.Headers[n]})
	}
	if req.Body != "" || req.Method == "PUT" || req.Method == "POST" {
		headers = append(headers, sign.Header{Name: "Content-Length", Value: sign.ContentLength([]byte(req.Body))})
	}
	signed, err := signFor(p.ID, sign.Request{Method: req.Method, Scheme: ep.scheme, Host: ep.host, Path: ep.path, Query: query, Headers: headers, Body: []byte(req.Body)},
		req.Credentials, signOptions{time: t, expires: secondsOr(req.Expires), presign: req.Presign, signHeaders: req.SignHeaders, region: req.Region, vhostBucket: ep.vhostBucket})
	if err != nil {
		return result{}, badf("%v", err)
	}
	return result{value: signed}, nil
}

func parseQuery(raw string) ([]sign.Param, error) {
	var out []sign.Param
	for _, part := range strings.Split(strings.TrimPrefix(raw, "?"), "&") {
		if part == "" {
			continue
		}
		k, v, hasEq := strings.Cut(part, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, badf("query parameter %q is not URL-encoded correctly; write %%XX for special characters", part)
		}
		out = append(out, sign.Param{Key: dk, Value: dv, NoValue: !hasEq})
	}
	return out, nil
}
