// Package digest computes the digests that requests carry over exact bytes.
package digest

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// ContentMD5 is the Content-MD5 header value: base64 of the MD5 of body
// (RFC 1864), over exactly the bytes sent.
func ContentMD5(body []byte) string {
	sum := md5.Sum(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// SHA256Hex is the lower-case hex SHA-256 of body.
func SHA256Hex(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
