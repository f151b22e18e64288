package sigv4

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"bucketlab/core/sign"
)

// Every check here turns input Sign cannot sign faithfully into an error
// that says what to write instead; nothing is silently repaired.

// methods are the methods an object store answers (RFC 9110 §9 and PATCH).
var methods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}

func checkMethod(m string) error {
	for _, k := range methods {
		if m == k {
			return nil
		}
	}
	if m == "" {
		return fmt.Errorf("method is empty; write one of %s", strings.Join(methods, ", "))
	}
	for _, k := range methods {
		if strings.EqualFold(m, k) {
			return fmt.Errorf("method %q must be upper case; write %s", m, k)
		}
	}
	return fmt.Errorf("unknown method %q; write one of %s", m, strings.Join(methods, ", "))
}

// tokenChar reports the characters of an RFC 9110 token (a header name).
func tokenChar(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func checkHeaderName(name string) error {
	if name == "" {
		return fmt.Errorf("a header has an empty name; remove it or name it")
	}
	for i := 0; i < len(name); i++ {
		if !tokenChar(name[i]) {
			return fmt.Errorf("header name %q contains %q, which RFC 9110 does not allow in a name; use only letters, digits and !#$%%&'*+-.^_`|~ (e.g. X-Amz-Meta-Color)", name, name[i:i+1])
		}
	}
	return nil
}

// checkHeaderValue refuses what HTTP/1.1 cannot carry in a field value:
// CR and LF (a header value must never smuggle a second header line) and
// the other control characters except tab.
func checkHeaderValue(what, v string) error {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\r' || c == '\n':
			return fmt.Errorf("%s contains a line break (CR or LF), which would end the header; write the value on one line", what)
		case c < 0x20 && c != '\t' || c == 0x7f:
			return fmt.Errorf("%s contains the control character 0x%02X; remove it", what, c)
		}
	}
	return nil
}

// checkScopePart checks a credential-scope component (region, service):
// a '/' or a blank would change the scope's meaning.
func checkScopePart(what, v, example string) error {
	if v == "" {
		return fmt.Errorf("%s is empty; write e.g. %s", what, example)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '/' || c <= ' ' || c >= 0x7f {
			return fmt.Errorf("%s %q contains %q; write only letters, digits and '-', e.g. %s", what, v, v[i:i+1], example)
		}
	}
	return nil
}

func checkCredentials(cred sign.Credentials) error {
	switch {
	case cred.AccessKeyID == "" && cred.SecretAccessKey == "":
		return fmt.Errorf("credentials are missing; enter an access key ID and a secret access key")
	case cred.AccessKeyID == "":
		return fmt.Errorf("access key ID is empty; enter the key ID that goes with the secret, e.g. AKIAIOSFODNN7EXAMPLE")
	case cred.SecretAccessKey == "":
		return fmt.Errorf("secret access key is empty; enter the secret that goes with %s", cred.AccessKeyID)
	}
	for i := 0; i < len(cred.AccessKeyID); i++ {
		if c := cred.AccessKeyID[i]; c == '/' || c == ',' || c <= ' ' || c >= 0x7f {
			return fmt.Errorf("access key ID contains %q, which would break the Credential field; paste the key ID alone, without spaces", cred.AccessKeyID[i:i+1])
		}
	}
	if cred.SessionToken != "" {
		if err := checkHeaderValue("session token", cred.SessionToken); err != nil {
			return err
		}
	}
	return nil
}

func checkTime(t time.Time) error {
	if t.IsZero() {
		return fmt.Errorf("signing time is not set; pass Options.Time (the clock is the caller's), e.g. 2026-11-23T10:00:00Z")
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("signing time %s is outside years 0001–9999; write a real date, e.g. 2026-11-23T10:00:00Z", t.UTC().Format(time.RFC3339))
	}
	return nil
}

