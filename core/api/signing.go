package api

import (
	"fmt"
	"strings"
	"time"

	"bucketlab/core/provider"
	"bucketlab/core/sign"
	"bucketlab/core/sign/cossign"
	"bucketlab/core/sign/qssign"
	"bucketlab/core/sign/sigv4"
)

// httpDate is the HTTP date format (RFC 9110 IMF-fixdate), always GMT.
const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

// Credentials are the user's keys. They exist only for the duration of a call.
type Credentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken,omitempty"`
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

// signOptions are the scheme-independent signing choices.
type signOptions struct {
	time        time.Time
	expires     time.Duration // presigned validity; COS signature window
	presign     bool
	signHeaders []string
	region      string
	vhostBucket string
}

// defaultExpiry is the COS SDK's default signature window (NewAuthTime)
// and a sensible presigned-URL lifetime.
const defaultExpiry = time.Hour

// parseTime reads the RFC 3339 signing time the caller supplies: the core
// never reads a clock.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("enter the signing time (RFC 3339, e.g. 2026-11-23T10:00:00Z)")
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not RFC 3339; write e.g. 2026-11-23T10:00:00Z", s)
	}
	return t.UTC(), nil
}

func checkCredentials(c Credentials) error {
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return fmt.Errorf("enter an access key id and a secret access key to sign the request")
	}
	// Keys travel in header values (Authorization, the session token's header): a CR or LF
	// there would end the header and let the rest pose as another. Every scheme refuses them.
	for _, f := range []struct{ name, v string }{{"access key ID", c.AccessKeyID}, {"secret access key", c.SecretAccessKey}, {"session token", c.SessionToken}} {
		if i := strings.IndexFunc(f.v, isControl); i >= 0 {
			return fmt.Errorf("the %s contains the control character %q (a line break, a tab…); paste it again as one line, without spaces", f.name, f.v[i:i+1])
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// signFor signs r with the provider's scheme and renders the result.
func signFor(p provider.ID, r sign.Request, c Credentials, o signOptions) (*SignedRequest, error) {
	for _, h := range r.Headers {
		if strings.ContainsAny(h.Value, "\r\n") || strings.ContainsAny(h.Name, "\r\n :") {
			return nil, fmt.Errorf("header %q contains a line break or a character header names do not allow; remove it (a CR or LF would let a value smuggle in another header)", h.Name)
		}
	}
	cred := sign.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
	expires := o.expires
	if expires == 0 {
		expires = defaultExpiry
	}
	var s sign.Signed
	var err error
	switch p {
	case provider.QingStor:
		opt := qssign.Options{Bucket: o.vhostBucket}
		if o.presign {
			opt.Expires = o.time.Add(expires).Unix()
		} else {
			r.Headers = sign.Set(r.Headers, "Date", o.time.Format(httpDate))
		}
		if c.SessionToken != "" {
			return nil, fmt.Errorf("QingStor signatures take no session token; leave it empty")
		}
		s = qssign.Sign(r, cred, opt)
	case provider.COS:
		s, err = cossign.Sign(r, cred, cossign.Options{SignStart: o.time, SignEnd: o.time.Add(expires), SignHeaders: o.signHeaders, Query: o.presign})
	case provider.S3:
		s, err = sigv4.Sign(r, cred, sigv4.Options{Time: o.time, Region: o.region, Service: "s3", S3: true,
			Presign: o.presign, Expires: expiresIf(o.presign, expires), SignedHeaders: o.signHeaders})
	default:
		return nil, fmt.Errorf("unknown provider %q", p)
	}
	if err != nil {
		return nil, err
	}
	// Whatever a scheme put in a header from its inputs, nothing signed may carry a line break.
	for _, h := range s.Headers {
		if strings.ContainsAny(h.Name+h.Value, "\r\n") {
			return nil, fmt.Errorf("the signed header %q would contain a line break; remove line breaks from the keys and fields", h.Name)
		}
	}
	return &SignedRequest{Method: s.Method, URL: s.URL, Headers: nonNil(s.Headers), Body: string(s.Body), Steps: s.Steps, HTTP: s.HTTP(), Curl: s.Curl()}, nil
}

func expiresIf(presign bool, d time.Duration) time.Duration {
	if presign {
		return d
	}
	return 0
}

func nonNil(h []sign.Header) []sign.Header {
	if h == nil {
		return []sign.Header{}
	}
	return h
}

// secondsOr turns a caller's expiry in seconds into a duration; 0 means the
// default.
func secondsOr(sec int64) time.Duration {
	if sec <= 0 {
		return defaultExpiry
	}
	return time.Duration(sec) * time.Second
}
