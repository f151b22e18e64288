// Package sigv4 implements AWS Signature Version 4 (AWS4-HMAC-SHA256), in
// the header form (Authorization) and the presigned-URL form, for S3 and for
// other services. SIGNING.md §3 states the scheme. aws-sdk-go-v2's
// aws/signer/v4 is the reference: for the same request Sign produces the same
// Authorization header and the same presigned URL, byte for byte
// (sdk_test.go), and it reproduces the published test suites
// (vectors_test.go).
//
// Which headers are signed is exactly what the SDK signs:
//
//   - host, always (the request's Host, without a default port);
//   - every request header except Authorization, User-Agent,
//     X-Amzn-Trace-Id, Expect and Transfer-Encoding, and except a
//     Content-Length of 0 (the SDK signs content-length only when the length
//     is positive);
//   - the headers Sign adds: X-Amz-Date, X-Amz-Security-Token (with a
//     session token) and, for S3, X-Amz-Content-Sha256;
//   - presigned form: X-Amz-* headers that are not on the SDK's list of
//     headers S3 must see as headers (X-Amz-Acl, X-Amz-Meta-*,
//     X-Amz-Storage-Class, …; see requiredSignedHeader) are moved into the
//     query, where they are signed as parameters;
//   - Options.SignedHeaders adds headers the rules above leave out.
//
// Nothing here reads a clock: the time is Options.Time.
package sigv4

import (
	"time"

	"bucketlab/core/sign"
)

// Options select the flavour and the form of the signature.
type Options struct {
	// Time is the signing time (required); it becomes X-Amz-Date and the
	// date of the credential scope.
	Time time.Time
	// Region and Service make the credential scope, e.g. "us-east-1", "s3".
	Region, Service string
	// S3 selects the S3 flavour: the path is URI-encoded once and never
	// normalised, the header form carries x-amz-content-sha256, and
	// UNSIGNED-PAYLOAD is allowed. Other services get the path normalised
	// (RFC 3986 dot segments, repeated '/') and encoded twice.
	S3 bool
	// PayloadHash is the hex SHA-256 of the body. Empty means: computed from
	// Request.Body, except for an S3 presigned URL, where it means
	// UNSIGNED-PAYLOAD (what S3 expects of a URL handed to someone else).
	// "UNSIGNED-PAYLOAD" is allowed for S3 only.
	PayloadHash string
	// Presign produces a presigned URL (X-Amz-* query parameters) instead
	// of an Authorization header; Expires (1 s … 7 days, whole seconds) is
	// then required.
	Presign bool
	Expires time.Duration
	// SignedHeaders names request headers to sign that the default rules
	// leave out (User-Agent, Expect, a Content-Length of 0, or, presigned,
	// an X-Amz-* header that would otherwise move into the query). Each must
	// be present in the request.
	SignedHeaders []string
}

// Algorithm is the name of the scheme, the first word of Authorization.
const Algorithm = "AWS4-HMAC-SHA256"

// UnsignedPayload is the payload hash S3 accepts for a body left unsigned.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// MaxExpires is the longest validity of a presigned URL.
const MaxExpires = 7 * 24 * time.Hour

// Sign signs req. In the header form the result carries X-Amz-Date,
// X-Amz-Security-Token (with a session token), X-Amz-Content-Sha256 (S3)
// and Authorization; in the presigned form its URL carries the signature.
// Steps holds every intermediate value, named as AWS documents them.
// Wrong input gives an error that says what to write instead.
func Sign(req sign.Request, cred sign.Credentials, opt Options) (sign.Signed, error) {
	return signVariant(req, cred, opt, variant{})
}

// variant reproduces conventions of the published test suites that Sign
// itself never uses; only the vector tests set it.
type variant struct {
	// rawPath, when set, is the path exactly as it appears on the request
	// line, used instead of encoding Request.Path. The 2015 and CRT suites
	// write raw spaces and UTF-8 there ("GET /example space/"), which no
	// valid request carries.
	rawPath string
	// noNormalize keeps dot segments and repeated '/' for a non-S3 service
	// (the CRT suite's "normalize": false).
	noNormalize bool
	// dateHeader: the request's Date header carries the time and no
	// X-Amz-Date is added (the 2011 suite).
	dateHeader bool
	// sortValues sorts the values of a repeated header (the 2011 suite;
	// SigV4 today keeps request order).
	sortValues bool
}
