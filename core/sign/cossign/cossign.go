// Package cossign implements the Tencent Cloud COS XML API request
// signature (q-sign-algorithm=sha1): HMAC-SHA1 over a string to sign, sent
// as an "Authorization: q-sign-algorithm=sha1&q-ak=…&q-signature=…" header
// or, pre-signed, as the same pairs in the query string. SIGNING.md §1
// states the scheme; https://cloud.tencent.com/document/product/436/7778 is
// the documentation, and the official Go SDK (cos-go-sdk-v5 v0.7.75,
// auth.go) is the reference where the documentation is silent.
package cossign

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bucketlab/core/sign"
)

// Options select the time windows, the signed headers and the form.
type Options struct {
	// SignStart and SignEnd are q-sign-time: the signature is accepted
	// between them. Both are required; nothing here reads a clock.
	SignStart, SignEnd time.Time
	// KeyStart and KeyEnd are q-key-time, the window SignKey is derived
	// from. Leave both zero to use SignStart and SignEnd, which is what the
	// documentation and the SDK's NewAuthTime do.
	KeyStart, KeyEnd time.Time
	// SignHeaders names the headers that are signed, case-insensitively.
	// An entry ending in "*" is a prefix ("x-cos-*"); "*" alone signs every
	// header present, as the documentation's examples do. nil means
	// DefaultSignHeaders(), the Go SDK's choice; an empty non-nil slice
	// signs no header at all.
	SignHeaders []string
	// Query produces the pre-signed URL form: the q-* pairs are appended
	// to the query string (as the SDK's GetPresignedURL does) instead of
	// being sent as the Authorization header, and a session token travels
	// as the x-cos-security-token query parameter (as GetPresignedURL2
	// does) instead of as a header.
	Query bool
}

// defaultSignHeaders is the Go SDK's NeedSignHeaders (auth.go) plus the two
// prefixes its isSignHeader always accepts. It leaves out Date (the SDK
// signs it only after SetNeedSignHeaders("date", true)), User-Agent and
// every other header.
var defaultSignHeaders = [...]string{
	"host", "range",
	"x-cos-acl", "x-cos-grant-read", "x-cos-grant-write", "x-cos-grant-full-control",
	"cache-control", "content-disposition", "content-encoding", "content-type",
	"content-length", "content-md5", "transfer-encoding", "expect", "expires",
	"x-cos-content-sha1", "x-cos-storage-class",
	"if-match", "if-modified-since", "if-none-match", "if-unmodified-since",
	"origin", "access-control-request-method", "access-control-request-headers",
	"x-cos-object-type", "pic-operations",
	"x-cos-*", "x-ci-*",
}

// DefaultSignHeaders is the header set the official Go SDK signs: host,
// range, x-cos-acl, x-cos-grant-read, x-cos-grant-write,
// x-cos-grant-full-control, cache-control, content-disposition,
// content-encoding, content-type, content-length, content-md5,
// transfer-encoding, expect, expires, x-cos-content-sha1,
// x-cos-storage-class, if-match, if-modified-since, if-none-match,
// if-unmodified-since, origin, access-control-request-method,
// access-control-request-headers, x-cos-object-type, pic-operations, and
// every header starting with x-cos- or x-ci-. Date is not in it.
func DefaultSignHeaders() []string {
	return append([]string(nil), defaultSignHeaders[:]...)
}

const (
	algorithm   = "sha1"
	tokenHeader = "x-cos-security-token"
)

