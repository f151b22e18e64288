package policy

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"bucketlab/core/diag"
	"bucketlab/core/internal/typo"
	"bucketlab/core/provider"
)

// Validate checks p against the provider's rules. It collects every
// problem; it never stops at the first. Paths are model paths, so the one
// rule serves every dialect.
func Validate(p Policy, prof provider.PolicyProfile) diag.List {
	v := &validator{p: &p, prof: prof, cat: newCatalogue(prof)}
	v.version()
	if p.Principal != nil {
		v.principal("/principal", p.Principal)
	}
	v.statements()
	v.buckets()
	v.variables()
	return v.out
}

type validator struct {
	p    *Policy
	prof provider.PolicyProfile
	cat  *catalogue
	out  diag.List
	// resources are the parsed resources by path, for the checks that
	// look across a statement or the whole policy.
	resources []parsedResource
}

type parsedResource struct {
	path string
	res  resource
}

func (v *validator) add(d diag.Diagnostic) { v.out.Add(d) }

// soften lowers an error to a warning where the provider accepts what it
// will simply never match.
func soften(d diag.Diagnostic, rejected bool, why string) diag.Diagnostic {
	if !rejected {
		d.Severity = diag.Warning
		d.Message += why
	}
	return d
}

func (v *validator) reported(path string) bool { return v.p.reported[path] }

func (v *validator) version() {
	k := v.prof.Keys.Version
	if k == "" {
		return
	}
	switch ver := v.p.Version; {
	case ver == "":
		if v.prof.VersionRequired && !v.reported("/version") {
			d := diag.New(diag.PolicyVersionMissing, "/version",
				fmt.Sprintf("the policy has no %q; add %q: %q", k, k, v.prof.Versions[0]))
			v.add(d)
		}
	case !contains(v.prof.Versions, ver):
		d := diag.New(diag.PolicyVersionInvalid, "/version",
			fmt.Sprintf("version %q is not one the service accepts; write %s", ver, quoteOr(v.prof.Versions)))
		fix := v.prof.Versions[0]
		if s := typo.Closest(ver, v.prof.Versions); s != "" {
			fix = s
		}
		d.Suggestion = strconv.Quote(fix)
		v.add(d)
	}
}

// variables: IAM expands ${aws:username} and the like only under
// Version 2012-10-17; under 2008-10-17 (also the default) they are
// matched as literal text.
func (v *validator) variables() {
	want := v.prof.VariablesVersion
	if want == "" || v.p.Version == want || v.p.Version != "" && !contains(v.prof.Versions, v.p.Version) {
		return // no variables, or the version itself is reported
	}
	for i, s := range v.p.Statements {
		for j, r := range s.Resources {
			if strings.Contains(r, "${") {
				v.add(v.variablesDiag(fmt.Sprintf("/statements/%d/resources/%d", i, j), r))
				return
			}
		}
		for ci, c := range s.Conditions {
			for ki, k := range c.Keys {
				for vi, val := range k.Values {
					if strings.Contains(val, "${") {
						v.add(v.variablesDiag(fmt.Sprintf("/statements/%d/conditions/%d/keys/%d/values/%d", i, ci, ki, vi), val))
						return
					}
				}
			}
		}
	}
}

func (v *validator) variablesDiag(path, val string) diag.Diagnostic {
	read := fmt.Sprintf("Version %s does not expand it", v.p.Version)
	if v.p.Version == "" {
		read = fmt.Sprintf("a policy without %q is read as 2008-10-17, which does not expand it", v.prof.Keys.Version)
	}
	return diag.New(diag.PolicyVariablesVersion, path,
		fmt.Sprintf("%q uses a policy variable, but %s: it is matched as literal text; write %q: %q", val, read, v.prof.Keys.Version, v.prof.VariablesVersion))
}

func (v *validator) statements() {
	k := v.prof.Keys.Statement
	if len(v.p.Statements) == 0 {
		if v.reported("/statements") {
			return
		}
		msg := fmt.Sprintf("the policy has no %q; add at least one statement", k)
		if v.p.Statements != nil {
			msg = fmt.Sprintf("%q is empty; add at least one statement", k)
		}
		v.add(diag.New(diag.PolicyStatementMissing, "/statements", msg))
		return
	}
	sids := map[string]int{}
	for i := range v.p.Statements {
		path := fmt.Sprintf("/statements/%d", i)
		s := &v.p.Statements[i]
		v.sid(path, s, i, sids)
		v.effect(path, s)
		v.statementPrincipal(path, s)
		v.actions(path, s)
		v.statementResources(path, s)
		v.mismatch(path, s)
		v.conditions(path, s)
		v.public(path, s)
		v.allowNot(path, s)
		v.fieldLimits(path, s)
	}
}

