package sigv4

import "strings"

// The header rules below are aws-sdk-go-v2 v1.47.7's
// aws/signer/internal/v4/headers.go, matched the way the SDK matches them:
// the map rules compare the canonical MIME form of the name exactly (so the
// SDK's spelling "X-Amz-Grant-Full-control" never matches the canonical
// "X-Amz-Grant-Full-Control", which is therefore moved into the query of a
// presigned URL), the patterns compare a case-insensitive prefix.

// ignoredHeader are never signed (IgnoredHeaders).
var ignoredHeader = map[string]bool{
	"Authorization":     true,
	"User-Agent":        true,
	"X-Amzn-Trace-Id":   true,
	"Expect":            true,
	"Transfer-Encoding": true,
}

// requiredSignedHeaders stay headers in a presigned request
// (RequiredSignedHeaders); every other X-Amz-* header moves into the query.
var requiredSignedHeaders = map[string]bool{
	"Cache-Control":                         true,
	"Content-Disposition":                   true,
	"Content-Encoding":                      true,
	"Content-Language":                      true,
	"Content-Md5":                           true,
	"Content-Type":                          true,
	"Expires":                               true,
	"If-Match":                              true,
	"If-Modified-Since":                     true,
	"If-None-Match":                         true,
	"If-Unmodified-Since":                   true,
	"Range":                                 true,
	"X-Amz-Acl":                             true,
	"X-Amz-Copy-Source":                     true,
	"X-Amz-Copy-Source-If-Match":            true,
	"X-Amz-Copy-Source-If-Modified-Since":   true,
	"X-Amz-Copy-Source-If-None-Match":       true,
	"X-Amz-Copy-Source-If-Unmodified-Since": true,
	"X-Amz-Copy-Source-Range":               true,
	"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Algorithm": true,
	"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key":       true,
	"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key-Md5":   true,
	"X-Amz-Grant-Full-control":                                    true, // sic, as in the SDK
	"X-Amz-Grant-Read":                                            true,
	"X-Amz-Grant-Read-Acp":                                        true,
	"X-Amz-Grant-Write":                                           true,
	"X-Amz-Grant-Write-Acp":                                       true,
	"X-Amz-Metadata-Directive":                                    true,
	"X-Amz-Mfa":                                                   true,
	"X-Amz-Server-Side-Encryption":                                true,
	"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id":                 true,
	"X-Amz-Server-Side-Encryption-Context":                        true,
	"X-Amz-Server-Side-Encryption-Customer-Algorithm":             true,
	"X-Amz-Server-Side-Encryption-Customer-Key":                   true,
	"X-Amz-Server-Side-Encryption-Customer-Key-Md5":               true,
	"X-Amz-Storage-Class":                                         true,
	"X-Amz-Website-Redirect-Location":                             true,
	"X-Amz-Content-Sha256":                                        true,
	"X-Amz-Tagging":                                               true,
}

// hoistLowerCase are hoisted under a lower-case name (S3 wants them so; the
// SDK's buildQuery, issues #2508 and #2764).
var hoistLowerCase = map[string]string{
	"X-Amz-Expected-Bucket-Owner": "x-amz-expected-bucket-owner",
	"X-Amz-Request-Payer":         "x-amz-request-payer",
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// requiredSignedHeader reports whether canonical name ck is on the SDK's
// list of headers that a presigned request keeps as headers.
func requiredSignedHeader(ck string) bool {
	if requiredSignedHeaders[ck] {
		return true
	}
	if hasPrefixFold(ck, "X-Amz-Checksum-") && !hasPrefixFold(ck, "X-Amz-Checksum-Mode") {
		return true
	}
	return hasPrefixFold(ck, "X-Amz-Object-Lock-") || hasPrefixFold(ck, "X-Amz-Meta-")
}

// hoistName is the query name a presigned request gives header ck, or ""
// if the header stays a header (AllowedQueryHoisting).
func hoistName(ck string) string {
	if n, ok := hoistLowerCase[ck]; ok {
		ck = n
	}
	if requiredSignedHeader(ck) || !hasPrefixFold(ck, "X-Amz-") {
		return ""
	}
	return ck
}

// canonicalKey is textproto.CanonicalMIMEHeaderKey for a valid token (which
// every name is, after validation): the first letter and each letter after
// '-' upper case, the rest lower case. The SDK sees names in this form.
func canonicalKey(name string) string {
	b := []byte(name)
	upper := true
	for i, c := range b {
		switch {
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b[i] = c
		upper = c == '-'
	}
	return string(b)
}