func checkExpires(opt Options) error {
	if !opt.Presign {
		if opt.Expires != 0 {
			return fmt.Errorf("expires is set but the header form has no expiry; set Presign for a presigned URL or leave Expires at 0")
		}
		return nil
	}
	switch {
	case opt.Expires < time.Second:
		return fmt.Errorf("a presigned URL needs an expiry between 1 s and 7 days (604800 s); got %v, write e.g. 3600 s", opt.Expires)
	case opt.Expires > MaxExpires:
		return fmt.Errorf("expiry %v is longer than SigV4 allows (7 days, 604800 s); write at most 604800 s", opt.Expires)
	case opt.Expires%time.Second != 0:
		return fmt.Errorf("expiry %v is not a whole number of seconds; write %d s", opt.Expires, int64(opt.Expires/time.Second))
	}
	return nil
}

func checkPath(p string) error {
	if !utf8.ValidString(p) {
		return fmt.Errorf("path %q is not valid UTF-8; object keys are UTF-8 text, re-enter the key as text", p)
	}
	if p != "" && p[0] != '/' {
		return fmt.Errorf("path %q must start with '/'; write /%s", p, p)
	}
	return nil
}

func checkHost(host string) error {
	if host == "" {
		return fmt.Errorf("the request has no host; set Request.Host, e.g. examplebucket.s3.amazonaws.com")
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("/?#@\\", c) >= 0 {
			return fmt.Errorf("host %q contains %q; write only the host name and an optional port, e.g. examplebucket.s3.amazonaws.com (an international name in its xn-- form)", host, host[i:i+1])
		}
	}
	return nil
}

// stripDefaultPort drops :443 from an https host and :80 from an http host:
// clients send the Host header without it, and the SDK signs it so.
func stripDefaultPort(host, scheme string) string {
	switch {
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		return strings.TrimSuffix(host, ":443")
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		return strings.TrimSuffix(host, ":80")
	}
	return host
}

// presignParams are the query parameters a presigned URL carries; a
// request to sign must not already have them.
var presignParams = []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"}

func checkQuery(q []sign.Param, cred sign.Credentials) error {
	for _, p := range q {
		if p.Key == "" {
			return fmt.Errorf("a query parameter has an empty name (value %q); remove it or name it", p.Value)
		}
		if !utf8.ValidString(p.Key) || !utf8.ValidString(p.Value) {
			return fmt.Errorf("query parameter %q is not valid UTF-8; re-enter it as text", p.Key)
		}
		if p.NoValue && p.Value != "" {
			return fmt.Errorf("query parameter %q is marked as having no value but has the value %q; write %s=%s or %s alone", p.Key, p.Value, p.Key, p.Value, p.Key)
		}
		for _, r := range presignParams {
			if strings.EqualFold(p.Key, r) {
				return fmt.Errorf("query parameter %s belongs to an already presigned URL; remove it (Sign adds the X-Amz-* parameters of a presigned URL itself)", p.Key)
			}
		}
		if cred.SessionToken != "" && strings.EqualFold(p.Key, "X-Amz-Security-Token") {
			return fmt.Errorf("query parameter X-Amz-Security-Token conflicts with the session token in the credentials; remove one of them")
		}
	}
	return nil
}

// payloadHash decides the HashedPayload line.
func payloadHash(opt Options, body []byte, bodyHash string) (string, error) {
	ph := opt.PayloadHash
	switch {
	case ph == "":
		if opt.S3 && opt.Presign {
			return UnsignedPayload, nil
		}
		return bodyHash, nil
	case ph == UnsignedPayload:
		if !opt.S3 {
			return "", fmt.Errorf("UNSIGNED-PAYLOAD is an S3 extension; select S3, or leave the payload hash empty so the body is hashed")
		}
		return ph, nil
	case strings.HasPrefix(ph, "STREAMING-"):
		return "", fmt.Errorf("payload hash %s (aws-chunked streaming) is not supported; leave it empty so the body is hashed, or write UNSIGNED-PAYLOAD for S3", ph)
	case len(ph) == 64 && isHex(ph):
		if lower := strings.ToLower(ph); lower != ph {
			return "", fmt.Errorf("payload hash must be lower-case hex; write %s", lower)
		}
		if len(body) > 0 && ph != bodyHash {
			return "", fmt.Errorf("payload hash %s is not the SHA-256 of the body (%s); leave it empty so the body is hashed", ph, bodyHash)
		}
		return ph, nil
	}
	return "", fmt.Errorf("payload hash %q is neither 64 hex digits (SHA-256) nor UNSIGNED-PAYLOAD; leave it empty so the body is hashed", ph)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
