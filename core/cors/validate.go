package cors

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"bucketlab/core/diag"
	"bucketlab/core/internal/typo"
	"bucketlab/core/provider"
)

// Validate checks cfg against the provider's rules. It collects every
// problem; it never stops at the first.
func Validate(cfg Config, p provider.CORSProfile) diag.List {
	var out diag.List
	if len(cfg.Rules) == 0 {
		out.Add(diag.New(diag.CORSRulesMissing, "/rules", "the configuration has no CORS rule; add at least one rule with an origin and methods"))
	}
	if p.MaxRules > 0 && len(cfg.Rules) > p.MaxRules {
		out.Add(diag.New(diag.CORSTooManyRules, "/rules", fmt.Sprintf("%d rules; the service accepts at most %d", len(cfg.Rules), p.MaxRules)))
	}
	for i, r := range cfg.Rules {
		validateRule(&out, fmt.Sprintf("/rules/%d", i), r, p)
	}
	if p.RespVary && cfg.RespVary != "" {
		switch strings.ToLower(cfg.RespVary) {
		case "enabled", "disabled":
		case "enable", "disable":
			d := diag.New(diag.CORSRespVarySpelling, "/respVary", fmt.Sprintf("resp_vary %q: the API reference names the values \"enabled\" and \"disabled\"", cfg.RespVary))
			d.Suggestion = strconv.Quote(strings.ToLower(cfg.RespVary) + "d")
			out.Add(d)
		default:
			out.Add(diag.New(diag.CORSRespVaryInvalid, "/respVary", fmt.Sprintf("resp_vary %q is not allowed; write \"enabled\" or \"disabled\"", cfg.RespVary)))
		}
	}
	return out
}

func validateRule(out *diag.List, path string, r Rule, p provider.CORSProfile) {
	if len(r.AllowedOrigins) == 0 {
		what := "at least one allowed origin"
		if p.SingleOrigin {
			what = "\"allowed_origin\", e.g. \"http://*.example.com\""
		}
		out.Add(diag.New(diag.CORSOriginMissing, path+"/allowedOrigins", "the rule has no allowed origin; add "+what))
	}
	anyOrigin := false
	for j, o := range r.AllowedOrigins {
		op := fmt.Sprintf("%s/allowedOrigins/%d", path, j)
		switch {
		case o == "" && p.EmptyOriginAccepted:
			d := diag.New(diag.CORSOriginInvalid, op, "the origin is empty; the service stores it, but it matches no browser; write a scheme and host such as \"https://www.example.com\", or \"*\"")
			d.Severity = diag.Warning
			out.Add(d)
		case strings.TrimSpace(o) == "":
			out.Add(diag.New(diag.CORSOriginInvalid, op, "the origin is empty; write a scheme and host such as \"https://www.example.com\", or \"*\""))
		case strings.ContainsAny(o, " \t\r\n"):
			out.Add(diag.New(diag.CORSOriginInvalid, op, fmt.Sprintf("origin %q contains white space; write one origin without spaces", o)))
		case strings.IndexFunc(o, unicode.IsControl) >= 0:
			out.Add(diag.New(diag.CORSOriginInvalid, op, fmt.Sprintf("origin %q contains a control character; write a scheme and host such as \"https://www.example.com\"", o)))
		case o != "*" && o != "null" && !strings.Contains(o, "*") && !strings.Contains(o, "://"):
			// The services store it; it can never equal a browser's Origin.
			d := diag.New(diag.CORSOriginInvalid, op, fmt.Sprintf("origin %q has no scheme, so it never matches a browser's Origin; write e.g. \"https://%s\"", o, o))
			d.Severity = diag.Warning
			d.Suggestion = strconv.Quote("https://" + o)
			out.Add(d)
		case strings.Count(o, "*") > 1:
			out.Add(diag.New(diag.CORSOriginWildcards, op, fmt.Sprintf("origin %q has %d '*'; an origin may hold at most one, e.g. \"https://*.example.com\"", o, strings.Count(o, "*"))))
		}
		if o == "*" {
			anyOrigin = true
		}
	}

	if len(r.AllowedMethods) == 0 {
		example := p.MethodsExample
		if example == "" {
			example = "at least one of " + strings.Join(p.Methods, ", ")
		} else {
			example = "e.g. " + example
		}
		out.Add(diag.New(diag.CORSMethodsMissing, path+"/allowedMethods", "the rule has no allowed method; add "+example))
	}
	seen := map[string]bool{}
	writes := []string{}
	for j, m := range r.AllowedMethods {
		mp := fmt.Sprintf("%s/allowedMethods/%d", path, j)
		if !contains(p.Methods, m) {
			d := diag.New(diag.CORSMethodUnknown, mp, "")
			if up := strings.ToUpper(m); contains(p.Methods, up) {
				d.Message = fmt.Sprintf("method %q must be upper-case: %q", m, up)
				d.Suggestion = strconv.Quote(up)
			} else if m == "*" {
				d.Message = fmt.Sprintf("method \"*\" is not accepted: the service has no method wildcard; list the methods the rule needs, out of %s", strings.Join(p.Methods, ", "))
			} else {
				d.Message = fmt.Sprintf("unknown method %q; expected one of %s", m, strings.Join(p.Methods, ", "))
				if s := typo.Closest(m, p.Methods); s != "" && s != "*" {
					d.Message = fmt.Sprintf("unknown method %q; did you mean %q? expected one of %s", m, s, strings.Join(p.Methods, ", "))
					d.Suggestion = strconv.Quote(s)
				}
			}
			if p.MethodError != "" {
				d.Message += fmt.Sprintf(" (the service answers %q)", fmt.Sprintf(p.MethodError, m))
			}
			out.Add(d)
			continue
		}
		if seen[m] {
			out.Add(diag.New(diag.CORSMethodDuplicate, mp, fmt.Sprintf("method %q is listed twice; remove one", m)))
		}
		seen[m] = true
		if m == "PUT" || m == "POST" || m == "DELETE" || m == "*" {
			writes = append(writes, m)
		}
	}
	if anyOrigin && len(writes) > 0 {
		out.Add(diag.New(diag.CORSAnyOriginWrite, path+"/allowedOrigins/0",
			fmt.Sprintf("any origin may send %s to this bucket from a browser; list the sites that need it instead of \"*\"", strings.Join(writes, ", "))))
	}
	if uploads := uploadMethods(writes); uploads != "" && !exposes(r.ExposeHeaders, "ETag") {
		out.Add(diag.New(diag.CORSExposeETagMissing, path+"/exposeHeaders",
			fmt.Sprintf("browser uploads (%s) cannot read the response's ETag; add \"ETag\" to the exposed headers (multipart uploads and integrity checks in the browser need it)", uploads)))
	}

	checkHeaders(out, path+"/allowedHeaders", r.AllowedHeaders, true, p)
	checkHeaders(out, path+"/exposeHeaders", r.ExposeHeaders, false, p)
	if r.MaxAgeSeconds != nil {
		switch v := *r.MaxAgeSeconds; {
		case p.MaxAgeMax > 0 && (v > p.MaxAgeMax || v < -p.MaxAgeMax-1):
			out.Add(diag.New(diag.CORSMaxAgeTooLarge, path+"/maxAgeSeconds", fmt.Sprintf("max age %d does not fit the API's integer (at most %d); browsers cap it anyway (Chromium at 7200 seconds)", v, p.MaxAgeMax)))
		case v < 0 && p.NegativeMaxAgeAccepted:
			d := diag.New(diag.CORSMaxAgeNegative, path+"/maxAgeSeconds", fmt.Sprintf("max age %d is negative; the service stores it, but browsers ignore it; write a number of seconds ≥ 0", v))
			d.Severity = diag.Warning
			out.Add(d)
		case v < 0:
			out.Add(diag.New(diag.CORSMaxAgeNegative, path+"/maxAgeSeconds", fmt.Sprintf("max age %d is negative; write a number of seconds ≥ 0", v)))
		}
	}
	if p.MaxIDLength > 0 && utf8.RuneCountInString(r.ID) > p.MaxIDLength {
		out.Add(diag.New(diag.CORSIDTooLong, path+"/id", fmt.Sprintf("the rule ID has %d characters; the service accepts at most %d", utf8.RuneCountInString(r.ID), p.MaxIDLength)))
	}
}

