package policy

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bucketlab/core/provider"
)

// Condition semantics (IAM "Condition operators" and "Multiple context
// keys or values"; RULES.md §2.2, §3.2, §4.2): the operators of a block and
// the keys under one operator are ANDed; the values listed for a key are
// ORed, and a negated operator (StringNotEquals, NotIpAddress …) holds
// when the request's value matches none of them. A key absent from the
// request makes the test false, except for …IfExists (true), Null, and
// ForAllValues (true, nothing to check) and, where the provider says so,
// negated operators (semantics.negatedMissing).

// operator is a condition operator with its qualifiers resolved.
type operator struct {
	provider.PolicyOperator
	written  string // as written: "ForAnyValue:StringLikeIfExists"
	ifExists bool
	set      string // "", "any" (ForAnyValue:) or "all" (ForAllValues:)
	// kind refines Value: "like", "fold", "lt", "le", "gt", "ge" or "" (equality).
	kind string
}

// unknownOperator is an operator the catalogue does not know.
type unknownOperator struct {
	name, path string
}

// operator resolves a written operator against the provider's catalogue,
// as the validator does; ok is false for one the catalogue does not know.
func (e *evaluator) operator(name string) (operator, bool) {
	prof := e.prof
	rest, set := name, ""
	for _, pf := range prof.OperatorPrefixes {
		if strings.HasPrefix(rest, pf) {
			rest = rest[len(pf):]
			set = "all"
			if strings.Contains(strings.ToLower(pf), "any") {
				set = "any"
			}
			break
		}
	}
	ifExists := false
	if sfx := prof.OperatorSuffix; sfx != "" && strings.HasSuffix(rest, sfx) && rest != sfx {
		rest, ifExists = strings.TrimSuffix(rest, sfx), true
	}
	for _, o := range prof.Operators {
		if o.Name != rest {
			continue
		}
		op := operator{PolicyOperator: o, written: name, ifExists: ifExists && !contains(prof.NoSuffix, o.Name), set: set}
		n := strings.ToLower(strings.ReplaceAll(o.Name, "_", ""))
		switch {
		case strings.Contains(n, "like"):
			op.kind = "like"
		case strings.Contains(n, "ignorecase"):
			op.kind = "fold"
		case strings.Contains(n, "lessthanequal"):
			op.kind = "le"
		case strings.Contains(n, "lessthan"):
			op.kind = "lt"
		case strings.Contains(n, "greaterthanequal"):
			op.kind = "ge"
		case strings.Contains(n, "greaterthan"):
			op.kind = "gt"
		}
		return op, true
	}
	return operator{written: name}, false
}

// conditions evaluates every operator block of a statement: one reason per
// key, whether all that could be evaluated hold, and the operators that
// could not be.
func (e *evaluator) conditions(base string, s *Statement) ([]Reason, bool, []unknownOperator) {
	var reasons []Reason
	var unknown []unknownOperator
	holds := true
	for ci, c := range s.Conditions {
		cp := fmt.Sprintf("%s/conditions/%d", base, ci)
		op, ok := e.operator(c.Operator)
		if !ok {
			unknown = append(unknown, unknownOperator{name: c.Operator, path: cp + "/operator"})
			reasons = append(reasons, Reason{Part: PartCondition, Path: cp + "/operator",
				Message: fmt.Sprintf("operator %q is not one %s knows, so this condition cannot be evaluated", c.Operator, e.sem.name)})
			continue
		}
		if len(c.Keys) == 0 {
			// IAM: an operator with no key tests nothing.
			reasons = append(reasons, Reason{Part: PartCondition, Matched: true, Path: cp + "/operator",
				Message: fmt.Sprintf("%s lists no key, so it tests nothing", c.Operator)})
			continue
		}
		for ki, k := range c.Keys {
			ok, msg := e.conditionKey(op, k)
			holds = holds && ok
			reasons = append(reasons, Reason{Part: PartCondition, Matched: ok, Message: c.Operator + ": " + msg,
				Path: fmt.Sprintf("%s/keys/%d", cp, ki)})
		}
	}
	return reasons, holds, unknown
}