func (v *validator) sid(path string, s *Statement, i int, seen map[string]int) {
	k := v.prof.Keys.Sid
	if s.Sid == "" {
		if v.prof.SidRequired && !v.reported(path+"/sid") {
			v.add(diag.New(diag.PolicySidMissing, path+"/sid",
				fmt.Sprintf("the statement has no %q; add one that no other statement uses, e.g. %q: %q", k, k, fmt.Sprintf("statement-%d", i+1))))
		}
		return
	}
	if j, dup := seen[s.Sid]; dup {
		d := diag.New(diag.PolicySidDuplicate, path+"/sid",
			fmt.Sprintf("%s %q is already used by statement %d; give each statement its own", k, s.Sid, j+1))
		v.add(soften(d, v.prof.SidUnique, " (the service stores both, but tools that address statements by it will pick one)"))
		return
	}
	seen[s.Sid] = i
}

func (v *validator) effect(path string, s *Statement) {
	k, p := v.prof.Keys.Effect, path+"/effect"
	e, allowed := s.Effect, v.prof.Effects
	if e == "" {
		if !v.reported(p) {
			v.add(diag.New(diag.PolicyEffectMissing, p,
				fmt.Sprintf("the statement needs %q: %s", k, quoteOr(allowed))))
		}
		return
	}
	if contains(allowed, e) {
		return
	}
	m, folded := containsFold(allowed, e)
	if folded && v.prof.EffectFoldCase {
		return
	}
	d := diag.New(diag.PolicyEffectInvalid, p, "")
	switch s := typo.Closest(e, allowed); {
	case folded:
		d.Message = fmt.Sprintf("effect %q must be written %q; the value is case-sensitive", e, m)
		d.Suggestion = strconv.Quote(m)
	case s != "":
		d.Message = fmt.Sprintf("effect %q is not allowed; did you mean %q? write %s", e, s, quoteOr(allowed))
		d.Suggestion = strconv.Quote(s)
	default:
		d.Message = fmt.Sprintf("effect %q is not allowed; write %s", e, quoteOr(allowed))
	}
	v.add(d)
}

// allow reports whether the statement allows (in the provider's casing).
func (v *validator) allow(s *Statement) bool {
	return strings.EqualFold(s.Effect, v.prof.Effects[0])
}

func (v *validator) statementPrincipal(path string, s *Statement) {
	k := v.prof.Keys
	if s.Principal != nil && s.NotPrincipal != nil {
		v.add(diag.New(diag.PolicyElementConflict, path+"/notPrincipal",
			fmt.Sprintf("a statement takes %q or %q, not both; remove one", k.Principal, k.NotPrincipal)))
	}
	if s.Principal == nil && s.NotPrincipal == nil {
		inherited := v.prof.PolicyPrincipal && v.p.Principal != nil
		if v.prof.PrincipalRequired && !inherited && !v.reported(path+"/principal") && !v.reported(path+"/notPrincipal") {
			v.add(diag.New(diag.PolicyPrincipalMissing, path+"/principal", v.missingPrincipal()))
		}
		return
	}
	if s.Principal != nil {
		v.principal(path+"/principal", s.Principal)
	}
	if s.NotPrincipal != nil {
		v.principal(path+"/notPrincipal", s.NotPrincipal)
	}
}

func (v *validator) missingPrincipal() string {
	k := v.prof.Keys
	if v.prof.PrincipalTypes == nil {
		id := v.prof.PrincipalIDs[""].Example
		return fmt.Sprintf("the statement has no %q; add the user ids it applies to, e.g. %q: [%q], or [\"*\"] for everyone", k.Principal, k.Principal, id)
	}
	t := v.prof.PrincipalTypes[0]
	msg := fmt.Sprintf("the statement has no %q; a bucket policy must say whom it applies to, e.g. %q: {%q: [%q]}",
		k.Principal, k.Principal, t, v.prof.PrincipalIDs[t].Example)
	if v.prof.PolicyPrincipal {
		msg += ", here or at the policy level"
	}
	return msg
}

