package sigv4

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"bucketlab/core/digest"
	"bucketlab/core/sign"
)

func signVariant(req sign.Request, cred sign.Credentials, opt Options, v variant) (sign.Signed, error) {
	if err := checkMethod(req.Method); err != nil {
		return sign.Signed{}, err
	}
	if err := checkCredentials(cred); err != nil {
		return sign.Signed{}, err
	}
	if err := checkTime(opt.Time); err != nil {
		return sign.Signed{}, err
	}
	t := opt.Time.UTC()
	if err := checkScopePart("region", opt.Region, "us-east-1"); err != nil {
		return sign.Signed{}, err
	}
	if err := checkScopePart("service", opt.Service, "s3"); err != nil {
		return sign.Signed{}, err
	}
	if err := checkExpires(opt); err != nil {
		return sign.Signed{}, err
	}
	scheme := strings.ToLower(req.Scheme)
	if scheme == "" {
		scheme = "https"
	}
	if scheme != "https" && scheme != "http" {
		return sign.Signed{}, fmt.Errorf("scheme %q is not http or https; write https", req.Scheme)
	}
	if err := checkPath(req.Path); err != nil {
		return sign.Signed{}, err
	}
	if err := checkQuery(req.Query, cred); err != nil {
		return sign.Signed{}, err
	}

	extra := map[string]bool{}
	for _, n := range opt.SignedHeaders {
		if err := checkHeaderName(n); err != nil {
			return sign.Signed{}, fmt.Errorf("signed headers: %w", err)
		}
		if strings.EqualFold(n, "Authorization") {
			return sign.Signed{}, fmt.Errorf("signed headers: Authorization carries the signature and cannot be signed; remove it from the list")
		}
		extra[strings.ToLower(n)] = true
	}

	// The headers to send, checked; Host and Content-Length looked at.
	headers := make([]sign.Header, 0, len(req.Headers)+5)
	hostAt, contentLength := -1, int64(-1)
	for _, h := range req.Headers {
		if err := checkHeaderName(h.Name); err != nil {
			return sign.Signed{}, err
		}
		if err := checkHeaderValue("header "+h.Name, h.Value); err != nil {
			return sign.Signed{}, err
		}
		switch strings.ToLower(h.Name) {
		case "host":
			if hostAt >= 0 {
				return sign.Signed{}, fmt.Errorf("the request has two Host headers; keep one")
			}
			hostAt = len(headers)
		case "content-length":
			if contentLength >= 0 {
				return sign.Signed{}, fmt.Errorf("the request has two Content-Length headers; keep one")
			}
			n, err := strconv.ParseInt(strings.Trim(h.Value, " \t"), 10, 64)
			if err != nil || n < 0 || strings.Trim(h.Value, " \t") != strconv.FormatInt(n, 10) {
				return sign.Signed{}, fmt.Errorf("Content-Length %q is not a number of bytes; write %d", h.Value, len(req.Body))
			}
			if len(req.Body) > 0 && n != int64(len(req.Body)) {
				return sign.Signed{}, fmt.Errorf("Content-Length is %d but the body has %d bytes; write %d", n, len(req.Body), len(req.Body))
			}
			contentLength = n
		case "authorization":
			if opt.Presign {
				return sign.Signed{}, fmt.Errorf("a presigned URL carries its signature in the query; remove the Authorization header")
			}
			continue // replaced below
		}
		headers = append(headers, h)
	}

	host := req.Host
	if hostAt >= 0 {
		hv := strings.Trim(headers[hostAt].Value, " \t")
		if host == "" {
			host = hv
		} else if !strings.EqualFold(hv, host) {
			return sign.Signed{}, fmt.Errorf("Host header %q differs from the request host %q; remove the header or make them equal", hv, host)
		}
	}
	if err := checkHost(host); err != nil {
		return sign.Signed{}, err
	}
	host = stripDefaultPort(host, scheme)
	if hostAt >= 0 {
		headers[hostAt].Value = host
	} else {
		headers = append([]sign.Header{{Name: "Host", Value: host}}, headers...)
	}

	bodyHash := digest.SHA256Hex(req.Body)
	ph, err := payloadHash(opt, req.Body, bodyHash)
	if err != nil {
		return sign.Signed{}, err
	}
	if contentLength > 0 && len(req.Body) == 0 && opt.PayloadHash == "" && ph != UnsignedPayload {
		return sign.Signed{}, fmt.Errorf("Content-Length is %d but the body is empty; add the body, or give its SHA-256 as the payload hash", contentLength)
	}
	for _, h := range headers {
		if strings.EqualFold(h.Name, "X-Amz-Content-Sha256") && strings.Trim(h.Value, " \t") != ph {
			return sign.Signed{}, fmt.Errorf("header X-Amz-Content-Sha256 is %q but the payload hash is %s; remove the header or make it equal", h.Value, ph)
		}
	}

	amzDate := t.Format(timeFormat)
	scope := credentialScope(t, opt.Region, opt.Service)
	params := make([]param, 0, len(req.Query)+8)
	for _, p := range req.Query {
		params = append(params, param{p.Key, p.Value})
	}

	if opt.Presign {
		for _, h := range headers {
			for _, r := range presignParams {
				if strings.EqualFold(h.Name, r) {
					return sign.Signed{}, fmt.Errorf("a presigned URL carries %s in its query; remove the %s header", r, h.Name)
				}
			}
			if cred.SessionToken != "" && strings.EqualFold(h.Name, "X-Amz-Security-Token") {
				return sign.Signed{}, fmt.Errorf("a presigned URL carries the session token in its query; remove the X-Amz-Security-Token header")
			}
		}
		// X-Amz-* headers S3 need not see as headers become query
		// parameters, as the SDK hoists them.
		kept := headers[:0:0]
		for _, h := range headers {
			name := hoistName(canonicalKey(h.Name))
			if name == "" || extra[strings.ToLower(h.Name)] {
				kept = append(kept, h)
				continue
			}
			for _, p := range req.Query {
				if p.Key == name {
					return sign.Signed{}, fmt.Errorf("%s is both a header and a query parameter; keep one", name)
				}
			}
			params = append(params, param{name, h.Value})
		}
		headers = kept
		params = append(params,
			param{"X-Amz-Algorithm", Algorithm},
			param{"X-Amz-Credential", cred.AccessKeyID + "/" + scope},
			param{"X-Amz-Date", amzDate},
			param{"X-Amz-Expires", strconv.FormatInt(int64(opt.Expires.Seconds()), 10)})
		if cred.SessionToken != "" {
			params = append(params, param{"X-Amz-Security-Token", cred.SessionToken})
		}
	} else {
		if !v.dateHeader {
			headers = setOne(headers, "X-Amz-Date", amzDate)
		}
		if cred.SessionToken != "" {
			headers = setOne(headers, "X-Amz-Security-Token", cred.SessionToken)
		}
		if opt.S3 {
			if _, ok := sign.Get(headers, "X-Amz-Content-Sha256"); !ok {
				headers = append(headers, sign.Header{Name: "X-Amz-Content-Sha256", Value: ph})
			}
		}
	}

	// The signed headers: host, then every header the SDK signs.
	fields := []field{{name: "host", values: []string{host}}}
	at := map[string]int{"host": 0}
	for _, h := range headers {
		name := strings.ToLower(h.Name)
		if name == "host" {
			continue
		}
		if !extra[name] && (ignoredHeader[canonicalKey(h.Name)] || name == "content-length" && contentLength == 0) {
			continue
		}
		if i, ok := at[name]; ok {
			fields[i].values = append(fields[i].values, h.Value)
			continue
		}
		at[name] = len(fields)
		fields = append(fields, field{name: name, values: []string{h.Value}})
	}
	for _, n := range opt.SignedHeaders {
		if _, ok := at[strings.ToLower(n)]; !ok {
			return sign.Signed{}, fmt.Errorf("signed headers name %s but the request has no such header; add the header or remove it from the list", n)
		}
	}
	canonHeaders, signedHeaders := canonicalHeaders(fields, v.sortValues)
	if opt.Presign {
		params = append(params, param{"X-Amz-SignedHeaders", signedHeaders})
	}

	wire := v.rawPath
	if wire == "" {
		wire = wirePath(req.Path, opt.S3)
	}
	if wire == "" {
		wire = "/"
	}
	query := canonicalQueryString(params)
	creq := canonicalRequest(req.Method, canonicalURI(wire, opt.S3, !v.noNormalize), query, canonHeaders, signedHeaders, ph)
	hashed := hashHex(creq)
	sts := stringToSign(t, scope, hashed)
	key := signingKey(cred.SecretAccessKey, t, opt.Region, opt.Service)
	sig := signature(key, sts)

	out := sign.Signed{Method: req.Method, Body: req.Body, Steps: []sign.Step{
		{Name: "CanonicalRequest", Value: creq},
		{Name: "HashedCanonicalRequest", Value: hashed},
		{Name: "CredentialScope", Value: scope},
		{Name: "StringToSign", Value: sts},
		{Name: "SigningKey", Value: hex.EncodeToString(key)},
		{Name: "Signature", Value: sig},
	}}
	base := scheme + "://" + host + wire
	if opt.Presign {
		out.URL = base + "?" + query + "&X-Amz-Signature=" + sig
		out.Headers = headers
		out.Steps = append(out.Steps, sign.Step{Name: "PresignedURL", Value: out.URL})
		return out, nil
	}
	auth := authorization(cred.AccessKeyID, scope, signedHeaders, sig)
	out.Headers = append(headers, sign.Header{Name: "Authorization", Value: auth})
	out.URL = base
	if q := queryInOrder(req.Query); q != "" {
		out.URL += "?" + q
	}
	out.Steps = append(out.Steps, sign.Step{Name: "Authorization", Value: auth})
	return out, nil
}

// setOne gives header name the value v: the first occurrence keeps its
// place and spelling, later ones are dropped; if absent it is appended.
func setOne(headers []sign.Header, name, v string) []sign.Header {
	out := headers[:0:0]
	found := false
	for _, h := range headers {
		if strings.EqualFold(h.Name, name) {
			if found {
				continue
			}
			found = true
			h.Value = v
		}
		out = append(out, h)
	}
	if !found {
		out = append(out, sign.Header{Name: name, Value: v})
	}
	return out
}

// queryInOrder is the query of a header-signed request as the user wrote
// it (order kept, "?cors" stays "cors"), every part UriEncoded; the server
// canonicalises it to the same CanonicalQueryString.
func queryInOrder(q []sign.Param) string {
	parts := make([]string, len(q))
	for i, p := range q {
		parts[i] = uriEncode(p.Key, false)
		if !p.NoValue {
			parts[i] += "=" + uriEncode(p.Value, false)
		}
	}
	return strings.Join(parts, "&")
}
