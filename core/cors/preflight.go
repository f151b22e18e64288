package cors

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"bucketlab/core/provider"
)

// The CORS simulator: what the service answers to a browser's preflight
// (OPTIONS) or actual request under a configuration, and what the browser
// then does with that answer.
//
// Service side (RULES.md §2.1, §3.1, §4.1): rules are tried in document
// order and the first one whose origin, method and (for a preflight) every
// requested header match is used. Browser side: the Fetch standard's CORS
// check and CORS-preflight checks (https://fetch.spec.whatwg.org/#http-cors-protocol).
// What a provider does not document is modelled, and said so in Notes.

// Request is the cross-origin request a page makes, as the page's script
// sets it up; Normalize turns it into what the browser sends.
type Request struct {
	// Origin is the page's origin, as the browser sends it in Origin.
	Origin string `json:"origin"`
	// Method is the method of the actual request (for a preflight, the
	// value of Access-Control-Request-Method).
	Method string `json:"method"`
	// Headers are the request headers the script sets; the browser lists the
	// non-safelisted ones in Access-Control-Request-Headers.
	Headers []string `json:"requestHeaders,omitempty"`
	// Credentials: the request is sent with cookies or HTTP authentication
	// (fetch's credentials: "include", XHR's withCredentials).
	Credentials bool `json:"credentials,omitempty"`
	// Actual simulates the actual request instead of its preflight.
	Actual bool `json:"actual,omitempty"`
}

// Header is one HTTP header line.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Message is an HTTP request as the browser sends it (its CORS headers).
type Message struct {
	Method  string   `json:"method"`
	Headers []Header `json:"headers"`
}

// ServiceError is the error the service answers with.
type ServiceError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Reason says why a rule did (not) match, about one part of the request.
type Reason struct {
	// Part is "origin", "method", "header" or "order".
	Part    string `json:"part"`
	Message string `json:"message"`
	// Path is the model path the reason is about ("" for the whole rule).
	Path string `json:"path,omitempty"`
}

// RuleResult is how one rule judged the request.
type RuleResult struct {
	Index int `json:"index"`
	// Matched: origin, method and headers all match this rule.
	Matched bool `json:"matched"`
	// Used: this is the first matching rule, the one the service applies.
	Used    bool     `json:"used"`
	Reasons []Reason `json:"reasons"`
}

// Result is the simulation's outcome.
type Result struct {
	// Allowed: the browser lets the script have the response (for a
	// preflight: the browser goes on to send the actual request).
	Allowed bool `json:"allowed"`
	// Rule is the index of the rule the service applies, -1 for none.
	Rule int `json:"rule"`
	// PreflightNeeded: a browser sends a preflight before this request.
	PreflightNeeded bool `json:"preflightNeeded"`
	// Request is what the browser sends.
	Request Message `json:"request"`
	// Status of the service's answer; 0 when it is not a CORS matter (an
	// actual request is answered by its operation) or not documented.
	Status          int           `json:"status"`
	StatusText      string        `json:"statusText,omitempty"`
	ResponseHeaders []Header      `json:"responseHeaders"`
	Error           *ServiceError `json:"error,omitempty"`
	// Reasons explain the verdict, most important first.
	Reasons []string     `json:"reasons"`
	Rules   []RuleResult `json:"rules"`
	// Browser is what the browser does, in a sentence or two.
	Browser string `json:"browser"`
	// Notes: modelled or undocumented behaviour, and browser caveats.
	Notes []string `json:"notes"`
}

// Header names.
const (
	hOrigin        = "Origin"
	hRequestMethod = "Access-Control-Request-Method"
	hRequestHdrs   = "Access-Control-Request-Headers"
	hAllowOrigin   = "Access-Control-Allow-Origin"
	hAllowCreds    = "Access-Control-Allow-Credentials"
	hAllowMethods  = "Access-Control-Allow-Methods"
	hAllowHeaders  = "Access-Control-Allow-Headers"
	hExposeHeaders = "Access-Control-Expose-Headers"
	hMaxAge        = "Access-Control-Max-Age"
	hVary          = "Vary"
)

// --- the request ---------------------------------------------------------------------------

// RequestError is a request field a browser could never send; the message
// says what to write instead.
type RequestError struct{ Msg string }

func (e RequestError) Error() string { return e.Msg }

func reqErrf(format string, args ...any) error { return RequestError{fmt.Sprintf(format, args...)} }