// conditionKey evaluates one key of an operator block against the request.
func (e *evaluator) conditionKey(op operator, k ConditionKey) (bool, string) {
	vals, present := e.lookup(k.Key)
	var policy []string
	for _, v := range k.Values {
		x, missing := e.expand(v)
		if missing == "" {
			policy = append(policy, x) // a variable without a value matches nothing
		}
	}
	shown := quoteOr(k.Values)
	if op.Value == provider.ValueNull {
		return e.null(op, k, vals, present)
	}
	if !present {
		what := fmt.Sprintf("the request has no %s", k.Key)
		switch {
		case op.ifExists:
			return true, what + fmt.Sprintf(", so %s holds (it tests only a key that exists)", op.written)
		case op.set == "all":
			return true, what + ", and ForAllValues holds for no values"
		case op.set == "any":
			return false, what + ", and ForAnyValue needs one"
		case op.Negated && e.sem.negatedMissing:
			return true, what + ", so the negated operator holds"
		}
		return false, what + ", so the condition is false"
	}
	// matchOne: does one request value satisfy the operator?
	firstHit := func(r string) int {
		for i, p := range policy {
			if e.compare(op, p, r) {
				return i
			}
		}
		return -1
	}
	yes, no := op.verbs()
	key := k.Key
	bad := e.uncomparable(op, vals)
	switch op.set {
	case "any", "all":
		for _, r := range vals {
			hit := firstHit(r)
			one := hit >= 0 != op.Negated
			if op.set == "any" && one {
				if op.Negated {
					return true, fmt.Sprintf("%s %q %s %s", key, r, no, shown) + bad
				}
				return true, fmt.Sprintf("%s %q %s %q", key, r, yes, policy[hit]) + bad
			}
			if op.set == "all" && !one {
				if op.Negated {
					return false, fmt.Sprintf("%s %q %s %q", key, r, yes, policy[hit]) + bad
				}
				return false, fmt.Sprintf("%s %q %s %s", key, r, no, shown) + bad
			}
		}
		if op.set == "any" {
			if op.Negated {
				return false, fmt.Sprintf("every value of %s (%s) %s %s", key, quoteList(vals), yes, shown) + bad
			}
			return false, fmt.Sprintf("no value of %s (%s) %s %s", key, quoteList(vals), yes, shown) + bad
		}
		if op.Negated {
			return true, fmt.Sprintf("no value of %s (%s) %s %s", key, quoteList(vals), yes, shown) + bad
		}
		return true, fmt.Sprintf("every value of %s (%s) %s %s", key, quoteList(vals), yes, shown) + bad
	}
	// No qualifier: a positive operator holds when a request value matches
	// a listed value; a negated one when none does.
	for _, r := range vals {
		if hit := firstHit(r); hit >= 0 {
			if op.Negated {
				return false, fmt.Sprintf("%s %q %s %q", key, r, yes, policy[hit]) + bad
			}
			return true, fmt.Sprintf("%s %q %s %q", key, r, yes, policy[hit]) + bad
		}
	}
	got := quoteList(vals)
	if op.Negated {
		return true, fmt.Sprintf("%s %s %s %s", key, got, no, shown) + bad
	}
	return false, fmt.Sprintf("%s %s %s %s", key, got, no, shown) + bad
}

// null evaluates Null / is_null: "true" holds when the key is absent (or,
// for QingStor's Referer, empty), "false" when it is present.
func (e *evaluator) null(op operator, k ConditionKey, vals []string, present bool) (bool, string) {
	absent := !present
	if present {
		absent = true
		for _, v := range vals {
			if v != "" {
				absent = false
			}
		}
	}
	state := "absent"
	if !absent {
		state = fmt.Sprintf("present (%s)", quoteList(vals))
	}
	shown := func(v string) string {
		if k.Literal {
			return v // a JSON boolean, written without quotes
		}
		return strconv.Quote(v)
	}
	var listed []string
	for _, v := range k.Values {
		listed = append(listed, shown(v))
		want, err := strconv.ParseBool(strings.ToLower(v))
		if err != nil {
			continue
		}
		if want == absent {
			return true, fmt.Sprintf("%s is %s, as %s requires", k.Key, state, shown(v))
		}
	}
	return false, fmt.Sprintf("%s is %s, but %s requires it %s", k.Key, state, strings.Join(listed, " or "), map[bool]string{true: "present", false: "absent"}[absent])
}

// uncomparable notes the request values the operator cannot read.
func (e *evaluator) uncomparable(op operator, vals []string) string {
	var bad []string
	for _, v := range vals {
		ok := true
		switch op.Value {
		case provider.ValueNumeric:
			_, err := strconv.ParseFloat(v, 64)
			ok = err == nil
		case provider.ValueDate:
			_, ok = parseDate(v)
		case provider.ValueBool:
			_, err := strconv.ParseBool(strings.ToLower(v))
			ok = err == nil && (strings.EqualFold(v, "true") || strings.EqualFold(v, "false"))
		case provider.ValueIP:
			_, err := netip.ParseAddr(v)
			ok = err == nil
		}
		if !ok {
			bad = append(bad, v)
		}
	}
	if len(bad) == 0 {
		return ""
	}
	what := map[string]string{provider.ValueNumeric: "a number", provider.ValueDate: "a date",
		provider.ValueBool: `"true" or "false"`, provider.ValueIP: "an IP address"}[op.Value]
	return fmt.Sprintf(" (the request's %s is not %s, so it matches nothing)", quoteList(bad), what)
}

