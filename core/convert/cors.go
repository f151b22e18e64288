package convert

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"bucketlab/core/cors"
	"bucketlab/core/diag"
	"bucketlab/core/provider"
)

// CORS converts cfg, as read from provider from, into what provider to
// takes (RULES.md §5): one origin per QingStor rule, the method wildcard,
// exposed '*', Vary, rule IDs, max age, provider-specific header names.
// Between forms of one provider (S3's XML and console JSON) the model is
// the same and is returned as it is.
func CORS(cfg cors.Config, loc *diag.Locator, from, to provider.Profile) (cors.Config, diag.List) {
	e := &emitter{loc: loc}
	if from.ID == to.ID {
		return cfg, nil
	}
	out := cors.Config{}
	convertVary(e, cfg, from, to, &out)
	// sources[i] is the source path of out.Rules[i], for the rule limit.
	var sources []string
	for i, r := range cfg.Rules {
		path := fmt.Sprintf("/rules/%d", i)
		nr := convertRule(e, path, r, from, to)
		if to.CORS.SingleOrigin && len(nr.AllowedOrigins) > 1 {
			e.add(diag.ConvertCORSOriginsSplit, path+"/allowedOrigins/1", fmt.Sprintf(
				"%s takes one origin per rule: this rule's %d origins become %d rules with the same methods and headers, in the same order (the first rule that matches still answers)",
				to.Name, len(nr.AllowedOrigins), len(nr.AllowedOrigins)))
			for _, o := range nr.AllowedOrigins {
				split := nr
				split.AllowedOrigins = []string{o}
				out.Rules = append(out.Rules, split)
				sources = append(sources, path)
			}
			continue
		}
		out.Rules = append(out.Rules, nr)
		sources = append(sources, path)
	}
	if max := to.CORS.MaxRules; max > 0 && len(out.Rules) > max {
		e.addKey(diag.ConvertCORSTooManyRules, sources[max], fmt.Sprintf(
			"the configuration becomes %d rules; %s accepts at most %d — from this rule on they do not fit; merge rules or use origin patterns such as \"https://*.example.com\"",
			len(out.Rules), to.Name, max))
	}
	return out, e.done()
}

// convertVary carries "Vary: Origin": S3 always sends it (with the
// Access-Control-Request-* names); COS sends it with <ResponseVary>true,
// QingStor with resp_vary enabled.
func convertVary(e *emitter, cfg cors.Config, from, to provider.Profile, out *cors.Config) {
	var on *bool
	path := ""
	switch {
	case from.ID == provider.S3:
		t := true
		on = &t
	case cfg.ResponseVary != nil:
		on, path = cfg.ResponseVary, "/responseVary"
	case cfg.RespVary != "":
		v := strings.HasPrefix(strings.ToLower(cfg.RespVary), "enable")
		on, path = &v, "/respVary"
	}
	if on == nil {
		return
	}
	switch {
	case to.ID == provider.S3:
		if *on {
			d := e.add(diag.ConvertCORSVary, path, "S3 always answers CORS requests with \"Vary: Origin, Access-Control-Request-Headers, Access-Control-Request-Method\"; the setting has no S3 element and is left out (the meaning is kept)")
			d.Severity = diag.Info
		} else {
			e.add(diag.ConvertCORSVary, path, "S3 always answers CORS requests with \"Vary: Origin, …\" and cannot be told not to; the setting is left out, so responses now carry Vary (caches keep one copy per origin)")
		}
	case to.CORS.ResponseVary:
		out.ResponseVary = on
		if from.ID == provider.S3 {
			d := e.addKey(diag.ConvertCORSVary, "", "S3 always sends \"Vary: Origin\"; COS does so only with <ResponseVary>true</ResponseVary>, which is written to keep that (caches then keep one copy per origin)")
			d.Severity = diag.Info
		}
	case to.CORS.RespVary:
		out.RespVary = "disabled"
		if *on {
			out.RespVary = "enabled"
		}
		if from.ID == provider.S3 {
			d := e.addKey(diag.ConvertCORSVary, "", "S3 always sends \"Vary: Origin\"; QingStor does so only with \"resp_vary\": \"enabled\", which is written to keep that")
			d.Severity = diag.Info
		}
	}
}