// Sign signs req. In the header form it returns the request with Host and
// Authorization set (and x-cos-security-token when cred has a session
// token); in the query form the URL carries the q-* pairs. Header values
// are trimmed of surrounding spaces and tabs before signing and sent
// trimmed: a receiver (and Go's net/http on the way out) drops them, so a
// signature over the untrimmed value could never verify. Any Authorization
// header in req is replaced.
//
// Steps are named as the documentation (请求签名, steps 1-7 and its
// "中间变量" list of intermediate values) names them, in that list's
// order: KeyTime, SignKey, UrlParamList, HttpParameters, HeaderList,
// HttpHeaders, HttpString, StringToSign, Signature. The last step is
// Authorization in the header form (step 8's result, named after the
// header that carries it) or PresignedURL in the query form (the
// documentation gives that URL no name; PresignedURL is the SDK's).
func Sign(req sign.Request, cred sign.Credentials, opt Options) (sign.Signed, error) {
	if err := checkCredentials(cred); err != nil {
		return sign.Signed{}, err
	}
	signTime, keyTime, err := windows(opt)
	if err != nil {
		return sign.Signed{}, err
	}
	match, err := newMatcher(opt.SignHeaders)
	if err != nil {
		return sign.Signed{}, err
	}
	if err := checkMethod(req.Method); err != nil {
		return sign.Signed{}, err
	}
	if err := checkPath(req.Path); err != nil {
		return sign.Signed{}, err
	}
	headers, host, err := prepareHeaders(req)
	if err != nil {
		return sign.Signed{}, err
	}
	query, err := prepareQuery(req.Query)
	if err != nil {
		return sign.Signed{}, err
	}
	if cred.SessionToken != "" {
		if opt.Query {
			query = setParam(query, tokenHeader, cred.SessionToken)
		} else {
			headers = setHeader(headers, tokenHeader, cred.SessionToken)
		}
	}

	key := signKey(cred.SecretAccessKey, keyTime)
	httpParameters, urlParamList := formatPairs(paramPairs(query))
	httpHeaders, headerList := formatPairs(headerPairs(headers, match))
	hs := httpString(req.Method, req.Path, httpParameters, httpHeaders)
	sts := stringToSign(keyTime, hs)
	sig := signature(key, sts)
	steps := []sign.Step{
		{Name: "KeyTime", Value: keyTime},
		{Name: "SignKey", Value: key},
		{Name: "UrlParamList", Value: urlParamList},
		{Name: "HttpParameters", Value: httpParameters},
		{Name: "HeaderList", Value: headerList},
		{Name: "HttpHeaders", Value: httpHeaders},
		{Name: "HttpString", Value: hs},
		{Name: "StringToSign", Value: sts},
		{Name: "Signature", Value: sig},
	}
	pairs := [][2]string{
		{"q-sign-algorithm", algorithm},
		{"q-ak", cred.AccessKeyID},
		{"q-sign-time", signTime},
		{"q-key-time", keyTime},
		{"q-header-list", headerList},
		{"q-url-param-list", urlParamList},
		{"q-signature", sig},
	}

	scheme := req.Scheme
	if scheme == "" {
		scheme = "https"
	}
	u := scheme + "://" + host + escapePath(req.Path)
	rawQuery := encodeQuery(query)
	out := sign.Signed{Method: req.Method, Headers: headers, Body: req.Body}
	if opt.Query {
		// The SDK appends encodeURIComponent(authorization) with '&' and
		// '=' kept: each value is encodeURIComponent-escaped (';' -> %3B).
		parts := make([]string, len(pairs))
		for i, p := range pairs {
			parts[i] = p[0] + "=" + uriComponent(p[1])
		}
		if rawQuery != "" {
			rawQuery += "&"
		}
		rawQuery += strings.Join(parts, "&")
		out.URL = u + "?" + rawQuery
		steps = append(steps, sign.Step{Name: "PresignedURL", Value: out.URL})
	} else {
		parts := make([]string, len(pairs))
		for i, p := range pairs {
			parts[i] = p[0] + "=" + p[1]
		}
		auth := strings.Join(parts, "&")
		out.Headers = append(out.Headers, sign.Header{Name: "Authorization", Value: auth})
		out.URL = u
		if rawQuery != "" {
			out.URL += "?" + rawQuery
		}
		steps = append(steps, sign.Step{Name: "Authorization", Value: auth})
	}
	out.Steps = steps
	return out, nil
}

// signKey is step 2: hex(HMAC-SHA1(SecretKey, KeyTime)).
func signKey(secretKey, keyTime string) string {
	return hmacSHA1(secretKey, keyTime)
}

// httpString is step 5: lower(method) \n UriPathname \n HttpParameters \n
// HttpHeaders \n. UriPathname is the decoded path, as the SDK's
// req.URL.Path and the documentation's "/exampleobject(腾讯云)".
func httpString(method, path, httpParameters, httpHeaders string) string {
	return strings.ToLower(method) + "\n" + path + "\n" + httpParameters + "\n" + httpHeaders + "\n"
}