// verbs: how to say that a request value matches a listed value, or not.
func (o operator) verbs() (yes, no string) {
	switch o.Value {
	case provider.ValueString:
		switch o.kind {
		case "like":
			return "matches", "does not match"
		case "fold":
			return "equals (ignoring case)", "does not equal (ignoring case)"
		}
		return "equals", "does not equal"
	case provider.ValueNumeric, provider.ValueDate:
		words := map[string][2]string{
			"lt": {"is less than", "is not less than"}, "le": {"is at most", "is not at most"},
			"gt": {"is greater than", "is not greater than"}, "ge": {"is at least", "is not at least"},
		}
		if o.Value == provider.ValueDate {
			words = map[string][2]string{
				"lt": {"is before", "is not before"}, "le": {"is at or before", "is not at or before"},
				"gt": {"is after", "is not after"}, "ge": {"is at or after", "is not at or after"},
			}
		}
		if w, ok := words[o.kind]; ok {
			return w[0], w[1]
		}
		return "equals", "does not equal"
	case provider.ValueIP:
		return "is in", "is not in"
	case provider.ValueARN:
		return "matches", "does not match"
	case provider.ValueBool:
		return "is", "is not"
	}
	return "equals", "does not equal"
}

// compare reports whether request value r matches policy value p under the
// operator's positive form (a negated operator's caller inverts it).
func (e *evaluator) compare(op operator, p, r string) bool {
	switch op.Value {
	case provider.ValueString:
		switch op.kind {
		case "like":
			return like(p, r, e.sem.questionMark, false)
		case "fold":
			return strings.EqualFold(p, r)
		}
		return p == r
	case provider.ValueNumeric:
		a, err1 := strconv.ParseFloat(p, 64)
		b, err2 := strconv.ParseFloat(r, 64)
		if err1 != nil || err2 != nil || math.IsNaN(a) || math.IsNaN(b) {
			return false
		}
		return ordered(op.kind, cmpFloat(b, a))
	case provider.ValueDate:
		a, ok1 := parseDate(p)
		b, ok2 := parseDate(r)
		if !ok1 || !ok2 {
			return false
		}
		return ordered(op.kind, b.Compare(a))
	case provider.ValueBool:
		a, err1 := strconv.ParseBool(strings.ToLower(p))
		b, err2 := strconv.ParseBool(strings.ToLower(r))
		return err1 == nil && err2 == nil && a == b
	case provider.ValueBinary:
		return p == r
	case provider.ValueIP:
		return ipIn(p, r)
	case provider.ValueARN:
		return arnLike(p, r, true)
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ordered: does "request c policy" (c = -1, 0, 1) satisfy the kind?
func ordered(kind string, c int) bool {
	switch kind {
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	}
	return c == 0
}

// ipIn: is address r inside p, a CIDR range or a single address? IPv4
// addresses written as IPv4-mapped IPv6 count as IPv4.
func ipIn(p, r string) bool {
	addr, err := netip.ParseAddr(strings.TrimSpace(r))
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	if !strings.Contains(p, "/") {
		a, err := netip.ParseAddr(p)
		return err == nil && a.Unmap() == addr
	}
	prefix, err := netip.ParsePrefix(p)
	if err != nil {
		return false
	}
	if prefix.Addr().Is4In6() && prefix.Bits() >= 96 {
		prefix = netip.PrefixFrom(prefix.Addr().Unmap(), prefix.Bits()-96)
	}
	return prefix.Masked().Contains(addr)
}

func parseDate(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var variable = regexp.MustCompile(`\$\{([^}]*)\}`)

// expand substitutes policy variables (${aws:username}, ${key, 'default'},
// and the escapes ${*}, ${?}, ${$}) from the request's context, under the
// version that enables them. missing names the first variable with no
// value and no default; the element then matches nothing (IAM "Policy
// variables": a variable without a value does not match).
func (e *evaluator) expand(s string) (out, missing string) {
	if !e.vars || !strings.Contains(s, "${") {
		return s, ""
	}
	out = variable.ReplaceAllStringFunc(s, func(m string) string {
		inner := strings.TrimSpace(m[2 : len(m)-1])
		switch inner {
		case "*", "?", "$":
			return inner
		}
		key, def, hasDef := inner, "", false
		if k, d, ok := strings.Cut(inner, ","); ok {
			key, d = strings.TrimSpace(k), strings.TrimSpace(d)
			if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
				def, hasDef = d[1:len(d)-1], true
			}
		}
		if v, ok := e.lookup(key); ok {
			return v[0]
		}
		if hasDef {
			return def
		}
		if missing == "" {
			missing = "${" + key + "}"
		}
		return m
	})
	return out, missing
}