// normalized is a checked request: what the browser puts on the wire.
type normalized struct {
	Request
	// unsafe: the names the browser lists in Access-Control-Request-Headers
	// (lower-case, sorted, unique), per Fetch's "CORS-unsafe request-header names".
	unsafe []string
	notes  []string
}

// fetch upper-cases these method names, whatever case the script used;
// it forbids the last three outright.
var (
	normalMethods    = []string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}
	forbiddenMethods = []string{"CONNECT", "TRACE", "TRACK"}
	simpleMethods    = []string{"GET", "HEAD", "POST"}
)

// Forbidden request headers: the browser sets them itself; a script cannot.
var forbiddenHeaders = map[string]bool{
	"accept-charset": true, "accept-encoding": true, "access-control-request-headers": true,
	"access-control-request-method": true, "connection": true, "content-length": true, "cookie": true,
	"cookie2": true, "date": true, "dnt": true, "expect": true, "host": true, "keep-alive": true,
	"origin": true, "referer": true, "set-cookie": true, "te": true, "trailer": true,
	"transfer-encoding": true, "upgrade": true, "via": true,
}

// safelistedHeaders need no preflight with ordinary values; Content-Type
// only with a form or text type, which uploads do not use, so it counts.
var safelistedHeaders = map[string]bool{"accept": true, "accept-language": true, "content-language": true}

// Normalize checks r and computes what the browser sends. An error is a
// field no browser could send, with what to write instead.
func Normalize(r Request) (normalized, error) {
	n := normalized{Request: r}
	if err := checkOrigin(r.Origin); err != nil {
		return n, err
	}
	m := strings.TrimSpace(r.Method)
	switch {
	case m == "":
		return n, reqErrf(`"method" is empty; write GET, PUT, POST, DELETE or HEAD`)
	case !isToken(m):
		return n, reqErrf("method %q is not an HTTP method name; write GET, PUT, POST, DELETE or HEAD", r.Method)
	case contains(forbiddenMethods, strings.ToUpper(m)):
		return n, reqErrf("browsers never let a script send %s; write GET, PUT, POST, DELETE or HEAD", strings.ToUpper(m))
	}
	if up := strings.ToUpper(m); contains(normalMethods, up) {
		m = up
	}
	n.Method = m

	seen := map[string]bool{}
	var dropped []string
	n.Headers = nil
	for _, entry := range r.Headers {
		for _, h := range strings.Split(entry, ",") {
			h = strings.TrimSpace(h)
			if h == "" {
				continue
			}
			if !isToken(h) {
				return n, reqErrf("request header %q is not a header name (letters, digits and '-'); write e.g. \"Content-Type\"", h)
			}
			n.Headers = append(n.Headers, h)
			l := strings.ToLower(h)
			switch {
			case forbiddenHeaders[l] || strings.HasPrefix(l, "proxy-") || strings.HasPrefix(l, "sec-"):
				dropped = append(dropped, h)
			case safelistedHeaders[l]:
			case !seen[l]:
				seen[l] = true
				n.unsafe = append(n.unsafe, l)
			}
		}
	}
	sort.Strings(n.unsafe)
	if len(dropped) > 0 {
		n.notes = append(n.notes, fmt.Sprintf("a script cannot set %s: the browser sets or refuses it itself, so it is left out", quoteList(dropped)))
	}
	return n, nil
}

func checkOrigin(o string) error {
	const eg = "e.g. \"https://www.example.com\""
	switch {
	case o == "":
		return reqErrf(`"origin" is empty; write the page's origin as a browser sends it, %s`, eg)
	case o == "null":
		return nil // sandboxed frames, file: pages and some redirects send "null"
	case strings.ContainsAny(o, " \t\r\n"):
		return reqErrf("origin %q contains white space; write one origin, %s", o, eg)
	case strings.Contains(o, "*"):
		return reqErrf("origin %q has a '*': a browser sends the page's one concrete origin, %s", o, eg)
	}
	scheme, rest, ok := strings.Cut(o, "://")
	if !ok || scheme == "" {
		return reqErrf("origin %q has no scheme; write e.g. \"https://%s\"", o, strings.TrimPrefix(o, "//"))
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		return reqErrf("origin %q has a path: a browser's Origin header is only scheme://host[:port], with no path or trailing slash; write %q", o, scheme+"://"+rest[:i])
	}
	if rest == "" {
		return reqErrf("origin %q has no host; write %s", o, eg)
	}
	if lower := strings.ToLower(o); lower != o {
		return reqErrf("origin %q: browsers send the scheme and host in lower case; write %q", o, lower)
	}
	host, port := splitHostPort(rest)
	if host == "" {
		return reqErrf("origin %q has no host; write %s", o, eg)
	}
	if port != "" {
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			return reqErrf("origin %q has an invalid port %q; write a number up to 65535, or leave the port out", o, port)
		}
		if defaultPort(scheme) == port {
			return reqErrf("origin %q: browsers leave out the default port %s; write %q", o, port, scheme+"://"+host)
		}
	}
	return nil
}