func convertRule(e *emitter, path string, r cors.Rule, from, to provider.Profile) cors.Rule {
	p := to.CORS
	nr := cors.Rule{AllowedOrigins: append([]string(nil), r.AllowedOrigins...)}
	switch {
	case r.ID == "":
	case p.SingleOrigin: // QingStor's rules have no ID
		d := e.add(diag.ConvertCORSRuleID, path+"/id", fmt.Sprintf("%s rules have no ID; %q is left out (it only names the rule)", to.Name, r.ID))
		d.Severity = diag.Info
	case p.MaxIDLength > 0 && utf8.RuneCountInString(r.ID) > p.MaxIDLength:
		nr.ID = string([]rune(r.ID)[:p.MaxIDLength])
		e.add(diag.ConvertCORSRuleID, path+"/id", fmt.Sprintf("%s takes rule IDs of at most %d characters; the ID is cut to that length", to.Name, p.MaxIDLength))
	default:
		nr.ID = r.ID
	}
	for j, m := range r.AllowedMethods {
		if m == "*" && !contains(p.Methods, "*") {
			for _, tm := range p.Methods {
				if tm != "*" && !contains(nr.AllowedMethods, tm) {
					nr.AllowedMethods = append(nr.AllowedMethods, tm)
				}
			}
			e.add(diag.ConvertCORSMethodWildcard, fmt.Sprintf("%s/allowedMethods/%d", path, j),
				fmt.Sprintf("%s has no method wildcard; \"*\" is written as %s, every method it accepts", to.Name, quoteList(p.Methods)))
			continue
		}
		if !contains(nr.AllowedMethods, m) {
			nr.AllowedMethods = append(nr.AllowedMethods, m)
		}
	}
	for j, h := range r.AllowedHeaders {
		nr.AllowedHeaders = append(nr.AllowedHeaders, mapHeader(e, fmt.Sprintf("%s/allowedHeaders/%d", path, j), h, from, to))
	}
	for j, h := range r.ExposeHeaders {
		hp := fmt.Sprintf("%s/exposeHeaders/%d", path, j)
		if p.NoExposeWildcard && strings.Contains(h, "*") {
			e.add(diag.ConvertCORSExposeWildcard, hp, fmt.Sprintf("%s does not support '*' in exposed headers; %q is left out, so the page can read fewer response headers — name each one it needs, e.g. \"ETag\"", to.Name, h))
			continue
		}
		nr.ExposeHeaders = append(nr.ExposeHeaders, mapHeader(e, hp, h, from, to))
	}
	if r.MaxAgeSeconds != nil {
		v := *r.MaxAgeSeconds
		mp := path + "/maxAgeSeconds"
		switch {
		case v < 0 && !p.NegativeMaxAgeAccepted:
			d := e.add(diag.ConvertCORSMaxAge, mp, fmt.Sprintf("%s refuses a negative max age; browsers ignore %d anyway, so it is left out (they then cache the preflight for 5 seconds)", to.Name, v))
			d.Severity = diag.Info
		case p.MaxAgeMax > 0 && v > p.MaxAgeMax:
			c := p.MaxAgeMax
			nr.MaxAgeSeconds = &c
			d := e.add(diag.ConvertCORSMaxAge, mp, fmt.Sprintf("%s holds at most %d; browsers cap the preflight cache at hours anyway, so %d is written as %d", to.Name, c, v, c))
			d.Severity = diag.Info
		default:
			nr.MaxAgeSeconds = &v
		}
	}
	return nr
}

// headerPrefixes are each provider's own request and response header prefix.
var headerPrefixes = map[provider.ID]string{provider.COS: "x-cos-", provider.QingStor: "x-qs-", provider.S3: "x-amz-"}