func (v *validator) principal(path string, pr *Principal) {
	if pr.Any {
		return
	}
	k := v.prof.Keys.Principal
	if len(pr.Groups) == 0 {
		v.add(diag.New(diag.PolicyPrincipalInvalid, path, fmt.Sprintf("the principal is empty; name whom the statement applies to, e.g. %s", v.principalExample())))
		return
	}
	types := v.prof.PrincipalTypes
	for gi, g := range pr.Groups {
		gp := fmt.Sprintf("%s/groups/%d", path, gi)
		if types != nil && g.Type == "" {
			what := "a plain list"
			if len(g.IDs) == 1 {
				what = "a plain string"
			}
			v.add(diag.New(diag.PolicyPrincipalInvalid, gp,
				fmt.Sprintf("%q must be \"*\" or an object such as %s, not %s", k, v.principalExample(), what)))
			continue
		}
		if types != nil && !contains(types, g.Type) {
			d := diag.New(diag.PolicyPrincipalInvalid, gp+"/type", "")
			if m, ok := containsFold(types, g.Type); ok {
				d.Message = fmt.Sprintf("principal type %q must be written %q", g.Type, m)
				d.Suggestion = strconv.Quote(m)
			} else if s := typo.Closest(g.Type, types); s != "" {
				d.Message = fmt.Sprintf("unknown principal type %q; did you mean %q?", g.Type, s)
				d.Suggestion = strconv.Quote(s)
			} else {
				d.Message = fmt.Sprintf("unknown principal type %q; expected %s", g.Type, quoteOr(types))
			}
			v.add(d)
			continue
		}
		if len(g.IDs) == 0 && !v.reported(gp) {
			v.add(diag.New(diag.PolicyPrincipalInvalid, gp, fmt.Sprintf("no id is listed; name at least one, e.g. %q", v.prof.PrincipalIDs[g.Type].Example)))
			continue
		}
		format := v.prof.PrincipalIDs[g.Type]
		for j, id := range g.IDs {
			ip := fmt.Sprintf("%s/ids/%d", gp, j)
			switch {
			case id == "*" && len(g.IDs) > 1 && types != nil:
				v.add(diag.New(diag.PolicyPrincipalInvalid, ip,
					`"*" means everyone and cannot be listed with other principals; write "*" alone or remove it`))
			case format.Pattern != "" && !pattern(format.Pattern).MatchString(id):
				v.add(v.badPrincipalID(ip, g.Type, id, format))
			}
		}
	}
}

func (v *validator) principalExample() string {
	if v.prof.PrincipalTypes == nil {
		return strconv.Quote(v.prof.PrincipalIDs[""].Example)
	}
	t := v.prof.PrincipalTypes[0]
	return fmt.Sprintf("{%q: [%q]}", t, v.prof.PrincipalIDs[t].Example)
}

func (v *validator) badPrincipalID(path, typ, id string, f provider.IDFormat) diag.Diagnostic {
	d := diag.New(diag.PolicyPrincipalInvalid, path, fmt.Sprintf("principal %q is not %s", id, f.Describe))
	switch {
	case strings.ContainsAny(id, " \t") && pattern(f.Pattern).MatchString(strings.Join(strings.Fields(id), "")):
		fixed := strings.Join(strings.Fields(id), "")
		d.Message = fmt.Sprintf("principal %q contains white space; write %q", id, fixed)
		d.Suggestion = strconv.Quote(fixed)
	case strings.Contains(id, "*"):
		d.Message += `; principals take no partial wildcards — write "*" alone for everyone, or the exact id`
	case typ == "qcs" && strings.Contains(id, "uid/"):
		fixed := strings.ReplaceAll(id, "uid/", "uin/")
		d.Message += fmt.Sprintf("; CAM principals name accounts by uin: %q", fixed)
		d.Suggestion = strconv.Quote(fixed)
	default:
		d.Message += fmt.Sprintf(", e.g. %q", f.Example)
	}
	return d
}

func (v *validator) actions(path string, s *Statement) {
	k := v.prof.Keys
	if s.Actions != nil && s.NotActions != nil {
		v.add(diag.New(diag.PolicyElementConflict, path+"/notActions",
			fmt.Sprintf("a statement takes %q or %q, not both; remove one", k.Action, k.NotAction)))
	}
	list, lp, key := s.Actions, path+"/actions", k.Action
	if list == nil && s.NotActions != nil {
		list, lp, key = s.NotActions, path+"/notActions", k.NotAction
	}
	if len(list) == 0 {
		if !v.reported(lp) {
			msg := fmt.Sprintf("the statement has no %q; add the actions it allows or denies, e.g. %q", key, v.exampleAction())
			if list != nil {
				msg = fmt.Sprintf("%q is empty; list at least one action, e.g. %q", key, v.exampleAction())
			}
			v.add(diag.New(diag.PolicyActionMissing, lp, msg))
		}
		return
	}
	for j, a := range list {
		v.action(fmt.Sprintf("%s/%d", lp, j), a)
	}
}

func (v *validator) exampleAction() string {
	for _, a := range v.prof.Actions {
		if a.Level == provider.LevelObject && a.Access == provider.AccessRead {
			return v.prof.ActionPrefix + a.Name
		}
	}
	return v.prof.ActionPrefix + v.prof.Actions[0].Name
}

