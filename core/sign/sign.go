// Package sign holds what every signature scheme shares: the request to
// sign, the credentials, the signed result with every intermediate step, and
// the renderings of a signed request as raw HTTP text and as a curl command.
// The schemes themselves live in sub-packages; none reads a clock.
package sign

import (
	"strconv"
	"strings"
)

// Header is one request header; order is kept and duplicates are allowed.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Param is one query parameter, decoded. NoValue marks "?cors" (no '=').
type Param struct {
	Key     string
	Value   string
	NoValue bool
}

// Request is what a scheme signs.
type Request struct {
	Method  string
	Scheme  string // "https" unless an endpoint says otherwise
	Host    string
	Path    string // decoded, starting with "/"
	Query   []Param
	Headers []Header
	Body    []byte
}

// Credentials are the user's keys; they never leave the page.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
}

// Step is one intermediate value, named as the provider's documentation
// names it, so a user can compare it with what the server reports.
type Step struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Signed is a request ready to send.
type Signed struct {
	Method  string
	URL     string
	Headers []Header
	Body    []byte
	Steps   []Step
}

// Get returns the first value of header name (case-insensitive).
func Get(headers []Header, name string) (string, bool) {
	for _, h := range headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// Set replaces header name, or appends it.
func Set(headers []Header, name, value string) []Header {
	for i, h := range headers {
		if strings.EqualFold(h.Name, name) {
			headers[i].Value = value
			return headers
		}
	}
	return append(headers, Header{Name: name, Value: value})
}

// HTTP renders the request as HTTP/1.1 text, as it goes on the wire.
func (s Signed) HTTP() string {
	target := s.URL
	if i := strings.Index(target, "://"); i >= 0 {
		target = target[i+3:]
		if j := strings.IndexByte(target, '/'); j >= 0 {
			target = target[j:]
		} else {
			target = "/"
		}
	}
	var b strings.Builder
	b.WriteString(s.Method + " " + target + " HTTP/1.1\r\n")
	for _, h := range s.Headers {
		b.WriteString(h.Name + ": " + h.Value + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(s.Body)
	return b.String()
}

// Curl renders a curl command that sends exactly this request. Host and
// Content-Length are left to curl, which derives the same values.
func (s Signed) Curl() string {
	var b strings.Builder
	b.WriteString("curl -X " + s.Method + " " + shellQuote(s.URL))
	for _, h := range s.Headers {
		if strings.EqualFold(h.Name, "Host") || strings.EqualFold(h.Name, "Content-Length") {
			continue
		}
		b.WriteString(" \\\n  -H " + shellQuote(h.Name+": "+h.Value))
	}
	if len(s.Body) > 0 {
		b.WriteString(" \\\n  --data-binary " + shellQuote(string(s.Body)))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell: single quotes, with ' written '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ContentLength is the decimal length of body.
func ContentLength(body []byte) string { return strconv.Itoa(len(body)) }