func checkHeaders(out *diag.List, path string, headers []string, wildcard bool, p provider.CORSProfile) {
	for j, h := range headers {
		hp := fmt.Sprintf("%s/%d", path, j)
		if h == "" {
			out.Add(diag.New(diag.CORSEmptyHeaderEntry, hp, "the header name is empty; remove it or write a name such as \"Content-Type\""))
			continue
		}
		if !wildcard && p.NoExposeWildcard && strings.Contains(h, "*") {
			out.Add(diag.New(diag.CORSExposeWildcard, hp, fmt.Sprintf("expose header %q: '*' is not supported here; name each header the page may read, e.g. \"ETag\"", h)))
			continue
		}
		if wildcard && strings.Count(h, "*") > 1 {
			out.Add(diag.New(diag.CORSHeaderWildcards, hp, fmt.Sprintf("header %q has more than one '*'; use at most one, e.g. \"%s*\"", h, p.MetaPrefix)))
			continue
		}
		for _, c := range h {
			if !isTokenChar(c) && !(wildcard && c == '*') {
				out.Add(diag.New(diag.CORSHeaderInvalid, hp, fmt.Sprintf("header name %q contains %q, which HTTP header names do not allow", h, c)))
				break
			}
		}
	}
}

// isTokenChar: RFC 9110 token characters, which header names are made of.
func isTokenChar(c rune) bool {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return true
	}
	return strings.ContainsRune("!#$%&'*+-.^_`|~", c)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// uploadMethods names the allowed methods a browser uploads with.
func uploadMethods(writes []string) string {
	var up []string
	for _, m := range writes {
		if m == "PUT" || m == "POST" || m == "*" {
			up = append(up, m)
		}
	}
	return strings.Join(up, ", ")
}

// exposes reports whether headers expose name (case-insensitive) or all.
func exposes(headers []string, name string) bool {
	for _, h := range headers {
		if strings.EqualFold(h, name) || h == "*" {
			return true
		}
	}
	return false
}