// splitHostPort splits "host[:port]", keeping an IPv6 literal "[::1]" whole.
func splitHostPort(s string) (host, port string) {
	if strings.HasPrefix(s, "[") {
		if i := strings.Index(s, "]"); i >= 0 {
			host, rest := s[:i+1], s[i+1:]
			if p, ok := strings.CutPrefix(rest, ":"); ok {
				return host, p
			}
			return host, ""
		}
		return s, ""
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	}
	return ""
}

// preflightNeeded: a browser sends the request without a preflight only if
// its method is GET, HEAD or POST and it sets no non-safelisted header.
func (n normalized) preflightNeeded() bool {
	return !contains(simpleMethods, n.Method) || len(n.unsafe) > 0
}

// --- the provider's behaviour ----------------------------------------------------------------

// style is how a provider answers a CORS request. It is data, kept here
// beside the simulator that alone reads it.
type style struct {
	// sep joins list values (methods, headers): S3 ", ", COS ",".
	sep string
	// starByRule: Allow-Origin is "*" when the rule lists "*" at all (S3, as
	// LocalStack's recorded behaviour); otherwise only when the origin entry
	// that matched is "*" (COS's docs).
	starByRule bool
	// echoHeaders: Allow-Headers repeats the requested headers (S3); else
	// (COS) only for a rule with a '*' entry, and otherwise lists the rule's
	// own headers, lower-cased.
	echoHeaders bool
	// vary returns the Vary value of a matched answer ("" for none).
	vary func(Config) string
	// defaultMaxAge, when set, is sent for a rule without a max age.
	defaultMaxAge string
	// methodWildcard: "*" in allowed methods matches every method.
	methodWildcard bool
	// miss is the status and error of a preflight no rule matches; status 0
	// means undocumented.
	missStatus int
	missError  *ServiceError
	// notes always apply to this provider.
	notes []string
	// actualNote applies when simulating an actual request.
	actualNote string
	// zeroStarUncertain: whether '*' may match nothing is not documented.
	zeroStarUncertain bool
}

func styleOf(id provider.ID) style {
	switch id {
	case provider.S3:
		// RULES.md §2.1 items 3–5 [R LS-CORS]; the 403 text as recorded.
		return style{
			sep: ", ", starByRule: true, echoHeaders: true,
			vary:       func(Config) string { return "Origin, Access-Control-Request-Headers, Access-Control-Request-Method" },
			missStatus: 403,
			missError: &ServiceError{Code: "AccessForbidden", Message: "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, " +
				"request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec."},
			zeroStarUncertain: true,
		}
	case provider.COS:
		// RULES.md §3.1 "Preflight" and COS-OPT's worked examples (the 403
		// text keeps the docs' "Requet" typo).
		return style{
			sep: ",",
			vary: func(c Config) string {
				if c.ResponseVary != nil && *c.ResponseVary {
					return "Origin"
				}
				return ""
			},
			missStatus: 403,
			missError: &ServiceError{Code: "AccessForbidden", Message: "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, " +
				"request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec"},
			actualNote: "COS documents the CORS headers of a preflight answer only; those of an actual request are modelled on them",
		}
	case provider.QingStor:
		// RULES.md §4.1: the docs name the answer's headers, not their values,
		// nor the rule order, nor a status for a refused preflight.
		return style{
			sep: ", ", echoHeaders: true, methodWildcard: true, defaultMaxAge: "5",
			vary: func(c Config) string {
				switch strings.ToLower(c.RespVary) {
				case "enabled", "enable": // the docs' own example writes "enable"
					return "Origin"
				}
				return ""
			},
			notes: []string{"QingStor documents which CORS headers it answers with but not their exact values, nor Access-Control-Allow-Credentials; " +
				"they are modelled on S3's answer (not verified against the service)"},
			actualNote:        "QingStor documents the CORS headers of a preflight answer only; those of an actual request are modelled on them",
			zeroStarUncertain: true,
		}
	}
	return style{sep: ", ", vary: func(Config) string { return "" }}
}