func (v *validator) action(path, a string) {
	prof := v.prof
	if strings.TrimSpace(a) == "" {
		v.add(diag.New(diag.PolicyActionInvalid, path, fmt.Sprintf("the action is empty; write one such as %q", v.exampleAction())))
		return
	}
	if a == "*" && prof.ActionWildcards {
		return
	}
	if strings.ContainsAny(a, " \t\r\n") {
		fixed := strings.Join(strings.Fields(a), "")
		d := diag.New(diag.PolicyActionInvalid, path, fmt.Sprintf("action %q contains white space; write %q", a, fixed))
		d.Suggestion = strconv.Quote(fixed)
		v.add(d)
		return
	}
	prefix, name, ok := v.cat.split(a)
	if !ok {
		v.add(v.foreignAction(path, a))
		return
	}
	if strings.ContainsAny(name, "*?") {
		if !prof.ActionWildcards {
			v.add(diag.New(diag.PolicyActionUnknown, path,
				fmt.Sprintf("action %q: QingStor actions take no wildcards; list the actions, e.g. %q", a, v.exampleAction())))
			return
		}
		if len(v.cat.match(name)) == 0 {
			d := diag.New(diag.PolicyActionUnknown, path, fmt.Sprintf("%q matches no action of the catalogue", a))
			v.add(soften(d, prof.ActionsClosed, " this checker knows"))
		}
		return
	}
	if _, ok := v.cat.lookup(name); ok {
		return
	}
	if m, ok := v.cat.fold(name); ok {
		fixed := prefix + m.Name
		d := diag.New(diag.PolicyActionUnknown, path, fmt.Sprintf("action %q must be written %q; action names are case-sensitive", a, fixed))
		d.Suggestion = strconv.Quote(fixed)
		v.add(d)
		return
	}
	if target, ok := v.cat.alias(name); ok {
		fixed := prefix + target
		d := diag.New(diag.PolicyActionUnknown, path,
			fmt.Sprintf("%q is not an action: the permission for %s is %q", a, name, fixed))
		d.Suggestion = strconv.Quote(fixed)
		v.add(d)
		return
	}
	d := diag.New(diag.PolicyActionUnknown, path, fmt.Sprintf("unknown action %q", a))
	if s := typo.Closest(name, v.cat.names); s != "" {
		d.Message += fmt.Sprintf("; did you mean %q?", prefix+s)
		d.Suggestion = strconv.Quote(prefix + s)
	} else {
		d.Message += fmt.Sprintf("; write an action such as %q", v.exampleAction())
	}
	v.add(soften(d, prof.ActionsClosed, " (it is not in the catalogue this checker knows; check its spelling)"))
}

// foreignAction explains an action without the provider's prefix.
func (v *validator) foreignAction(path, a string) diag.Diagnostic {
	prefix := v.prof.ActionPrefix
	d := diag.New(diag.PolicyActionInvalid, path, "")
	service, name, hasService := strings.Cut(a, ":")
	if i := strings.LastIndex(a, ":"); i >= 0 {
		service, name, hasService = a[:i], a[i+1:], true
	}
	known := func(n string) (string, bool) {
		if act, ok := v.cat.lookup(n); ok {
			return act.Name, true
		}
		if act, ok := v.cat.fold(n); ok {
			return act.Name, true
		}
		return "", false
	}
	switch {
	case !hasService:
		d.Message = fmt.Sprintf("action %q has no service prefix; write %q followed by the action, e.g. %q", a, prefix, v.exampleAction())
		if n, ok := known(a); ok {
			d.Message = fmt.Sprintf("action %q has no service prefix; write %q", a, prefix+n)
			d.Suggestion = strconv.Quote(prefix + n)
		}
	default:
		d.Message = fmt.Sprintf("action %q belongs to another service; a bucket policy grants only %q actions, such as %q", a, prefix, v.exampleAction())
		if n, ok := known(name); ok {
			d.Message = fmt.Sprintf("action %q has the wrong prefix %q; write %q", a, service+":", prefix+n)
			d.Suggestion = strconv.Quote(prefix + n)
		}
	}
	return d
}

func (v *validator) statementResources(path string, s *Statement) {
	k := v.prof.Keys
	if s.Resources != nil && s.NotResources != nil {
		v.add(diag.New(diag.PolicyElementConflict, path+"/notResources",
			fmt.Sprintf("a statement takes %q or %q, not both; remove one", k.Resource, k.NotResource)))
	}
	list, rp, key := s.Resources, path+"/resources", k.Resource
	if list == nil && s.NotResources != nil {
		list, rp, key = s.NotResources, path+"/notResources", k.NotResource
	}
	if len(list) == 0 {
		if v.reported(rp) {
			return
		}
		if v.prof.ResourceOptional {
			// Only object actions need a resource (QingStor put_policy.md).
			for _, a := range s.Actions {
				for _, c := range v.cat.covers(a) {
					if c.Level == provider.LevelObject {
						v.add(diag.New(diag.PolicyResourceMissing, rp,
							fmt.Sprintf("object actions such as %q need %q naming the objects, e.g. %q: [\"mybucket/*\"]", a, key, key)))
						return
					}
				}
			}
			return
		}
		msg := fmt.Sprintf("the statement has no %q; write %s", key, resourceExample(v.prof))
		if list != nil {
			msg = fmt.Sprintf("%q is empty; write %s", key, resourceExample(v.prof))
		}
		v.add(diag.New(diag.PolicyResourceMissing, rp, msg))
		return
	}
	for j, r := range list {
		p := fmt.Sprintf("%s/%d", rp, j)
		res, err := parseResource(r, v.prof)
		if err != nil {
			d := diag.New(diag.PolicyResourceInvalid, p, err.msg)
			if err.fix != "" {
				d.Suggestion = strconv.Quote(err.fix)
			}
			v.add(d)
			continue
		}
		if s.Resources != nil {
			v.resources = append(v.resources, parsedResource{path: p, res: res})
		}
	}
}