// stringToSign is step 6: sha1 \n KeyTime \n hex(SHA1(HttpString)) \n.
func stringToSign(keyTime, httpString string) string {
	sum := sha1.Sum([]byte(httpString))
	return algorithm + "\n" + keyTime + "\n" + hex.EncodeToString(sum[:]) + "\n"
}

// signature is step 7: hex(HMAC-SHA1(SignKey, StringToSign)); the key is
// the hex text of SignKey, not its bytes.
func signature(signKey, stringToSign string) string {
	return hmacSHA1(signKey, stringToSign)
}

func hmacSHA1(key, msg string) string {
	h := hmac.New(sha1.New, []byte(key))
	h.Write([]byte(msg))
	return hex.EncodeToString(h.Sum(nil))
}

// pair is one key and its values, before encoding.
type pair struct{ key, value string }

func paramPairs(query []sign.Param) []pair {
	out := make([]pair, len(query))
	for i, p := range query {
		out[i] = pair{p.Key, p.Value}
	}
	return out
}

func headerPairs(headers []sign.Header, match matcher) []pair {
	var out []pair
	for _, h := range headers {
		if match.signs(strings.ToLower(h.Name)) {
			out = append(out, pair{h.Name, h.Value})
		}
	}
	return out
}

// formatPairs is steps 3 and 4 (HttpParameters/UrlParamList and
// HttpHeaders/HeaderList), built as the SDK's valuesSignMap does: key :=
// lower(UrlEncode(key)) (so escapes get lower-case hex), values grouped by
// that key, keys sorted by their encoded form, the values of a repeated
// key sorted before encoding and the key repeated in the list. The
// documentation sorts before encoding; the two orders differ only for keys
// with characters that UrlEncode escapes.
func formatPairs(pairs []pair) (joined, list string) {
	values := map[string][]string{}
	for _, p := range pairs {
		k := strings.ToLower(urlEncode(p.key))
		values[k] = append(values[k], p.value)
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var kv, names []string
	for _, k := range keys {
		vs := values[k]
		sort.Strings(vs)
		for _, v := range vs {
			kv = append(kv, k+"="+urlEncode(v))
			names = append(names, k)
		}
	}
	return strings.Join(kv, "&"), strings.Join(names, ";")
}

// urlEncode is the documentation's UrlEncode: every byte but A-Z a-z 0-9
// - _ . ~ becomes %XX with upper-case hex (the SDK's safeURLEncode).
func urlEncode(s string) string { return escape(s, "-_.~") }

// uriComponent is JavaScript's encodeURIComponent, which keeps
// - _ . ! ~ * ' ( ) as well; the SDK uses it for the pre-signed q-* values.
func uriComponent(s string) string { return escape(s, "-_.!~*'()") }

// escapePath encodes the decoded path for the URL as the SDK's
// GetPresignedURL does (encodeURIComponent keeping '/'); a key that starts
// with '/' (path "//…") has that slash sent as %2F so it is not taken for
// an empty segment.
func escapePath(p string) string {
	if strings.HasPrefix(p, "//") {
		return "/%2F" + escape(p[2:], "-_.!~*'()/")
	}
	return escape(p, "-_.!~*'()/")
}

func escape(s, keep string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// encodeQuery writes the parameters in the caller's order, UrlEncoded
// (space as %20, '+' as %2B, so no reader can take one for the other);
// "?acl" stays without '='.
func encodeQuery(q []sign.Param) string {
	parts := make([]string, len(q))
	for i, p := range q {
		if p.NoValue && p.Value == "" {
			parts[i] = urlEncode(p.Key)
		} else {
			parts[i] = urlEncode(p.Key) + "=" + urlEncode(p.Value)
		}
	}
	return strings.Join(parts, "&")
}

// matcher decides which headers are signed (names lower-case).
type matcher struct {
	all      bool
	names    map[string]bool
	prefixes []string
}

func newMatcher(list []string) (matcher, error) {
	if list == nil {
		list = defaultSignHeaders[:]
	}
	m := matcher{names: map[string]bool{}}
	for _, e := range list {
		e = strings.ToLower(e)
		switch {
		case e == "*":
			m.all = true
		case strings.HasSuffix(e, "*") && isToken(e[:len(e)-1]):
			m.prefixes = append(m.prefixes, e[:len(e)-1])
		case isToken(e):
			m.names[e] = true
		default:
			return matcher{}, fmt.Errorf("the SignHeaders entry %q is not a header name; write a name such as content-md5, a prefix such as x-cos-*, or * for every header", e)
		}
	}
	return m, nil
}

func (m matcher) signs(name string) bool {
	if m.all || m.names[name] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// windows formats q-sign-time and q-key-time ("start;end", Unix seconds).
func windows(opt Options) (signTime, keyTime string, err error) {
	signTime, err = window("sign", "SignStart", "SignEnd", opt.SignStart, opt.SignEnd)
	if err != nil {
		return "", "", err
	}
	if opt.KeyStart.IsZero() && opt.KeyEnd.IsZero() {
		return signTime, signTime, nil
	}
	if opt.KeyStart.IsZero() || opt.KeyEnd.IsZero() {
		return "", "", fmt.Errorf("key time is half set; set both KeyStart and KeyEnd, or neither to use the sign time")
	}
	keyTime, err = window("key", "KeyStart", "KeyEnd", opt.KeyStart, opt.KeyEnd)
	return signTime, keyTime, err
}

func window(what, startName, endName string, start, end time.Time) (string, error) {
	if start.IsZero() || end.IsZero() {
		return "", fmt.Errorf("%s time is missing; set %s and %s, e.g. %s = %s + 1h", what, startName, endName, endName, startName)
	}
	s, e := start.Unix(), end.Unix()
	if s < 0 {
		return "", fmt.Errorf("%s %s is before 1970; write a time such as 2026-11-23T10:00:00Z", startName, start.UTC().Format(time.RFC3339))
	}
	if e <= s {
		return "", fmt.Errorf("%s %s is not after %s %s; set %s later, e.g. %s + 1h", endName, end.UTC().Format(time.RFC3339),
			startName, start.UTC().Format(time.RFC3339), endName, startName)
	}
	return strconv.FormatInt(s, 10) + ";" + strconv.FormatInt(e, 10), nil
}

func checkCredentials(cred sign.Credentials) error {
	if cred.AccessKeyID == "" {
		return fmt.Errorf("missing SecretId; enter the SecretId of the API key (it starts with AKID)")
	}
	if cred.SecretAccessKey == "" {
		return fmt.Errorf("missing SecretKey; enter the SecretKey that belongs to SecretId %q", cred.AccessKeyID)
	}
	for i := 0; i < len(cred.AccessKeyID); i++ {
		if c := cred.AccessKeyID[i]; c <= ' ' || c >= 0x7f || c == '&' {
			return fmt.Errorf("the SecretId %q contains %s; a SecretId is letters and digits only, copy it again without spaces", cred.AccessKeyID, charName(c))
		}
	}
	if strings.TrimSpace(cred.SecretAccessKey) != cred.SecretAccessKey {
		return fmt.Errorf("the SecretKey has leading or trailing spaces; copy it again without them")
	}
	if cred.SessionToken != "" {
		if strings.ContainsAny(cred.SessionToken, "\r\n") || strings.IndexFunc(cred.SessionToken, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
			return fmt.Errorf("the session token contains a line break or another control character; copy the token again as one line")
		}
	}
	return nil
}

func checkMethod(m string) error {
	if m == "" || !isToken(m) {
		return fmt.Errorf("method %q is not an HTTP method; write e.g. PUT, GET or DELETE", m)
	}
	return nil
}

func checkPath(p string) error {
	if !utf8.ValidString(p) {
		return fmt.Errorf("path %q is not valid UTF-8; write the object key as UTF-8 text (decoded, e.g. /dir/腾讯云.txt, not percent-escaped bytes)", p)
	}
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("path %q does not start with '/'; write /%s, or / for the bucket itself", p, p)
	}
	return nil
}

// prepareHeaders checks the headers, trims their values and puts Host
// first; it drops an Authorization header, which Sign writes itself.
func prepareHeaders(req sign.Request) ([]sign.Header, string, error) {
	host := req.Host
	var hostHeader string
	hostHeaders := 0
	out := []sign.Header{{Name: "Host"}}
	for i, h := range req.Headers {
		if h.Name == "" {
			return nil, "", fmt.Errorf("header %d has an empty name; write Name: value", i+1)
		}
		if bad := firstNonToken(h.Name); bad >= 0 {
			return nil, "", fmt.Errorf("header name %q contains %s, which a header name cannot; use letters, digits and '-', e.g. x-cos-meta-color", h.Name, charName(h.Name[bad]))
		}
		if err := checkValue(h.Name, h.Value); err != nil {
			return nil, "", err
		}
		v := strings.Trim(h.Value, " \t")
		switch {
		case strings.EqualFold(h.Name, "Host"):
			hostHeaders++
			hostHeader = v
		case strings.EqualFold(h.Name, "Authorization"):
		default:
			out = append(out, sign.Header{Name: h.Name, Value: v})
		}
	}
	if hostHeaders > 1 {
		return nil, "", fmt.Errorf("the request has %d Host headers; keep one", hostHeaders)
	}
	if host == "" {
		host = hostHeader
	}
	if host == "" {
		return nil, "", fmt.Errorf("missing host; set the host, e.g. examplebucket-1250000000.cos.ap-beijing.myqcloud.com")
	}
	if hostHeaders == 1 && !strings.EqualFold(hostHeader, host) {
		return nil, "", fmt.Errorf("the Host header %q differs from the request host %q; remove the Host header or make them equal", hostHeader, host)
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._:[]", c) >= 0) {
			return nil, "", fmt.Errorf("host %q is not a host name; write e.g. examplebucket-1250000000.cos.ap-beijing.myqcloud.com, without scheme or path (an international name in its xn-- form)", host)
		}
	}
	out[0].Value = host
	return out, host, nil
}

// checkValue refuses what would let a header value split the request or
// be rewritten on the way: CR, LF and other control characters (tab is
// allowed).
func checkValue(name, v string) error {
	if strings.ContainsAny(v, "\r\n") {
		return fmt.Errorf("header %s contains a line break (CR or LF); write the value on one line, e.g. separate list items with \", \"", name)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return fmt.Errorf("header %s contains the control character %s; remove it", name, charName(c))
		}
	}
	return nil
}