// --- the simulation --------------------------------------------------------------------------

// Preflight simulates req against cfg as provider p's service and a
// browser would handle it. req must have passed Normalize; Preflight
// normalizes again (cheap) so it never trusts its caller.
func Preflight(cfg Config, p provider.Profile, req Request) Result {
	n, err := Normalize(req)
	res := Result{Rule: -1, ResponseHeaders: []Header{}, Reasons: []string{}, Rules: []RuleResult{}, Notes: []string{}}
	if err != nil {
		res.Reasons = append(res.Reasons, err.Error())
		res.Browser = "nothing is simulated until the request is one a browser could send"
		return res
	}
	st := styleOf(p.ID)
	res.PreflightNeeded = n.preflightNeeded()
	res.Notes = append(res.Notes, n.notes...)
	res.Notes = append(res.Notes, st.notes...)
	if n.Actual && st.actualNote != "" {
		res.Notes = append(res.Notes, st.actualNote)
	}
	if p.ID == provider.QingStor && len(cfg.Rules) > 1 {
		res.Notes = append(res.Notes, "QingStor does not document the order in which rules are tried; the first matching rule is assumed to win, as on S3 and COS")
	}

	preflight := !n.Actual
	res.Request = requestMessage(n, preflight)
	rules, winner, matchNotes := judge(cfg, n, st, preflight)
	res.Rules = rules
	res.Rule = winner
	res.Notes = append(res.Notes, matchNotes...)

	if winner < 0 {
		res.Reasons = append(res.Reasons, missSummary(rules, len(cfg.Rules)))
	} else {
		res.Reasons = append(res.Reasons, fmt.Sprintf("rule %d matches: %s", winner, hitSummary(n, preflight)))
		res.ResponseHeaders = answer(cfg, winner, n, st, preflight)
	}
	switch {
	case preflight && winner >= 0:
		res.Status, res.StatusText = 200, "OK"
	case preflight:
		res.Status = st.missStatus
		if res.Status != 0 {
			res.StatusText = "Forbidden"
			res.Error = st.missError
		} else {
			res.Notes = append(res.Notes, "QingStor documents only that a refused preflight's answer lacks Access-Control-Allow-Origin and -Methods; its status is not documented")
		}
	}

	fails := browserCheck(res.ResponseHeaders, n, preflight)
	shown := fails
	if winner < 0 {
		shown = nil // the miss above is the reason; "no Allow-Origin" adds nothing
	}
	verb := n.Method
	if n.Credentials {
		verb += " with credentials"
	}
	switch {
	case preflight:
		res.Allowed = len(fails) == 0
		res.Reasons = append(res.Reasons, shown...)
		res.Browser = preflightBrowser(res, n, verb, fails)
		if !res.PreflightNeeded {
			res.Notes = append(res.Notes, fmt.Sprintf("a browser sends no preflight for this request (method %s, no header beyond the safelisted ones): it sends the actual request at once; simulate that instead", n.Method))
		}
	default:
		// The actual request is sent only after a successful preflight,
		// when one is needed.
		var pre Result
		if res.PreflightNeeded {
			pre = Preflight(cfg, p, Request{Origin: n.Origin, Method: n.Method, Headers: n.Headers, Credentials: n.Credentials})
		}
		res.Reasons = append(res.Reasons, shown...)
		switch {
		case res.PreflightNeeded && !pre.Allowed:
			// Nothing is sent, so nothing is answered; the rules still show
			// how the service would judge the request itself.
			res.Allowed, res.Rule, res.ResponseHeaders = false, -1, []Header{}
			for i := range res.Rules {
				res.Rules[i].Used = false
			}
			res.Reasons = []string{"the preflight fails first: " + strings.Join(pre.Reasons, "; ")}
			res.Browser = fmt.Sprintf("The browser first sends a preflight (OPTIONS), which fails, so it never sends the %s: the page's fetch rejects with a network error (TypeError, status 0) and the console shows a CORS error.", verb)
		case len(fails) > 0:
			res.Allowed = false
			side := ""
			if !contains([]string{"GET", "HEAD", "OPTIONS"}, n.Method) {
				side = " (the " + n.Method + " does take effect on the server)"
			}
			res.Browser = fmt.Sprintf("The service handles the %s as usual%s, but the browser withholds the response from the script because %s: the page's fetch rejects with a network error (TypeError, status 0) and the console shows a CORS error.", verb, side, fails[0])
		default:
			res.Allowed = true
			res.Browser = "The browser hands the response to the script. " + readable(res.ResponseHeaders, n)
			if res.PreflightNeeded {
				res.Browser = "The preflight passes, the browser sends the " + verb + ", and hands the response to the script. " + readable(res.ResponseHeaders, n)
			}
		}
	}
	res.Notes = append(res.Notes, answerNotes(res.ResponseHeaders, p.ID)...)
	return res
}