// mismatch: every action must apply to at least one of the statement's
// resources; S3 refuses the policy otherwise ("Action does not apply to
// any resource(s) in statement").
func (v *validator) mismatch(path string, s *Statement) {
	if s.Actions == nil || s.NotResources != nil {
		return
	}
	forBucket, forObject := false, false
	n := 0
	for _, r := range v.resources {
		if strings.HasPrefix(r.path, path+"/resources/") {
			n++
			forBucket = forBucket || r.res.forBucket
			forObject = forObject || r.res.forObject
		}
	}
	switch {
	case len(s.Resources) == 0 && v.prof.ResourceOptional:
		forBucket = true // bucket actions may omit the resource
	case n == 0 || n != len(s.Resources):
		return // nothing (valid) to compare against; reported already
	}
	for j, a := range s.Actions {
		covered := v.cat.covers(a)
		if len(covered) == 0 {
			continue
		}
		fits, levels := false, map[string]bool{}
		for _, c := range covered {
			levels[c.Level] = true
			switch c.Level {
			case provider.LevelBucket:
				fits = fits || forBucket
			case provider.LevelObject:
				fits = fits || forObject
			case provider.LevelEither:
				fits = fits || forBucket || forObject
			}
		}
		if fits {
			continue
		}
		ap := fmt.Sprintf("%s/actions/%d", path, j)
		d := diag.New(diag.PolicyActionResource, ap, "")
		switch {
		case len(levels) == 1 && levels[provider.LevelNone]:
			d.Message = fmt.Sprintf("%q applies to no bucket or object (an account-level action); a bucket policy cannot grant it — remove it", a)
		case levels[provider.LevelObject] && !forObject && len(s.Resources) == 0:
			continue // reported as a missing resource
		case levels[provider.LevelObject] && !forObject:
			d.Message = fmt.Sprintf("%q is an object action, but the resources name only the bucket; add the objects, e.g. %s", a, v.objectResourceFor(path))
		default:
			d.Message = fmt.Sprintf("%q is a bucket action, but the resources name only objects; add the bucket itself, e.g. %s", a, v.bucketResourceFor(path, s))
		}
		v.add(soften(d, v.prof.MismatchRejected, ", otherwise the statement never applies to it"))
	}
}

// objectResourceFor suggests the object form of the statement's first resource.
func (v *validator) objectResourceFor(path string) string {
	for _, r := range v.resources {
		if strings.HasPrefix(r.path, path+"/resources/") {
			res := v.p.resourceAt(r.path)
			return strconv.Quote(strings.TrimSuffix(res, "/") + "/*")
		}
	}
	return resourceExample(v.prof)
}

// bucketResourceFor suggests the bucket form of the statement's first resource.
func (v *validator) bucketResourceFor(path string, s *Statement) string {
	if len(s.Resources) > 0 {
		r := s.Resources[0]
		if i := strings.Index(r, "/"); i >= 0 {
			b := r[:i]
			if v.prof.Resource == provider.ResourceQCS {
				b += "/"
			}
			if v.prof.ResourceOptional {
				return strconv.Quote(b) + " (or no resource at all)"
			}
			return strconv.Quote(b)
		}
	}
	return resourceExample(v.prof)
}

// resourceAt returns the resource written at a /statements/N/resources/M path.
func (p *Policy) resourceAt(path string) string {
	parts := strings.Split(path, "/") // "", "statements", N, "resources", M
	if len(parts) != 5 || parts[1] != "statements" || parts[3] != "resources" {
		return ""
	}
	i, err1 := strconv.Atoi(parts[2])
	j, err2 := strconv.Atoi(parts[4])
	if err1 != nil || err2 != nil || i >= len(p.Statements) || j >= len(p.Statements[i].Resources) {
		return ""
	}
	return p.Statements[i].Resources[j]
}

// buckets: a bucket policy covers its own bucket, so every resource must
// name the same one. The check cannot know which bucket the policy will be
// attached to; it flags the resources that differ from the first.
func (v *validator) buckets() {
	first := ""
	firstPath := ""
	for _, r := range v.resources {
		if r.res.bucket == "" {
			continue
		}
		if first == "" {
			first, firstPath = r.res.bucket, r.path
			continue
		}
		if r.res.bucket != first {
			d := diag.New(diag.PolicyResourceBuckets, r.path,
				fmt.Sprintf("this resource names bucket %q, but %q names %q; a bucket policy covers only the bucket it is attached to", bucketName(r.res.bucket), v.p.resourceAt(firstPath), bucketName(first)))
			v.add(soften(d, v.prof.OtherBucketRejected, ", so this resource never matches there"))
		}
	}
}