// prepareQuery checks the parameters and copies them.
func prepareQuery(q []sign.Param) ([]sign.Param, error) {
	out := make([]sign.Param, 0, len(q)+1)
	for i, p := range q {
		if p.Key == "" {
			return nil, fmt.Errorf("query parameter %d has an empty name; write name=value, or remove it", i+1)
		}
		if k := strings.ToLower(p.Key); k == "q-sign-algorithm" || k == "q-signature" {
			return nil, fmt.Errorf("the query already carries %s; remove the q-* signature parameters, Sign adds them", p.Key)
		}
		out = append(out, p)
	}
	return out, nil
}

// setHeader drops every header called name (any case) and appends
// name: value, as the SDK's req.Header.Set does.
func setHeader(hs []sign.Header, name, value string) []sign.Header {
	out := hs[:0]
	for _, h := range hs {
		if !strings.EqualFold(h.Name, name) {
			out = append(out, h)
		}
	}
	return append(out, sign.Header{Name: name, Value: value})
}

// setParam drops the parameters named key (case-sensitive, as a server
// reads them) and appends key=value, where the SDK's GetPresignedURL2
// puts the session token.
func setParam(q []sign.Param, key, value string) []sign.Param {
	out := q[:0]
	for _, p := range q {
		if p.Key != key {
			out = append(out, p)
		}
	}
	return append(out, sign.Param{Key: key, Value: value})
}

// isToken reports whether s is an RFC 9110 token (header names, methods).
func isToken(s string) bool { return s != "" && firstNonToken(s) < 0 }

// firstNonToken is the index of the first byte of s that a token cannot
// hold, or -1.
func firstNonToken(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if strings.IndexByte("!#$%&'*+-.^_`|~", c) < 0 {
			return i
		}
	}
	return -1
}

// charName names a byte for an error message.
func charName(c byte) string {
	switch {
	case c == ' ':
		return "a space"
	case c >= 0x80:
		return "a non-ASCII character"
	default:
		return fmt.Sprintf("%q", string(rune(c)))
	}
}