func requestMessage(n normalized, preflight bool) Message {
	if !preflight {
		return Message{Method: n.Method, Headers: []Header{{hOrigin, n.Origin}}}
	}
	h := []Header{{hOrigin, n.Origin}, {hRequestMethod, n.Method}}
	if len(n.unsafe) > 0 {
		h = append(h, Header{hRequestHdrs, strings.Join(n.unsafe, ",")})
	}
	return Message{Method: "OPTIONS", Headers: h}
}

// judge evaluates every rule (so the page can show why each one missed)
// and picks the first that matches.
func judge(cfg Config, n normalized, st style, preflight bool) ([]RuleResult, int, []string) {
	out := make([]RuleResult, len(cfg.Rules))
	winner := -1
	var notes []string
	for i, r := range cfg.Rules {
		path := fmt.Sprintf("/rules/%d", i)
		rr := RuleResult{Index: i, Reasons: []Reason{}}
		entry, why, zeroStar := matchOrigin(r.AllowedOrigins, n.Origin)
		if entry < 0 {
			rr.Reasons = append(rr.Reasons, Reason{Part: "origin", Message: why, Path: originPath(path, r.AllowedOrigins)})
		}
		if why := matchMethod(r.AllowedMethods, n.Method, st.methodWildcard); why != "" {
			rr.Reasons = append(rr.Reasons, Reason{Part: "method", Message: why, Path: path + "/allowedMethods"})
		}
		if preflight {
			rr.Reasons = append(rr.Reasons, matchHeaders(r.AllowedHeaders, n.unsafe, path)...)
		}
		rr.Matched = len(rr.Reasons) == 0
		if rr.Matched {
			if winner < 0 {
				winner = i
				rr.Used = true
				if zeroStar && st.zeroStarUncertain {
					notes = append(notes, fmt.Sprintf("rule %d matches only if '*' in %q may stand for no characters at all; the provider does not document that (COS does allow it)", i, r.AllowedOrigins[entry]))
				}
			} else {
				rr.Reasons = append(rr.Reasons, Reason{Part: "order", Message: fmt.Sprintf("matches too, but rule %d comes first and is the one used", winner), Path: path})
			}
		}
		out[i] = rr
	}
	return out, winner, notes
}

func originPath(rule string, origins []string) string {
	if len(origins) == 1 {
		return rule + "/allowedOrigins/0"
	}
	if len(origins) == 0 {
		return rule
	}
	return rule + "/allowedOrigins"
}

// matchOrigin returns the index of the first allowed origin that matches,
// or -1 and why none does. zeroStar: the match needed '*' to match nothing.
func matchOrigin(allowed []string, origin string) (int, string, bool) {
	if len(allowed) == 0 {
		return -1, "the rule has no allowed origin", false
	}
	var whys []string
	for j, a := range allowed {
		if ok, zero := glob(a, origin, false); ok {
			return j, "", zero
		}
		whys = append(whys, fmt.Sprintf("%q (%s)", a, originMismatch(a, origin)))
	}
	if len(allowed) == 1 {
		return -1, fmt.Sprintf("origin %q does not match %q: %s", origin, allowed[0], originMismatch(allowed[0], origin)), false
	}
	return -1, fmt.Sprintf("origin %q matches none of the rule's origins: %s", origin, strings.Join(whys, ", ")), false
}