func bucketName(id string) string {
	if i := strings.LastIndex(id, ":"); i >= 0 {
		return id[i+1:]
	}
	return id
}

func (v *validator) conditions(path string, s *Statement) {
	for ci, c := range s.Conditions {
		cp := fmt.Sprintf("%s/conditions/%d", path, ci)
		op, known := v.operator(cp, c.Operator)
		for ki, k := range c.Keys {
			kp := fmt.Sprintf("%s/keys/%d", cp, ki)
			key, ok := v.conditionKey(kp, op, known, k.Key)
			if known {
				v.conditionValues(kp, op, k)
			}
			if ok && v.prof.WildcardActionConditions && !key.AllRequests && v.allActions(s) {
				v.add(diag.New(diag.PolicyConditionWildcard, kp+"/key",
					fmt.Sprintf("%q is present only on some requests; with the all-actions wildcard every other request fails this condition — list the actions it applies to instead", k.Key)))
			}
		}
	}
}

// allActions reports whether the statement grants every action.
func (v *validator) allActions(s *Statement) bool {
	for _, a := range s.Actions {
		if a == "*" {
			return true
		}
		if _, name, ok := v.cat.split(a); ok && name == "*" {
			return true
		}
	}
	return false
}

// operator resolves a condition operator with its qualifiers
// ("ForAnyValue:StringLike", "StringEqualsIfExists", "ip_equal_if_exist").
func (v *validator) operator(cp, name string) (provider.PolicyOperator, bool) {
	prof := v.prof
	rest, qualifier := name, ""
	for _, pf := range prof.OperatorPrefixes {
		if strings.HasPrefix(rest, pf) {
			rest, qualifier = rest[len(pf):], pf
			break
		}
	}
	full, suffix := rest, ""
	if sfx := prof.OperatorSuffix; sfx != "" && strings.HasSuffix(rest, sfx) && rest != sfx {
		rest, suffix = strings.TrimSuffix(rest, sfx), sfx
	}
	var candidates []string
	for _, o := range prof.Operators {
		candidates = append(candidates, o.Name)
		if prof.OperatorSuffix != "" && !contains(prof.NoSuffix, o.Name) {
			candidates = append(candidates, o.Name+prof.OperatorSuffix)
		}
		if o.Name == rest {
			if suffix != "" && contains(prof.NoSuffix, rest) {
				d := diag.New(diag.PolicyOperatorUnknown, cp+"/operator",
					fmt.Sprintf("operator %q takes no %q suffix; write %q", name, suffix, qualifier+rest))
				d.Suggestion = strconv.Quote(qualifier + rest)
				v.add(d)
			}
			return o, true
		}
	}
	d := diag.New(diag.PolicyOperatorUnknown, cp+"/operator", "")
	if m, ok := containsFold(candidates, full); ok {
		d.Message = fmt.Sprintf("condition operator %q must be written %q", name, qualifier+m)
		d.Suggestion = strconv.Quote(qualifier + m)
	} else if s := typo.Closest(full, candidates); s != "" {
		d.Message = fmt.Sprintf("unknown condition operator %q; did you mean %q?", name, qualifier+s)
		d.Suggestion = strconv.Quote(qualifier + s)
	} else {
		var list []string
		for _, o := range prof.Operators {
			if len(list) < 6 {
				list = append(list, o.Name)
			}
		}
		d.Message = fmt.Sprintf("unknown condition operator %q; expected one such as %s", name, quoteOr(list))
		if prof.OperatorSuffix != "" {
			d.Message += fmt.Sprintf(", optionally ending in %q", prof.OperatorSuffix)
		}
	}
	v.add(d)
	return provider.PolicyOperator{}, false
}

func (v *validator) conditionKey(kp string, op provider.PolicyOperator, opKnown bool, key string) (provider.ConditionKey, bool) {
	prof := v.prof
	var names []string
	for _, ck := range prof.ConditionKeys {
		n := strings.TrimSuffix(ck.Name, "/")
		names = append(names, n)
		if keyMatches(ck.Name, key, prof.ConditionKeysFoldCase) {
			if opKnown && len(ck.Operators) > 0 && !contains(ck.Operators, op.Name) {
				d := diag.New(diag.PolicyConditionKey, kp+"/key",
					fmt.Sprintf("%q cannot be used with %q; use it with %s", key, op.Name, quoteOr(ck.Operators)))
				if prof.ConditionKeysClosed {
					d.Severity = diag.Error
				}
				v.add(d)
			}
			return ck, true
		}
	}
	d := diag.New(diag.PolicyConditionKey, kp+"/key", "")
	switch {
	case !prof.ConditionKeysFoldCase && func() bool { _, ok := containsFold(names, key); return ok }():
		m, _ := containsFold(names, key)
		d.Message = fmt.Sprintf("condition key %q must be written %q", key, m)
		d.Suggestion = strconv.Quote(m)
	case !strings.Contains(key, ":") && prof.ConditionKeysFoldCase && v.prefixed(key) != "":
		m := v.prefixed(key)
		d.Message = fmt.Sprintf("condition key %q needs its prefix: %q", key, m)
		d.Suggestion = strconv.Quote(m)
	default:
		d.Message = fmt.Sprintf("unknown condition key %q", key)
		if s := typo.Closest(key, names); s != "" {
			d.Message += fmt.Sprintf("; did you mean %q?", s)
			d.Suggestion = strconv.Quote(s)
		} else if prof.ConditionKeysClosed {
			d.Message += "; expected " + quoteOr(names)
		}
		if !prof.ConditionKeysClosed {
			d.Message += " — a key the request never carries makes the condition false"
		}
	}
	if prof.ConditionKeysClosed {
		d.Severity = diag.Error
		d.Message += " (the SDK and the service know no other key)"
	}
	v.add(d)
	return provider.ConditionKey{}, false
}

