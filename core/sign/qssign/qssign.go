// Package qssign implements QingStor's request signature: HMAC-SHA256 over
// a string to sign, sent as "Authorization: QS <access_key_id>:<signature>"
// or, pre-signed, as access_key_id/expires/signature query parameters.
// SIGNING.md §2 states the scheme; the Go SDK v4 signer is the reference.
package qssign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"bucketlab/core/sign"
)

// Options select the form of the signature.
type Options struct {
	// Bucket, when set, means a virtual-host-style request
	// (<bucket>.<zone>.qingstor.com): the canonicalized resource starts
	// with "/<bucket>".
	Bucket string
	// Expires, when non-zero, produces the query (pre-signed URL) form: the
	// Date line holds this Unix time instead of the Date header.
	Expires int64
}

// subResources are the query parameters that are signed (Go SDK v4 list);
// every other parameter is ignored by the signature.
var subResources = map[string]bool{
	"acl": true, "append": true, "cname": true, "cors": true, "delete": true, "image": true,
	"lifecycle": true, "logging": true, "mirror": true, "notification": true, "part_number": true,
	"policy": true, "position": true, "replication": true, "stats": true, "upload_id": true,
	"uploads": true, "versioning": true, "version_id": true, "versions": true,
	"response-expires": true, "response-cache-control": true, "response-content-type": true,
	"response-content-language": true, "response-content-encoding": true,
	"response-content-disposition": true,
}

// EscapePath encodes a decoded path as QingStor signs and sends it: every
// byte but A-Z a-z 0-9 - _ . ~ / = is %XX (the SDK's URLQueryEscape).
func EscapePath(p string) string {
	e := url.QueryEscape(p)
	e = strings.ReplaceAll(e, "%2F", "/")
	e = strings.ReplaceAll(e, "%3D", "=")
	return strings.ReplaceAll(e, "+", "%20")
}

// CanonicalizedHeaders is every x-qs-* header, lower-cased, trimmed, sorted,
// each "name:value\n"; the first value of a repeated header counts.
func CanonicalizedHeaders(headers []sign.Header) string {
	vals := map[string]string{}
	for _, h := range headers {
		name := strings.TrimSpace(strings.ToLower(h.Name))
		if !strings.HasPrefix(name, "x-qs-") {
			continue
		}
		if _, ok := vals[name]; !ok {
			vals[name] = strings.TrimSpace(h.Value)
		}
	}
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + ":" + vals[n] + "\n")
	}
	return b.String()
}

// CanonicalizedResource is the escaped path (prefixed with "/<bucket>" for
// virtual-host style) and the signed sub-resources, sorted.
func CanonicalizedResource(path string, query []sign.Param, bucket string) string {
	res := EscapePath(path)
	if bucket != "" {
		if res == "" {
			res = "/"
		}
		res = "/" + bucket + res
	}
	values := map[string][]string{}
	var keys []string
	for _, q := range query {
		if !subResources[q.Key] {
			continue
		}
		if _, ok := values[q.Key]; !ok {
			keys = append(keys, q.Key)
		}
		values[q.Key] = append(values[q.Key], q.Value)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		if v := values[k]; v[0] != "" {
			parts = append(parts, k+"="+strings.TrimSpace(strings.Join(v, "")))
		} else {
			parts = append(parts, k)
		}
	}
	if len(parts) > 0 {
		res += "?" + strings.Join(parts, "&")
	}
	return res
}

// StringToSign builds the string to sign and the steps that lead to it.
func StringToSign(req sign.Request, opt Options) (string, []sign.Step) {
	md5, _ := sign.Get(req.Headers, "Content-MD5")
	ctype, _ := sign.Get(req.Headers, "Content-Type")
	date, _ := sign.Get(req.Headers, "Date")
	if v, ok := sign.Get(req.Headers, "X-QS-Date"); ok && v != "" {
		date = "" // the date travels in the canonicalized x-qs-date header
	}
	if opt.Expires != 0 {
		date = strconv.FormatInt(opt.Expires, 10)
	}
	headers := CanonicalizedHeaders(req.Headers)
	resource := CanonicalizedResource(req.Path, req.Query, opt.Bucket)
	sts := req.Method + "\n" + md5 + "\n" + ctype + "\n" + date + "\n" + headers + resource
	return sts, []sign.Step{
		{Name: "CanonicalizedHeaders", Value: headers},
		{Name: "CanonicalizedResource", Value: resource},
		{Name: "StringToSign", Value: sts},
	}
}

// Signature is Base64(HMAC-SHA256(secret, stringToSign)).
func Signature(secret, stringToSign string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// Sign signs req. In the header form it adds Authorization; in the query
// form it appends access_key_id, expires and signature to the URL.
func Sign(req sign.Request, cred sign.Credentials, opt Options) sign.Signed {
	sts, steps := StringToSign(req, opt)
	sig := Signature(cred.SecretAccessKey, sts)
	steps = append(steps, sign.Step{Name: "Signature", Value: sig})
	out := sign.Signed{Method: req.Method, Headers: append([]sign.Header(nil), req.Headers...), Body: req.Body}
	query := encodeQuery(req.Query)
	if opt.Expires != 0 {
		extra := "access_key_id=" + url.QueryEscape(cred.AccessKeyID) + "&expires=" + strconv.FormatInt(opt.Expires, 10) +
			"&signature=" + EscapePath(sig)
		if query != "" {
			query += "&"
		}
		query += extra
		steps = append(steps, sign.Step{Name: "Query", Value: extra})
	} else {
		auth := "QS " + cred.AccessKeyID + ":" + sig
		out.Headers = sign.Set(out.Headers, "Authorization", auth)
		steps = append(steps, sign.Step{Name: "Authorization", Value: auth})
	}
	scheme := req.Scheme
	if scheme == "" {
		scheme = "https"
	}
	out.URL = scheme + "://" + req.Host + EscapePath(req.Path)
	if query != "" {
		out.URL += "?" + query
	}
	out.Steps = steps
	return out
}

func encodeQuery(q []sign.Param) string {
	parts := make([]string, len(q))
	for i, p := range q {
		if p.NoValue {
			parts[i] = url.QueryEscape(p.Key)
		} else {
			parts[i] = url.QueryEscape(p.Key) + "=" + url.QueryEscape(p.Value)
		}
	}
	return strings.Join(parts, "&")
}