// originMismatch explains why an allowed origin pattern misses.
func originMismatch(a, origin string) string {
	aScheme, aRest, aHasScheme := strings.Cut(a, "://")
	oScheme, oRest, _ := strings.Cut(origin, "://")
	switch {
	case a == "":
		return "an empty origin matches no browser"
	case origin == "null":
		return `the page's origin is "null" (a sandboxed frame or a file: page), which only "*" or "null" matches`
	case strings.HasSuffix(a, "/") && !strings.HasSuffix(a, "://"):
		return "it ends with '/', and a browser's Origin never has a path or trailing slash; remove the '/'"
	case aHasScheme && strings.ContainsAny(aRest, "/?#"):
		return "it has a path, and a browser's Origin never has one; keep only scheme://host[:port]"
	case !aHasScheme && a != "*":
		return "it has no scheme, so it matches no browser's Origin; write e.g. \"https://" + a + "\""
	case strings.EqualFold(a, origin) || (strings.Contains(a, "*") && okFold(a, origin)):
		return "it differs in letter case; origins are compared exactly, and browsers send lower case: write " + strconv.Quote(strings.ToLower(a))
	}
	if strings.Contains(a, "*") {
		if suffix, ok := strings.CutPrefix(aRest, "*."); ok && aScheme == oScheme && oRest == suffix {
			return "'*.' needs a subdomain; the bare domain needs an origin of its own, " + strconv.Quote(origin)
		}
		if !strings.Contains(aScheme, "*") && aScheme != oScheme {
			return fmt.Sprintf("the scheme differs: %s:// against the page's %s://", aScheme, oScheme)
		}
		return "'*' stands for any characters, and the rest must match exactly"
	}
	aHost, aPort := splitHostPort(aRest)
	oHost, oPort := splitHostPort(oRest)
	var diffs []string
	if aScheme != oScheme {
		diffs = append(diffs, fmt.Sprintf("the scheme differs: %s:// against the page's %s://", aScheme, oScheme))
	}
	if aHost != oHost {
		diffs = append(diffs, "the host differs")
	}
	if aPort != oPort {
		switch {
		case aHost == oHost && aScheme == oScheme && oPort == "" && aPort == defaultPort(aScheme):
			diffs = append(diffs, fmt.Sprintf("browsers leave out the default port %s, so write %q", aPort, aScheme+"://"+aHost))
		case oPort == "":
			diffs = append(diffs, fmt.Sprintf("the rule names port %s, the page's origin none (the default port)", aPort))
		case aPort == "":
			diffs = append(diffs, fmt.Sprintf("the page's origin has port %s, the rule none (the default port)", oPort))
		default:
			diffs = append(diffs, fmt.Sprintf("the port differs: %s against the page's %s", aPort, oPort))
		}
	}
	if len(diffs) == 0 {
		return "it differs"
	}
	return strings.Join(diffs, "; ")
}

func okFold(pattern, s string) bool { ok, _ := glob(pattern, s, true); return ok }

// glob matches s against pattern, where each '*' stands for any run of
// characters (also none: COS documents "0 or more"). fold compares ASCII
// letters case-insensitively. zero reports that the match needed a '*' to
// stand for nothing (only computed for one '*').
func glob(pattern, s string, fold bool) (ok, zero bool) {
	eq := func(a, b string) bool {
		if fold {
			return asciiLower(a) == asciiLower(b)
		}
		return a == b
	}
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return eq(pattern, s), false
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(s) < len(first)+len(last) || !eq(s[:len(first)], first) || !eq(s[len(s)-len(last):], last) {
		return false, false
	}
	if len(parts) == 2 {
		return true, len(s) == len(first)+len(last)
	}
	// Middle parts, leftmost first: greedy-free matching is exact for '*'.
	rest := s[len(first) : len(s)-len(last)]
	for _, mid := range parts[1 : len(parts)-1] {
		i := index(rest, mid, fold)
		if i < 0 {
			return false, false
		}
		rest = rest[i+len(mid):]
	}
	return true, false
}

