package cors

import (
	"fmt"
	"strconv"
	"strings"

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
		case strings.TrimSpace(o) == "":
			out.Add(diag.New(diag.CORSOriginInvalid, op, "the origin is empty; write a scheme and host such as \"https://www.example.com\", or \"*\""))
		case strings.ContainsAny(o, " \t\r\n"):
			out.Add(diag.New(diag.CORSOriginInvalid, op, fmt.Sprintf("origin %q contains white space; write one origin without spaces", o)))
		case strings.Count(o, "*") > 1:
			out.Add(diag.New(diag.CORSOriginWildcards, op, fmt.Sprintf("origin %q has %d '*'; an origin may hold at most one, e.g. \"https://*.example.com\"", o, strings.Count(o, "*"))))
		}
		if o == "*" {
			anyOrigin = true
		}
	}

	if len(r.AllowedMethods) == 0 {
		out.Add(diag.New(diag.CORSMethodsMissing, path+"/allowedMethods", "the rule has no allowed method; add e.g. [\"GET\", \"HEAD\"]"))
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
			} else {
				d.Message = fmt.Sprintf("unknown method %q; expected one of %s", m, strings.Join(p.Methods, ", "))
				if s := typo.Closest(m, p.Methods); s != "" && s != "*" {
					d.Message = fmt.Sprintf("unknown method %q; did you mean %q? expected one of %s", m, s, strings.Join(p.Methods, ", "))
					d.Suggestion = strconv.Quote(s)
				}
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

	checkHeaders(out, path+"/allowedHeaders", r.AllowedHeaders, true)
	checkHeaders(out, path+"/exposeHeaders", r.ExposeHeaders, false)
	if r.MaxAgeSeconds != nil && *r.MaxAgeSeconds < 0 {
		out.Add(diag.New(diag.CORSMaxAgeNegative, path+"/maxAgeSeconds", fmt.Sprintf("max age %d is negative; write a number of seconds ≥ 0", *r.MaxAgeSeconds)))
	}
}

func checkHeaders(out *diag.List, path string, headers []string, wildcard bool) {
	for j, h := range headers {
		hp := fmt.Sprintf("%s/%d", path, j)
		if h == "" {
			out.Add(diag.New(diag.CORSEmptyHeaderEntry, hp, "the header name is empty; remove it or write a name such as \"Content-Type\""))
			continue
		}
		if wildcard && strings.Count(h, "*") > 1 {
			out.Add(diag.New(diag.CORSHeaderWildcards, hp, fmt.Sprintf("header %q has more than one '*'; use at most one, e.g. \"x-qs-meta-*\"", h)))
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
