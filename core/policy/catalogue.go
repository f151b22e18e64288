package policy

import (
	"regexp"
	"strings"
	"sync"

	"bucketlab/core/provider"
)

// catalogue indexes a profile's actions for lookups by exact name, by name
// in any case, and by wildcard pattern.
type catalogue struct {
	prof   provider.PolicyProfile
	exact  map[string]provider.PolicyAction
	folded map[string]provider.PolicyAction
	names  []string
}

func newCatalogue(prof provider.PolicyProfile) *catalogue {
	c := &catalogue{
		prof:   prof,
		exact:  make(map[string]provider.PolicyAction, len(prof.Actions)),
		folded: make(map[string]provider.PolicyAction, len(prof.Actions)),
		names:  make([]string, len(prof.Actions)),
	}
	for i, a := range prof.Actions {
		c.exact[a.Name] = a
		c.folded[strings.ToLower(a.Name)] = a
		c.names[i] = a.Name
	}
	return c
}

// lookup finds name as the provider matches names (case-insensitively
// where it does).
func (c *catalogue) lookup(name string) (provider.PolicyAction, bool) {
	if a, ok := c.exact[name]; ok {
		return a, true
	}
	if c.prof.ActionFoldCase {
		a, ok := c.folded[strings.ToLower(name)]
		return a, ok
	}
	return provider.PolicyAction{}, false
}

// fold finds name in any case, whether or not the provider does.
func (c *catalogue) fold(name string) (provider.PolicyAction, bool) {
	a, ok := c.folded[strings.ToLower(name)]
	return a, ok
}

// match returns the actions a wildcard pattern covers.
func (c *catalogue) match(pattern string) []provider.PolicyAction {
	var out []provider.PolicyAction
	for _, a := range c.prof.Actions {
		if Glob(pattern, a.Name, c.prof.ActionFoldCase) {
			out = append(out, a)
		}
	}
	return out
}

// alias returns the action an API operation name stands for.
func (c *catalogue) alias(name string) (string, bool) {
	if t, ok := c.prof.ActionAliases[name]; ok {
		return t, true
	}
	if c.prof.ActionFoldCase {
		for k, t := range c.prof.ActionAliases {
			if strings.EqualFold(k, name) {
				return t, true
			}
		}
	}
	return "", false
}

// split separates an action into the prefix it was written with and the
// name. ok is false when it carries none of the provider's prefixes.
func (c *catalogue) split(action string) (prefix, name string, ok bool) {
	if c.prof.ActionPrefix == "" {
		return "", action, true
	}
	for _, p := range append([]string{c.prof.ActionPrefix}, c.prof.ActionAltPrefixes...) {
		if len(action) >= len(p) && (action[:len(p)] == p || c.prof.ActionFoldCase && strings.EqualFold(action[:len(p)], p)) {
			return action[:len(p)], action[len(p):], true
		}
	}
	return "", action, false
}

// covers returns the catalogue actions an action as written grants: all of
// them for "*" and wildcard patterns, one for a known name, none for an
// unknown one.
func (c *catalogue) covers(action string) []provider.PolicyAction {
	if action == "*" && c.prof.ActionWildcards {
		return c.prof.Actions
	}
	_, name, ok := c.split(action)
	if !ok {
		return nil
	}
	if c.prof.ActionWildcards && strings.ContainsAny(name, "*?") {
		return c.match(name)
	}
	if a, ok := c.lookup(name); ok {
		return []provider.PolicyAction{a}
	}
	return nil
}

// Glob matches s against a pattern where '*' is any run and '?' one
// character, as IAM matches actions and resources; fold ignores case.
func Glob(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, t := []rune(pattern), []rune(s)
	// Iterative matcher with backtracking to the last '*'.
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

var (
	patternsMu sync.Mutex
	patterns   = map[string]*regexp.Regexp{}
)

// pattern compiles an id format once.
func pattern(expr string) *regexp.Regexp {
	patternsMu.Lock()
	defer patternsMu.Unlock()
	re, ok := patterns[expr]
	if !ok {
		re = regexp.MustCompile(expr)
		patterns[expr] = re
	}
	return re
}