// prefixed finds the known key that is key with a service prefix.
func (v *validator) prefixed(key string) string {
	for _, ck := range v.prof.ConditionKeys {
		if _, after, ok := strings.Cut(ck.Name, ":"); ok && strings.EqualFold(after, key) {
			return ck.Name
		}
	}
	return ""
}

func keyMatches(known, key string, fold bool) bool {
	if strings.HasSuffix(known, "/") {
		if len(key) <= len(known) {
			return false
		}
		head := key[:len(known)]
		return head == known || fold && strings.EqualFold(head, known)
	}
	return key == known || fold && strings.EqualFold(key, known)
}

func (v *validator) conditionValues(kp string, op provider.PolicyOperator, k ConditionKey) {
	if len(k.Values) == 0 {
		v.add(diag.New(diag.PolicyConditionValue, kp, fmt.Sprintf("%q lists no value; add at least one", k.Key)))
		return
	}
	if op.Value == provider.ValueNull && v.prof.NullLiteral && (!k.Single || len(k.Values) != 1) {
		v.add(diag.New(diag.PolicyConditionValue, kp, fmt.Sprintf("%s takes one boolean, not a list: write %q: true or false", op.Name, k.Key)))
		return
	}
	for i, val := range k.Values {
		if msg := checkValue(op, val, k.Literal, v.prof); msg != "" {
			v.add(diag.New(diag.PolicyConditionValue, fmt.Sprintf("%s/values/%d", kp, i), msg))
		}
	}
}

// public warns when everyone, anonymous callers included, may write or
// list: the bare "*" or an anyone id, Allow, no condition that pins the
// caller or network.
func (v *validator) public(path string, s *Statement) {
	if !v.allow(s) {
		return
	}
	pp, pr := path+"/principal", s.Principal
	if pr == nil && s.NotPrincipal == nil && v.prof.PolicyPrincipal {
		pp, pr = "/principal", v.p.Principal
	}
	if pr == nil || !v.anyone(pr) || v.restricted(s) {
		return
	}
	var writes, lists []string
	for _, a := range s.Actions {
		w, l := false, false
		for _, c := range v.cat.covers(a) {
			switch c.Access {
			case provider.AccessWrite, provider.AccessPermissions, provider.AccessTagging:
				w = true
			case provider.AccessList:
				l = true
			}
		}
		if w {
			writes = append(writes, a)
		}
		if l {
			lists = append(lists, a)
		}
	}
	if len(writes) > 0 {
		v.add(diag.New(diag.PolicyPublicWrite, pp,
			fmt.Sprintf("anyone, anonymous callers included, may %s; name the accounts that need it, or limit it with a condition on the source network",
				describeActions("use", writes))))
	}
	if len(lists) > 0 {
		v.add(diag.New(diag.PolicyPublicList, pp,
			fmt.Sprintf("anyone, anonymous callers included, may list the bucket's objects (%s); remove it unless the listing is meant to be public", quoteList(lists))))
	}
}

func describeActions(verb string, list []string) string {
	if len(list) > 3 {
		return fmt.Sprintf("%s %s and %d more", verb, quoteList(list[:3]), len(list)-3)
	}
	return verb + " " + quoteList(list)
}

func (v *validator) anyone(pr *Principal) bool {
	if pr.Any {
		return true
	}
	for _, g := range pr.Groups {
		if v.prof.PrincipalTypes != nil && g.Type != v.prof.PrincipalTypes[0] {
			continue
		}
		for _, id := range g.IDs {
			if contains(v.prof.AnyoneIDs, id) {
				return true
			}
		}
	}
	return false
}

