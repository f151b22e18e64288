package api

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"bucketlab/core/provider"
)

// DiffRequest is the request of the "diffSignature" op: a sign request and
// what the server said it computed, as separate strings or as the raw
// error body (S3's or COS's SignatureDoesNotMatch XML).
type DiffRequest struct {
	SignRequest
	// Compose, when set, compares the request "compose" builds for a
	// document instead of a plain sign request (what the page shows).
	Compose                *ComposeRequest `json:"compose,omitempty"`
	ServerStringToSign     string          `json:"serverStringToSign,omitempty"`
	ServerCanonicalRequest string          `json:"serverCanonicalRequest,omitempty"` // S3 CanonicalRequest, COS FormatString
	ErrorBody              string          `json:"errorBody,omitempty"`
}

// Comparison is one of our intermediate strings beside the server's.
type Comparison struct {
	Name   string `json:"name"`
	Match  bool   `json:"match"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
	// Where they first differ: byte offset, and line (1-based) and column
	// (1-based, code points) in our string. -1 when they match.
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Column int `json:"column"`
	// The differing line of each, for display one above the other.
	OursLine   string `json:"oursLine,omitempty"`
	TheirsLine string `json:"theirsLine,omitempty"`
	Cause      string `json:"cause,omitempty"`
}

// DiffValue is the value of "diffSignature".
type DiffValue struct {
	Request     *SignedRequest `json:"request"`
	Comparisons []Comparison   `json:"comparisons"`
	// Summary names the likely cause of the first difference, or says the
	// strings match (then the secret key is the likely culprit).
	Summary string `json:"summary"`
}

func opDiffSignature(raw []byte) (result, error) {
	var req DiffRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	var ours *SignedRequest
	if req.Compose != nil {
		req.Compose.CheckRequest.Bucket = req.Compose.Bucket
		cv, _, err := check(req.Compose.CheckRequest)
		if err != nil {
			return result{}, err
		}
		if cv.Wire == nil {
			return result{}, badf("the document has errors; fix them before comparing signatures")
		}
		if ours, err = compose(*req.Compose, cv); err != nil {
			return result{}, badf("%v", err)
		}
		req.Provider = cv.Provider
	} else {
		signRaw, _ := json.Marshal(req.SignRequest)
		signed, err := opSign(signRaw)
		if err != nil {
			return result{}, err
		}
		ours = signed.value.(*SignedRequest)
	}
	sts, creq := req.ServerStringToSign, req.ServerCanonicalRequest
	if req.ErrorBody != "" {
		s, c, err := parseErrorBody(req.ErrorBody)
		if err != nil {
			return result{}, err
		}
		if sts == "" {
			sts = s
		}
		if creq == "" {
			creq = c
		}
	}
	if sts == "" && creq == "" {
		return result{}, badf("paste the server's error body, or its StringToSign (and CanonicalRequest or FormatString), to compare")
	}
	step := func(name string) string {
		for _, s := range ours.Steps {
			if s.Name == name {
				return s.Value
			}
		}
		return ""
	}
	p := provider.ID(req.Provider)
	var out DiffValue
	out.Request = ours
	if creq != "" {
		name := map[provider.ID]string{provider.S3: "CanonicalRequest", provider.COS: "HttpString", provider.QingStor: "StringToSign"}[p]
		out.Comparisons = append(out.Comparisons, compare(name, step(name), creq, p))
	}
	if sts != "" {
		out.Comparisons = append(out.Comparisons, compare("StringToSign", step("StringToSign"), sts, p))
	}
	out.Summary = "the strings match: the server computed what we signed, so the secret key (or the access key id it belongs to) is the likely difference — check for a copied space or a key from another account"
	for _, c := range out.Comparisons {
		if !c.Match {
			out.Summary = fmt.Sprintf("%s differs at line %d, column %d: %s", c.Name, c.Line, c.Column, c.Cause)
			break
		}
	}
	return result{value: out}, nil
}

// parseErrorBody reads S3's or COS's SignatureDoesNotMatch error XML.
func parseErrorBody(body string) (sts, creq string, err error) {
	var e struct {
		Code             string
		StringToSign     string
		CanonicalRequest string
		FormatString     string
	}
	if err := xml.Unmarshal([]byte(strings.TrimSpace(body)), &e); err != nil {
		return "", "", badf("the error body is not the XML the server returns (<Error><Code>…): %v", err)
	}
	if e.StringToSign == "" && e.CanonicalRequest == "" && e.FormatString == "" {
		return "", "", badf("the error body (code %q) has no <StringToSign>, <CanonicalRequest> or <FormatString> to compare", e.Code)
	}
	creq = e.CanonicalRequest
	if creq == "" {
		creq = e.FormatString
	}
	return e.StringToSign, creq, nil
}

func compare(name, ours, theirs string, p provider.ID) Comparison {
	// Servers' XML may carry the strings with \r\n or a trailing newline
	// that was never signed; compare what was meant.
	theirs = strings.ReplaceAll(theirs, "\r\n", "\n")
	c := Comparison{Name: name, Ours: ours, Theirs: theirs, Offset: -1, Line: -1, Column: -1, Match: ours == theirs}
	if c.Match {
		return c
	}
	off := 0
	for off < len(ours) && off < len(theirs) && ours[off] == theirs[off] {
		off++
	}
	c.Offset = off
	line := strings.Count(ours[:off], "\n")
	c.Line = line + 1
	lineStart := strings.LastIndexByte(ours[:off], '\n') + 1
	c.Column = utf8.RuneCountInString(ours[lineStart:off]) + 1
	ol, tl := lineAt(ours, line), lineAt(theirs, line)
	c.OursLine, c.TheirsLine = ol, tl
	c.Cause = cause(p, name, line, ol, tl)
	return c
}

func lineAt(s string, i int) string {
	lines := strings.Split(s, "\n")
	if i < len(lines) {
		return lines[i]
	}
	return "(no such line)"
}

// cause names the likely reason two strings differ at a line, from the
// layout of each scheme's strings (SIGNING.md).
func cause(p provider.ID, name string, line int, ours, theirs string) string {
	switch {
	case p == provider.S3 && name == "StringToSign":
		switch line {
		case 0:
			return "the algorithm differs: sign with AWS4-HMAC-SHA256"
		case 1:
			return "the request time differs (X-Amz-Date): your clock is off, or the time you signed with is not the one sent"
		case 2:
			return "the credential scope differs (date/region/service): check the region of the bucket and the service name \"s3\""
		case 3:
			return "the hash of the canonical request differs: compare the CanonicalRequest below"
		}
	case p == provider.S3 && name == "CanonicalRequest":
		return canonicalLineCause(ours, theirs, line, []string{
			"the HTTP method differs",
			"the path differs: the object key's encoding (S3 encodes the path once; spaces as %20, not +)",
			"the query string differs: its encoding or order (sorted by name, %20 for spaces)",
		})
	case p == provider.COS && name == "StringToSign":
		switch line {
		case 0:
			return "the algorithm differs: q-sign-algorithm=sha1"
		case 1:
			return "the sign time (q-sign-time) differs: your clock is off, or the window you signed is not the one sent"
		case 2:
			return "the SHA-1 of the HttpString differs: compare the FormatString (HttpString) below"
		}
	case p == provider.COS:
		return canonicalLineCause(ours, theirs, line, []string{
			"the HTTP method differs (COS lower-cases it)",
			"the path differs: the object key's encoding",
			"the query parameters differ: a parameter added, changed or encoded differently",
			"the signed headers differ: a header signed but changed or dropped in transit (Content-MD5, Content-Type, Host …)",
		})
	case p == provider.QingStor:
		switch {
		case line == 0:
			return "the HTTP method differs"
		case line == 1:
			return "Content-MD5 differs: the body changed after signing, or Content-MD5 was signed but not sent (or the reverse)"
		case line == 2:
			return "Content-Type differs: a client or proxy set another Content-Type than the one signed"
		case line == 3:
			return "the Date line differs: your clock is off, or x-qs-date was sent (then the Date line must be empty)"
		case strings.HasPrefix(ours, "x-qs-") || strings.HasPrefix(theirs, "x-qs-"):
			return "an x-qs-* header differs: it was changed, added or dropped after signing"
		default:
			return "the canonicalized resource differs: the bucket (virtual-host vs path style), the key's encoding or the signed sub-resources (?acl, ?cors …)"
		}
	}
	return "the strings differ here"
}

// canonicalLineCause names the cause for a line of a canonical request:
// the first lines are fixed (method, path, query); later ones are headers.
func canonicalLineCause(ours, theirs string, line int, fixed []string) string {
	if line < len(fixed) {
		return fixed[line]
	}
	on, _, _ := strings.Cut(ours, ":")
	tn, _, _ := strings.Cut(theirs, ":")
	switch {
	case strings.Contains(ours, ";") && !strings.Contains(ours, ":"):
		return "the list of signed headers differs: a header was signed that the server did not receive, or the reverse"
	case on == tn && on != "":
		return fmt.Sprintf("header %q was signed with one value and arrived with another (a proxy or the client changed it)", on)
	case len(ours) == 64 || ours == "UNSIGNED-PAYLOAD":
		return "the payload hash differs: the body changed after signing, or x-amz-content-sha256 does not match it"
	default:
		return fmt.Sprintf("the signed headers differ: we have %q where the server has %q", on, tn)
	}
}