// headerEquivalents are headers of the same meaning, by provider ("" where
// there is none): from the providers' API references' common headers.
var headerEquivalents = []map[provider.ID]string{
	{provider.QingStor: "x-qs-date", provider.S3: "x-amz-date"},
	{provider.COS: "x-cos-security-token", provider.S3: "x-amz-security-token"},
	{provider.COS: "x-cos-storage-class", provider.QingStor: "x-qs-storage-class", provider.S3: "x-amz-storage-class"},
	{provider.COS: "x-cos-copy-source", provider.QingStor: "x-qs-copy-source", provider.S3: "x-amz-copy-source"},
	{provider.COS: "x-cos-acl", provider.S3: "x-amz-acl"},
	{provider.COS: "x-cos-server-side-encryption", provider.S3: "x-amz-server-side-encryption"},
	{provider.COS: "x-cos-version-id", provider.S3: "x-amz-version-id"},
	{provider.COS: "x-cos-request-id", provider.QingStor: "x-qs-request-id", provider.S3: "x-amz-request-id"},
}

// mapHeader rewrites a source provider's own header name (user metadata,
// the prefix wildcard, a header with an equivalent) into the target's.
func mapHeader(e *emitter, path, h string, from, to provider.Profile) string {
	lower := strings.ToLower(h)
	sp, tp := headerPrefixes[from.ID], headerPrefixes[to.ID]
	renamed := func(n string) string {
		d := e.add(diag.ConvertCORSHeaderRenamed, path, fmt.Sprintf("%q is %s's; %s's counterpart is %q", h, from.Name, to.Name, n))
		d.Severity = diag.Info
		return n
	}
	switch {
	case sp == "" || !strings.HasPrefix(lower, sp):
		return h
	case lower == sp+"*":
		return renamed(tp + "*")
	case strings.HasPrefix(lower, from.CORS.MetaPrefix) && to.CORS.MetaPrefix != "":
		return renamed(to.CORS.MetaPrefix + h[len(from.CORS.MetaPrefix):])
	}
	for _, eq := range headerEquivalents {
		if eq[from.ID] == lower && eq[to.ID] != "" {
			return renamed(eq[to.ID])
		}
	}
	e.add(diag.ConvertCORSHeaderForeign, path, fmt.Sprintf("%q is %s's own header, with no %s counterpart; it is kept, but %s requests and responses do not carry it, so replace or remove it", h, from.Name, to.Name, to.Name))
	return h
}

// FormatCORS writes cfg as provider to's document in format f, indented:
// QingStor's JSON, the XML CORSConfiguration (elements in the order of the
// providers' documentation), or S3's console JSON.
func FormatCORS(cfg cors.Config, to provider.Profile, f provider.Format) (string, error) {
	switch {
	case to.ID == provider.QingStor && f == provider.JSON:
		rules := make([]obj, len(cfg.Rules))
		for i, r := range cfg.Rules {
			if len(r.AllowedOrigins) != 1 {
				return "", fmt.Errorf("rule %d has %d origins; QingStor takes one", i, len(r.AllowedOrigins))
			}
			o := obj{{"allowed_origin", r.AllowedOrigins[0]}, {"allowed_methods", nonNil(r.AllowedMethods)}}
			if len(r.AllowedHeaders) > 0 {
				o = append(o, member{"allowed_headers", r.AllowedHeaders})
			}
			if len(r.ExposeHeaders) > 0 {
				o = append(o, member{"expose_headers", r.ExposeHeaders})
			}
			if r.MaxAgeSeconds != nil {
				o = append(o, member{"max_age_seconds", *r.MaxAgeSeconds})
			}
			rules[i] = o
		}
		doc := obj{{"cors_rules", rules}}
		if cfg.RespVary != "" {
			doc = append(doc, member{"resp_vary", cfg.RespVary})
		}
		return prettyJSON(doc, "  ")
	case to.ID == provider.S3 && f == provider.JSON:
		b, err := cors.EncodeS3Console(cfg)
		return string(b), err
	case f == provider.XML && len(to.CORS.XMLNamespaces) > 0:
		// As the documentation writes it: no namespace, the rule's
		// elements in reading order. The wire form is EncodeXML's.
		p := to.CORS
		p.XMLNamespaces = []string{""}
		p.XMLRuleOrder = []string{provider.XMLID, provider.XMLAllowedOrigin, provider.XMLAllowedMethod,
			provider.XMLAllowedHeader, provider.XMLExposeHeader, provider.XMLMaxAgeSeconds}
		b, err := cors.EncodeXML(cfg, p)
		if err != nil {
			return "", err
		}
		return indentXML(string(b)), nil
	}
	return "", fmt.Errorf("%s has no CORS document in %s", to.Name, f)
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