// index finds sub in s; fold lowers ASCII letters only, so byte offsets
// stay those of s.
func index(s, sub string, fold bool) int {
	if fold {
		return strings.Index(asciiLower(s), asciiLower(sub))
	}
	return strings.Index(s, sub)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// matchMethod returns "" when the rule allows method, else why not.
func matchMethod(allowed []string, method string, wildcard bool) string {
	if len(allowed) == 0 {
		return "the rule has no allowed method"
	}
	for _, m := range allowed {
		if m == method || wildcard && m == "*" {
			return ""
		}
	}
	for _, m := range allowed {
		if strings.EqualFold(m, method) {
			return fmt.Sprintf("the rule lists %q, and methods are compared exactly: write %q", m, method)
		}
		if strings.Contains(m, ",") {
			for _, part := range strings.Split(m, ",") {
				if strings.EqualFold(strings.TrimSpace(part), method) {
					return fmt.Sprintf("%q is one method name to the service, not a list: write one element per method", m)
				}
			}
		}
		if m == "*" && !wildcard {
			return fmt.Sprintf(`"*" is not a method wildcard here; list %s`, method)
		}
	}
	return fmt.Sprintf("method %s is not among the rule's methods (%s)", method, strings.Join(allowed, ", "))
}

// matchHeaders: every requested header must match some allowed header,
// case-insensitively, '*' standing for any characters.
func matchHeaders(allowed, requested []string, rule string) []Reason {
	if len(requested) == 0 {
		return nil
	}
	if len(allowed) == 0 {
		return []Reason{{Part: "header", Path: rule,
			Message: fmt.Sprintf("the rule allows no request header, and the preflight asks for %s; add them to the allowed headers (or \"*\")", quoteList(requested))}}
	}
	var out []Reason
	for _, h := range requested {
		found := false
		for _, a := range allowed {
			if ok, _ := glob(a, h, true); ok {
				found = true
				break
			}
		}
		if !found {
			out = append(out, Reason{Part: "header", Path: rule + "/allowedHeaders",
				Message: fmt.Sprintf("header %q is not among the allowed headers (%s); add it, or a pattern such as \"*\"", h, strings.Join(allowed, ", "))})
		}
	}
	return out
}

func hitSummary(n normalized, preflight bool) string {
	parts := []string{"origin " + strconv.Quote(n.Origin), "method " + n.Method}
	if preflight && len(n.unsafe) > 0 {
		parts = append(parts, "headers "+strings.Join(n.unsafe, ", "))
	}
	return strings.Join(parts, ", ") + " allowed"
}

func missSummary(rules []RuleResult, count int) string {
	if count == 0 {
		return "the configuration has no rule, so nothing matches"
	}
	var b strings.Builder
	b.WriteString("no rule matches")
	for _, r := range rules {
		msgs := make([]string, len(r.Reasons))
		for i, x := range r.Reasons {
			msgs[i] = x.Message
		}
		fmt.Fprintf(&b, "; rule %d: %s", r.Index, strings.Join(msgs, "; "))
	}
	return b.String()
}

// answer builds the CORS headers of a matched answer.
func answer(cfg Config, i int, n normalized, st style, preflight bool) []Header {
	r := cfg.Rules[i]
	star := false
	if st.starByRule {
		star = contains(r.AllowedOrigins, "*")
	} else if j, _, _ := matchOrigin(r.AllowedOrigins, n.Origin); j >= 0 {
		star = r.AllowedOrigins[j] == "*"
	}
	var h []Header
	if star {
		h = append(h, Header{hAllowOrigin, "*"})
	} else {
		h = append(h, Header{hAllowOrigin, n.Origin}, Header{hAllowCreds, "true"})
	}
	h = append(h, Header{hAllowMethods, strings.Join(r.AllowedMethods, st.sep)})
	if preflight {
		wild := false
		for _, a := range r.AllowedHeaders {
			wild = wild || strings.Contains(a, "*")
		}
		switch {
		case (st.echoHeaders || wild) && len(n.unsafe) > 0:
			h = append(h, Header{hAllowHeaders, strings.Join(n.unsafe, st.sep)})
		case !st.echoHeaders && !wild && len(r.AllowedHeaders) > 0:
			lower := make([]string, len(r.AllowedHeaders))
			for k, a := range r.AllowedHeaders {
				lower[k] = strings.ToLower(a)
			}
			h = append(h, Header{hAllowHeaders, strings.Join(lower, st.sep)})
		}
	}
	if len(r.ExposeHeaders) > 0 {
		h = append(h, Header{hExposeHeaders, strings.Join(r.ExposeHeaders, st.sep)})
	}
	switch {
	case r.MaxAgeSeconds != nil:
		h = append(h, Header{hMaxAge, strconv.FormatInt(*r.MaxAgeSeconds, 10)})
	case st.defaultMaxAge != "" && preflight:
		h = append(h, Header{hMaxAge, st.defaultMaxAge})
	}
	if v := st.vary(cfg); v != "" {
		h = append(h, Header{hVary, v})
	}
	return h
}

func get(h []Header, name string) (string, bool) {
	for _, x := range h {
		if strings.EqualFold(x.Name, name) {
			return x.Value, true
		}
	}
	return "", false
}

func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// browserCheck applies Fetch's CORS check (and, for a preflight, its
// method and header checks) to an answer; it returns every failure.
func browserCheck(h []Header, n normalized, preflight bool) []string {
	var fails []string
	acao, ok := get(h, hAllowOrigin)
	switch {
	case !ok:
		return []string{"the answer has no Access-Control-Allow-Origin"}
	case acao == "*" && n.Credentials:
		fails = append(fails, `the answer's Access-Control-Allow-Origin is "*", which a browser never accepts for a request with credentials; the rule must name the origin`)
	case acao != "*" && acao != n.Origin:
		fails = append(fails, fmt.Sprintf("Access-Control-Allow-Origin %q is not the page's origin %q", acao, n.Origin))
	}
	if n.Credentials && acao != "*" {
		if v, _ := get(h, hAllowCreds); v != "true" {
			fails = append(fails, "a request with credentials needs Access-Control-Allow-Credentials: true, and the answer lacks it")
		}
	}
	if !preflight {
		return fails
	}
	methodsV, _ := get(h, hAllowMethods)
	methods := splitList(methodsV)
	if !contains(methods, n.Method) && !contains(simpleMethods, n.Method) {
		if contains(methods, "*") && n.Credentials {
			fails = append(fails, fmt.Sprintf(`Access-Control-Allow-Methods is "*", which with credentials means a method named "*", not every method; %s is not allowed`, n.Method))
		} else if !contains(methods, "*") {
			fails = append(fails, fmt.Sprintf("Access-Control-Allow-Methods (%s) does not list %s", methodsV, n.Method))
		}
	}
	headersV, _ := get(h, hAllowHeaders)
	allowed := map[string]bool{}
	for _, x := range splitList(headersV) {
		allowed[strings.ToLower(x)] = true
	}
	for _, x := range n.unsafe {
		if allowed[x] || allowed["*"] && !n.Credentials && x != "authorization" {
			continue
		}
		fails = append(fails, fmt.Sprintf("Access-Control-Allow-Headers does not list %q", x))
	}
	return fails
}

func preflightBrowser(res Result, n normalized, verb string, fails []string) string {
	if res.Rule < 0 {
		status := "an answer"
		if res.Status != 0 {
			status = fmt.Sprintf("%d %s", res.Status, res.StatusText)
		}
		return fmt.Sprintf("The service answers %s without CORS headers, so the preflight fails: the browser blocks the %s, the page's fetch rejects with a network error (TypeError, status 0), the console shows a CORS error, and the actual request is never sent.", status, verb)
	}
	if len(fails) > 0 {
		return fmt.Sprintf("The service answers 200, but the browser rejects the answer because %s: it blocks the %s, the page's fetch rejects with a network error (TypeError, status 0), and the actual request is never sent.", fails[0], verb)
	}
	cache := "5 seconds (the browser's default, as the answer has no Access-Control-Max-Age)"
	if v, ok := get(res.ResponseHeaders, hMaxAge); ok {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil && s > 7200 {
			cache = v + " seconds (Chromium caps it at 7200)"
		} else if err == nil && s <= 0 {
			cache = "no time at all (Access-Control-Max-Age " + v + ")"
		} else {
			cache = v + " seconds"
		}
	}
	return fmt.Sprintf("The preflight passes: the browser sends the actual %s, and may reuse this answer for %s.", verb, cache)
}

// readable says which response headers the script can read.
func readable(h []Header, n normalized) string {
	v, ok := get(h, hExposeHeaders)
	if !ok {
		return "It can read only the safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma); expose others, such as ETag, to read them."
	}
	list := splitList(v)
	if contains(list, "*") && !n.Credentials {
		return "It can read every response header (Access-Control-Expose-Headers: *)."
	}
	return "Besides the safelisted response headers it can read " + strings.Join(list, ", ") + "."
}

func answerNotes(h []Header, id provider.ID) []string {
	var notes []string
	acao, ok := get(h, hAllowOrigin)
	vary, _ := get(h, hVary)
	if ok && acao != "*" && !strings.Contains(strings.ToLower(vary), "origin") {
		switch id {
		case provider.COS:
			notes = append(notes, "the answer names the page's origin but carries no Vary: Origin, so a CDN or the browser's cache may hand it to a page of another origin; add <ResponseVary>true</ResponseVary>")
		case provider.QingStor:
			notes = append(notes, `the answer names the page's origin but carries no Vary: Origin, so a CDN or the browser's cache may hand it to a page of another origin; add "resp_vary": "enabled"`)
		}
	}
	if v, ok := get(h, hMaxAge); ok {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil && s < 0 {
			notes = append(notes, fmt.Sprintf("Access-Control-Max-Age %s is negative; browsers then do not cache the preflight", v))
		}
	}
	return notes
}

func isToken(s string) bool {
	for _, c := range s {
		if !isTokenChar(c) {
			return false
		}
	}
	return s != ""
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