// restricted reports whether a non-negated condition pins the caller or
// its network.
func (v *validator) restricted(s *Statement) bool {
	for _, c := range s.Conditions {
		var op provider.PolicyOperator
		base := c.Operator
		for _, pf := range v.prof.OperatorPrefixes {
			base = strings.TrimPrefix(base, pf)
		}
		if v.prof.OperatorSuffix != "" {
			base = strings.TrimSuffix(base, v.prof.OperatorSuffix)
		}
		for _, o := range v.prof.Operators {
			if o.Name == base {
				op = o
			}
		}
		if op.Name == "" || op.Negated || op.Value == provider.ValueNull {
			continue
		}
		for _, k := range c.Keys {
			if _, ok := containsFold(v.prof.RestrictingKeys, k.Key); ok {
				return true
			}
		}
	}
	return false
}

func (v *validator) allowNot(path string, s *Statement) {
	if !v.allow(s) {
		return
	}
	k := v.prof.Keys
	if s.NotPrincipal != nil {
		v.add(diag.New(diag.PolicyAllowNotPrincipal, path+"/notPrincipal",
			fmt.Sprintf("%q with %q allows everyone except those listed, anonymous callers included; use %q with the accounts that need access", s.Effect, k.NotPrincipal, k.Principal)))
	}
	if s.NotActions != nil {
		v.add(diag.New(diag.PolicyAllowNotAction, path+"/notActions",
			fmt.Sprintf("%q with %q allows every action except those listed, deleting objects and changing this policy included; list the allowed actions in %q", s.Effect, k.NotAction, k.Action)))
	}
	if s.NotResources != nil {
		v.add(diag.New(diag.PolicyAllowNotResource, path+"/notResources",
			fmt.Sprintf("%q with %q allows every resource except those listed; list the allowed resources in %q", s.Effect, k.NotResource, k.Resource)))
	}
}

// fieldLimits checks the per-element limits (QingStor put_policy.md). The
// docs give a "total length" in characters; it is measured here as the
// characters of the values, the least the service can count.
func (v *validator) fieldLimits(path string, s *Statement) {
	limits := v.prof.FieldLimits
	if len(limits) == 0 {
		return
	}
	k := v.prof.Keys
	check := func(key, p string, n int) {
		if max, ok := limits[key]; ok && n > max {
			v.add(diag.New(diag.PolicyFieldTooLong, p,
				fmt.Sprintf("%q is %d characters; the service accepts at most %d — shorten it or split the statement", key, n, max)))
		}
	}
	check(k.Sid, path+"/sid", utf8.RuneCountInString(s.Sid))
	users := 0
	if s.Principal != nil {
		for _, g := range s.Principal.Groups {
			users += runes(g.IDs)
		}
	}
	check(k.Principal, path+"/principal", users)
	check(k.Action, path+"/actions", runes(s.Actions))
	check(k.Resource, path+"/resources", runes(s.Resources))
	cond := 0
	for _, c := range s.Conditions {
		cond += utf8.RuneCountInString(c.Operator)
		for _, ck := range c.Keys {
			cond += utf8.RuneCountInString(ck.Key) + runes(ck.Values)
		}
	}
	check(k.Condition, path+"/conditions", cond)
}

func runes(list []string) int {
	n := 0
	for _, s := range list {
		n += utf8.RuneCountInString(s)
	}
	return n
}

// CheckBucket checks the resources against the bucket the policy is put
// on, which only a request knows (compose): a bucket policy covers its own
// bucket, and S3 refuses a resource of another ("Policy has invalid
// resource"). For COS, bucket is "<name>-<APPID>".
func CheckBucket(p Policy, prof provider.PolicyProfile, bucket string) diag.List {
	var out diag.List
	for i, s := range p.Statements {
		for j, r := range s.Resources {
			res, err := parseResource(r, prof)
			if err != nil {
				continue // reported by Validate
			}
			name := bucketName(res.bucket)
			if res.bucket == "" {
				name = resourceBucketPattern(r, prof)
			}
			if name == "" || Glob(name, bucket, false) {
				continue
			}
			d := diag.New(diag.PolicyResourceBuckets, fmt.Sprintf("/statements/%d/resources/%d", i, j),
				fmt.Sprintf("resource %q names bucket %q, but the policy is for bucket %q; a bucket policy covers only its own bucket", r, name, bucket))
			out.Add(soften(d, prof.OtherBucketRejected, ", so this resource never matches"))
		}
	}
	return out
}

// resourceBucketPattern returns the bucket part of a resource whose bucket
// is a wildcard pattern ("" when the resource is not bucket-scoped).
func resourceBucketPattern(r string, prof provider.PolicyProfile) string {
	var rest string
	switch prof.Resource {
	case provider.ResourceARN:
		if parts := strings.SplitN(r, ":", 6); len(parts) == 6 {
			rest = parts[5]
		}
	case provider.ResourceQCS:
		if parts := strings.SplitN(r, ":", 6); len(parts) == 6 && parts[5] != "*" {
			rest = parts[5]
		}
	default:
		rest = r
	}
	b, _, _ := strings.Cut(rest, "/")
	return b
}
