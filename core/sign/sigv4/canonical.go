package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
)

// The steps of SigV4, each named after the term AWS's documentation uses
// ("Create a canonical request", "Create a string to sign", "Calculate the
// signature"): https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html

const (
	timeFormat  = "20060102T150405Z" // X-Amz-Date
	dateFormat  = "20060102"         // the date of the credential scope
	upperHex    = "0123456789ABCDEF"
	termination = "aws4_request"
)

// unreserved reports the RFC 3986 unreserved characters, the only bytes
// UriEncode leaves alone.
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// uriEncode is AWS's UriEncode: every byte but A-Z a-z 0-9 - . _ ~ becomes
// %XX in upper-case hex (a space is %20, never '+'); '/' is kept when
// keepSlash (paths) and encoded otherwise (query names and values).
func uriEncode(s string, keepSlash bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || c == '/' && keepSlash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

// pathSafe are the reserved characters Go's url.URL.EscapedPath leaves raw
// in a path (RFC 3986 pchar sub-delims, ':' and '@').
func pathSafe(c byte) bool { return strings.IndexByte("$&+,/:;=@", c) >= 0 }

// wirePath is the decoded path as the request line carries it. S3: the
// UriEncode of the key ('/' kept), which is also its canonical URI. Other
// services: what Go's url.URL.EscapedPath produces, as the SDK sends it.
func wirePath(path string, s3 bool) string {
	if s3 {
		return uriEncode(path, true)
	}
	var b strings.Builder
	b.Grow(len(path))
	for i := 0; i < len(path); i++ {
		c := path[i]
		if unreserved(c) || pathSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

// normalizePath removes dot segments (RFC 3986 §5.2.4) and empty segments
// (repeated '/'), keeping a trailing '/'.
func normalizePath(p string) string {
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	trailing := false
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case "", ".":
			trailing = last
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			trailing = last
		default:
			out = append(out, s)
			trailing = false
		}
	}
	if len(out) == 0 {
		return "/"
	}
	res := "/" + strings.Join(out, "/")
	if trailing {
		res += "/"
	}
	return res
}

// canonicalURI is the CanonicalURI line. S3: the path as sent. Other
// services: the path as sent, normalised, URI-encoded once more ("each path
// segment URI-encoded twice").
func canonicalURI(wire string, s3, normalize bool) string {
	if wire == "" {
		wire = "/"
	}
	if s3 {
		return wire
	}
	if normalize {
		wire = normalizePath(wire)
	}
	return uriEncode(wire, true)
}

// param is one decoded query parameter.
type param struct{ key, value string }

// canonicalQueryString is the CanonicalQueryString line: every name and
// value UriEncoded, sorted by encoded name then encoded value, "name=value"
// joined with '&'; a parameter without value is "name=".
func canonicalQueryString(params []param) string {
	enc := make([]param, len(params))
	for i, p := range params {
		enc[i] = param{uriEncode(p.key, false), uriEncode(p.value, false)}
	}
	sort.Slice(enc, func(i, j int) bool {
		if enc[i].key != enc[j].key {
			return enc[i].key < enc[j].key
		}
		return enc[i].value < enc[j].value
	})
	parts := make([]string, len(enc))
	for i, p := range enc {
		parts[i] = p.key + "=" + p.value
	}
	return strings.Join(parts, "&")
}

// field is one signed header: lower-case name, values in request order.
type field struct {
	name   string
	values []string
}

// trimall trims a header value and collapses each run of spaces to one, as
// the SDK does (StripExcessSpaces, then strings.TrimSpace): tabs inside a
// value are kept.
func trimall(v string) string {
	v = strings.Trim(v, " ")
	if strings.Contains(v, "  ") {
		var b strings.Builder
		b.Grow(len(v))
		space := false
		for i := 0; i < len(v); i++ {
			if v[i] == ' ' {
				if space {
					continue
				}
				space = true
			} else {
				space = false
			}
			b.WriteByte(v[i])
		}
		v = b.String()
	}
	return strings.TrimSpace(v)
}

// canonicalHeaders is the CanonicalHeaders block (each "name:value\n",
// sorted by name, repeated values trimmed and joined with ',') and the
// SignedHeaders line (the names joined with ';').
func canonicalHeaders(fields []field, sortValues bool) (canonical, signed string) {
	sorted := append([]field(nil), fields...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	var b strings.Builder
	names := make([]string, len(sorted))
	for i, f := range sorted {
		names[i] = f.name
		vals := make([]string, len(f.values))
		for j, v := range f.values {
			vals[j] = trimall(v)
		}
		if sortValues {
			sort.Strings(vals)
		}
		b.WriteString(f.name + ":" + strings.Join(vals, ",") + "\n")
	}
	return b.String(), strings.Join(names, ";")
}

// canonicalRequest joins the six lines; CanonicalHeaders already ends in
// '\n', so a blank line precedes SignedHeaders.
func canonicalRequest(method, uri, query, headers, signedHeaders, payloadHash string) string {
	return method + "\n" + uri + "\n" + query + "\n" + headers + "\n" + signedHeaders + "\n" + payloadHash
}

// credentialScope is <YYYYMMDD>/<region>/<service>/aws4_request.
func credentialScope(t time.Time, region, service string) string {
	return t.Format(dateFormat) + "/" + region + "/" + service + "/" + termination
}

// hashHex is the lower-case hex SHA-256 of s.
func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// stringToSign is the algorithm, the timestamp, the scope and the hashed
// canonical request, one a line, with no trailing newline.
func stringToSign(t time.Time, scope, hashedCanonicalRequest string) string {
	return Algorithm + "\n" + t.Format(timeFormat) + "\n" + scope + "\n" + hashedCanonicalRequest
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// signingKey is HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
func signingKey(secret string, t time.Time, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), t.Format(dateFormat))
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, termination)
}

// signature is the hex HMAC-SHA256 of the string to sign under the signing key.
func signature(key []byte, sts string) string {
	return hex.EncodeToString(hmacSHA256(key, sts))
}

// authorization is the Authorization header value, with ", " between the
// parts as the SDK and the test suites write it.
func authorization(accessKeyID, scope, signedHeaders, sig string) string {
	return Algorithm + " Credential=" + accessKeyID + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + sig
}
