package convert

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/policy"
	"bucketlab/core/provider"
)

// Policy converts p, as read from provider from, into provider to's
// dialect: principals (ids through opts.IDs), actions (through the
// requests they grant, see actions.go), resources (built from the bucket,
// APPID and region the source names or opts gives), conditions (operators
// and keys with a counterpart), the evaluation order (QingStor applies the
// first matching statement; S3 and COS let a Deny win), and what has no
// counterpart (Not… elements, principal types) as diagnostics.
//
// What cannot be carried over is left out of an Allow when that only
// narrows what it allows, and otherwise kept as written — an error, so the
// output never allows more, or denies less, without saying so.
func Policy(p policy.Policy, loc *diag.Locator, from, to provider.Profile, opts Options) (policy.Policy, diag.List) {
	if from.ID == to.ID {
		return p, nil
	}
	c := &polConv{emitter: emitter{loc: loc}, from: from, to: to, opts: opts}
	c.defaults(p)
	out := policy.Policy{}
	switch to.ID {
	case provider.S3:
		out.Version = "2012-10-17"
	case provider.COS:
		out.Version = "2.0"
	}
	if p.ID != "" && to.Policy.Keys.ID == "" {
		d := c.add(diag.ConvertElementDropped, "/id", fmt.Sprintf("%s policies have no policy id; %q is left out (it only names the policy)", to.Name, p.ID))
		d.Severity = diag.Info
	}
	var paths []string // the source path of each output statement
	for i, s := range p.Statements {
		path := fmt.Sprintf("/statements/%d", i)
		if ns, ok := c.statement(path, s, p.Principal); ok {
			out.Statements = append(out.Statements, ns)
			paths = append(paths, path)
		}
	}
	c.src = p.Statements
	c.order(&out, paths)
	if to.Policy.SidRequired {
		c.sids(&out)
	}
	return out, c.done()
}

type polConv struct {
	emitter
	from, to provider.Profile
	opts     Options
	// bucket, appid and region the source names (the first found), for
	// resources it leaves open.
	bucket, appid, region string
	reported              map[string]bool
	// src are the source statements (the order check reads them).
	src []policy.Statement
}

// defaults finds the bucket (and COS APPID and region) the source's
// resources name, for statements whose resources leave them open.
func (c *polConv) defaults(p policy.Policy) {
	for _, s := range p.Statements {
		for _, r := range s.Resources {
			sr, ok := parseResource(r, c.from.ID)
			if !ok {
				continue
			}
			if c.bucket == "" && sr.bucket != "" && !strings.ContainsAny(sr.bucket, "*?") {
				c.bucket = sr.bucket
			}
			if c.appid == "" {
				c.appid = sr.appid
			}
			if c.region == "" {
				c.region = sr.region
			}
		}
	}
}

func (c *polConv) deny(s policy.Statement) bool { return strings.EqualFold(s.Effect, "deny") }

// lost reports something with no counterpart: left out of an Allow (a
// warning; the statement allows less), kept in a Deny (an error; leaving
// it out would deny less).
func (c *polConv) lost(code diag.Code, path string, deny bool, what string) {
	if deny {
		d := c.add(code, path, what+"; it is kept as written, which "+c.to.Name+" refuses or ignores — leaving it out of a Deny would deny less: rewrite the statement by hand")
		d.Severity = diag.Error
		return
	}
	d := c.add(code, path, what+"; it is left out, so the statement allows less")
	d.Severity = diag.Warning
}

func (c *polConv) statement(path string, s policy.Statement, policyPrincipal *policy.Principal) (policy.Statement, bool) {
	deny := c.deny(s)
	ns := policy.Statement{Sid: s.Sid, Effect: c.to.Policy.Effects[0]}
	if deny {
		ns.Effect = c.to.Policy.Effects[1]
	}
	if !c.to.Policy.NotElements {
		for _, e := range []struct {
			set  bool
			path string
			key  string
		}{{s.NotPrincipal != nil, "/notPrincipal", c.from.Policy.Keys.NotPrincipal}, {s.NotActions != nil, "/notActions", c.from.Policy.Keys.NotAction}, {s.NotResources != nil, "/notResources", c.from.Policy.Keys.NotResource}} {
			if e.set {
				c.addKey(diag.ConvertPolicyNotElement, path+e.path, fmt.Sprintf("%s has no %q: a statement cannot list what it does NOT apply to; it is kept as written — rewrite it with %q naming what it applies to", c.to.Name, e.key, strings.TrimPrefix(e.key, "Not")))
			}
		}
	}
	ns.NotPrincipal, ns.NotActions, ns.NotResources = s.NotPrincipal, s.NotActions, s.NotResources

	pr, prPath := s.Principal, path+"/principal"
	if pr == nil && s.NotPrincipal == nil && policyPrincipal != nil {
		pr, prPath = policyPrincipal, "/principal"
	}
	if pr != nil {
		np := c.principal(prPath, pr, deny)
		if np == nil {
			c.addKey(diag.ConvertPolicyStatementLost, path, "none of the statement's principals can be carried over; the Allow statement is left out")
			return ns, false
		}
		ns.Principal = np
	}
	needBucket, needObject := true, true
	if s.Actions != nil {
		acts, bucket, object := c.actions(path, s.Actions, deny, c.cover(s))
		if len(acts) == 0 {
			c.addKey(diag.ConvertPolicyStatementLost, path, "none of the statement's actions has a counterpart; the Allow statement is left out")
			return ns, false
		}
		ns.Actions, needBucket, needObject = acts, bucket, object
		if sc := c.cover(s); c.to.ID == provider.COS && len(acts) == 1 && acts[0] == c.to.Policy.ActionPrefix+"*" && !sc.bucket && len(s.Resources) > 0 {
			verb := "allows"
			if deny {
				verb = "denies"
			}
			c.add(diag.ConvertPolicyResource, path+"/resources/0", fmt.Sprintf("COS's \"<bucket>-<APPID>/*\" names the bucket as well as its objects, so with %q the statement also %s the bucket's own actions (listing, its ACL, CORS …)", acts[0], verb))
		}
	}
	switch {
	case s.Resources != nil:
		ns.Resources = c.resources(path, s.Resources, needBucket, needObject)
	case s.NotResources == nil && !c.to.Policy.ResourceOptional:
		// QingStor bucket actions may omit the resource; S3 and COS need one.
		ns.Resources = c.resources(path, []string{""}, needBucket, needObject)
	}
	ns.Conditions = c.conditions(path, s.Conditions, deny)
	return ns, true
}

// scope is what a statement's resources can match.
type scope struct{ bucket, object bool }

// fits reports whether an action of the level applies to the scope.
func (sc scope) fits(level string) bool {
	switch level {
	case provider.LevelBucket:
		return sc.bucket
	case provider.LevelObject:
		return sc.object
	case provider.LevelEither:
		return sc.bucket || sc.object
	}
	return false
}

// cover is the scope of the statement's source resources: the actions a
// wildcard stands for there are those that apply to it.
func (c *polConv) cover(s policy.Statement) scope {
	if s.Resources == nil {
		if s.NotResources != nil {
			return scope{true, true}
		}
		return scope{bucket: true} // QingStor: bucket actions without a resource
	}
	var sc scope
	for _, r := range s.Resources {
		sr, ok := parseResource(r, c.from.ID)
		if !ok {
			continue
		}
		sc.bucket = sc.bucket || sr.all || !sr.hasKey || c.from.ID == provider.COS && sr.key == "*"
		sc.object = sc.object || sr.all || sr.hasKey || strings.ContainsAny(sr.bucket, "*?")
	}
	if !sc.bucket && !sc.object {
		return scope{true, true}
	}
	return sc
}

// level is an action's level in a provider's catalogue ("" when unknown).
func level(p provider.Profile, name string) string {
	for _, a := range p.Policy.Actions {
		if a.Name == name || p.Policy.ActionFoldCase && strings.EqualFold(a.Name, name) {
			return a.Level
		}
	}
	return ""
}

// principal carries a principal over; nil when nothing of an Allow's is left.
func (c *polConv) principal(path string, pr *policy.Principal, deny bool) *policy.Principal {
	if pr.Any {
		return &policy.Principal{Any: true}
	}
	anyone := false
	var ids []string
	var kept []policy.PrincipalGroup
	for gi, g := range pr.Groups {
		gp := fmt.Sprintf("%s/groups/%d", path, gi)
		if !c.idType(c.from.ID, g.Type) {
			what := fmt.Sprintf("%s has no %q principals", c.to.Name, g.Type)
			c.lost(diag.ConvertPolicyPrincipalNone, gp+"/type", deny, what)
			if deny {
				kept = append(kept, g)
			}
			continue
		}
		for k, id := range g.IDs {
			if contains(c.from.Policy.AnyoneIDs, id) {
				anyone = true
				continue
			}
			mapped, ok := mapID(id, c.from.ID, c.to.ID, c.opts.IDs)
			ip := fmt.Sprintf("%s/ids/%d", gp, k)
			if !ok {
				c.add(diag.ConvertIDUnmapped, ip, fmt.Sprintf("%q is a %s principal, which %s does not know; %s", id, c.from.Name, c.to.Name, idsHint(id, c.to, c.principalExample())))
			} else if f, t := c.principalFormat(mapped); !fits(f, c.principalWritten(mapped)) {
				c.add(diag.ConvertIDUnmapped, ip, fmt.Sprintf("%q is not %s, which %s's %q principals are; give its counterpart in the id map, e.g. %q", mapped, f.Describe, c.to.Name, t, f.Example))
			}
			ids = append(ids, mapped)
		}
	}
	if anyone {
		return &policy.Principal{Any: true}
	}
	if len(ids) == 0 && len(kept) == 0 {
		return nil
	}
	out := &policy.Principal{}
	if len(ids) > 0 {
		out.Groups = c.idGroups(ids)
	}
	out.Groups = append(out.Groups, kept...)
	return out
}

// idType reports whether principals of this type are account or user ids,
// which carry over through the id map.
func (c *polConv) idType(p provider.ID, typ string) bool {
	switch p {
	case provider.S3:
		return typ == "AWS" || typ == "CanonicalUser"
	case provider.COS:
		return typ == "qcs"
	}
	return typ == ""
}

func (c *polConv) principalExample() string {
	if ts := c.to.Policy.PrincipalTypes; len(ts) > 0 {
		return c.to.Policy.PrincipalIDs[ts[0]].Example
	}
	return c.to.Policy.PrincipalIDs[""].Example
}

// principalFormat is the format an id must have as a target principal,
// and the type it is written under.
func (c *polConv) principalFormat(id string) (provider.IDFormat, string) {
	t := ""
	switch c.to.ID {
	case provider.S3:
		t = "AWS"
		if canonicalID.MatchString(id) {
			t = "CanonicalUser"
		}
	case provider.COS:
		t = "qcs"
	}
	return c.to.Policy.PrincipalIDs[t], t
}

func (c *polConv) principalWritten(id string) string {
	if c.to.ID == provider.COS {
		return cosLong(id)
	}
	return id
}

var canonicalID = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

// idGroups writes target ids in the target's principal shape.
func (c *polConv) idGroups(ids []string) []policy.PrincipalGroup {
	switch c.to.ID {
	case provider.S3:
		var aws, canonical []string
		for _, id := range ids {
			if canonicalID.MatchString(id) {
				canonical = append(canonical, id)
			} else {
				aws = append(aws, id)
			}
		}
		var out []policy.PrincipalGroup
		if len(aws) > 0 {
			out = append(out, policy.PrincipalGroup{Type: "AWS", IDs: aws})
		}
		if len(canonical) > 0 {
			out = append(out, policy.PrincipalGroup{Type: "CanonicalUser", IDs: canonical})
		}
		return out
	case provider.COS:
		long := make([]string, len(ids))
		for i, id := range ids {
			long[i] = cosLong(id)
		}
		return []policy.PrincipalGroup{{Type: "qcs", IDs: long}}
	}
	return []policy.PrincipalGroup{{IDs: ids}}
}

// srcAction is one action as written, resolved against the table.
type srcAction struct {
	path, written string
	name          string // without the prefix; "" when it has none
	all           bool
	wildcard      bool
	entries       []actionEntry
	// unmapped are catalogue actions the written one covers that have no
	// entry in the table (so no counterpart).
	unmapped []string
}

// actions converts a statement's actions and says which resource levels
// the result needs.
func (c *polConv) actions(path string, list []string, deny bool, sc scope) (out []string, needBucket, needObject bool) {
	var src []srcAction
	all := false
	for j, a := range list {
		sa := c.resolveAction(fmt.Sprintf("%s/actions/%d", path, j), a, sc)
		all = all || sa.all
		src = append(src, sa)
	}
	tp := c.to.Policy
	if all {
		if tp.ActionWildcards {
			return []string{tp.ActionPrefix + "*"}, true, true
		}
		var names []string
		for _, e := range actionTable[c.to.ID] {
			if !actionAliases[c.to.ID][e.name] && sc.fits(level(c.to, e.name)) {
				names = append(names, tp.ActionPrefix+e.name)
			}
		}
		for _, sa := range src {
			if sa.all {
				c.add(diag.ConvertPolicyActionExpand, sa.path, fmt.Sprintf("%s has no action wildcard; %q is written as every action it has for these resources: %s", c.to.Name, sa.written, strings.Join(names, ", ")))
			}
		}
		needBucket, needObject = c.levels(names)
		return names, needBucket, needObject
	}
	// The requests the statement's actions grant, together.
	granted := map[string]bool{}
	for _, sa := range src {
		for _, e := range sa.entries {
			for _, op := range e.ops {
				granted[op] = true
			}
		}
	}
	seen := map[string]bool{}
	targetOps := map[string]bool{}
	for _, sa := range src {
		mine := map[string]bool{}
		for _, e := range sa.entries {
			for _, op := range e.ops {
				mine[op] = true
			}
		}
		var targets []actionEntry
		for _, t := range actionTable[c.to.ID] {
			if actionAliases[c.to.ID][t.name] {
				continue
			}
			for _, op := range t.ops {
				if mine[op] {
					targets = append(targets, t)
					break
				}
			}
		}
		extra := map[string]bool{}
		for _, t := range targets {
			if !seen[t.name] {
				seen[t.name] = true
				out = append(out, tp.ActionPrefix+t.name)
			}
			for _, op := range t.ops {
				targetOps[op] = true
				if !granted[op] {
					extra[op] = true
				}
			}
		}
		c.reportAction(sa, targets, mine, extra, deny, &out)
	}
	needBucket, needObject = c.levels(out)
	return out, needBucket, needObject
}

// reportAction says what an action lost, gained or became.
func (c *polConv) reportAction(sa srcAction, targets []actionEntry, mine, extra map[string]bool, deny bool, out *[]string) {
	covered := map[string]bool{}
	for _, t := range targets {
		for _, op := range t.ops {
			covered[op] = true
		}
	}
	var missing []string
	for _, e := range sa.entries {
		for _, op := range e.ops {
			if !covered[op] && !contains(missing, op) {
				missing = append(missing, op)
			}
		}
	}
	names := func(ts []actionEntry) string {
		var n []string
		for _, t := range ts {
			n = append(n, strconv.Quote(c.to.Policy.ActionPrefix+t.name))
		}
		return strings.Join(n, ", ")
	}
	switch {
	case len(targets) == 0:
		what := fmt.Sprintf("%q has no %s counterpart", sa.written, c.to.Name)
		if len(sa.entries) == 0 && !sa.wildcard && level(c.from, sa.name) == "" {
			what = fmt.Sprintf("%q is not an action this converter knows a %s counterpart for", sa.written, c.to.Name)
		}
		c.lost(diag.ConvertPolicyActionNone, sa.path, deny, what)
		if deny {
			*out = append(*out, sa.written)
		}
		return
	case len(missing) > 0 || len(sa.unmapped) > 0:
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, strings.Join(missing, ", "))
		}
		if len(sa.unmapped) > 0 {
			parts = append(parts, "the actions "+clipList(sa.unmapped, 5))
		}
		what := fmt.Sprintf("%q becomes %s, which %s has no counterpart for: %s", sa.written, names(targets), c.to.Name, strings.Join(parts, "; "))
		if deny {
			d := c.add(diag.ConvertPolicyActionNone, sa.path, what+"; those are no longer denied — rewrite the statement by hand")
			d.Severity = diag.Error
		} else {
			d := c.add(diag.ConvertPolicyActionNone, sa.path, what+"; those are no longer allowed")
			d.Severity = diag.Warning
		}
	case sa.wildcard:
		d := c.add(diag.ConvertPolicyActionExpand, sa.path, fmt.Sprintf("%q is written as the %s actions of what it covers: %s", sa.written, c.to.Name, names(targets)))
		d.Severity = diag.Info
	}
	if len(extra) > 0 {
		var ops []string
		for _, t := range targets {
			for _, op := range t.ops {
				if extra[op] && !contains(ops, op) {
					ops = append(ops, op)
				}
			}
		}
		verb := "allows"
		if deny {
			verb = "denies"
		}
		c.add(diag.ConvertPolicyActionBroader, sa.path, fmt.Sprintf("%s has no action for exactly %q; %s also %s %s", c.to.Name, sa.written, names(targets), verb, strings.Join(ops, ", ")))
	}
}

func clipList(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(list[:n], ", "), len(list)-n)
}

// resolveAction reads one source action: the all-actions wildcard, a
// pattern (expanded over the table and the catalogue), or a name.
func (c *polConv) resolveAction(path, a string, sc scope) srcAction {
	sa := srcAction{path: path, written: a}
	fp := c.from.Policy
	if a == "*" {
		sa.all = true
		return sa
	}
	name, ok := "", false
	for _, pre := range append([]string{fp.ActionPrefix}, fp.ActionAltPrefixes...) {
		if len(a) >= len(pre) && (a[:len(pre)] == pre || fp.ActionFoldCase && strings.EqualFold(a[:len(pre)], pre)) {
			name, ok = a[len(pre):], true
			break
		}
	}
	if !ok {
		return sa
	}
	sa.name = name
	if name == "*" {
		sa.all = true
		return sa
	}
	if strings.ContainsAny(name, "*?") && fp.ActionWildcards {
		sa.wildcard = true
		// Only what applies to the statement's resources: S3 takes s3:Get*
		// on objects as the object actions.
		for _, e := range actionTable[c.from.ID] {
			if policy.Glob(name, e.name, fp.ActionFoldCase) && sc.fits(level(c.from, e.name)) {
				sa.entries = append(sa.entries, e)
			}
		}
		for _, ca := range fp.Actions {
			if _, known := lookupAction(c.from, ca.Name); !known && policy.Glob(name, ca.Name, fp.ActionFoldCase) && sc.fits(ca.Level) {
				sa.unmapped = append(sa.unmapped, fp.ActionPrefix+ca.Name)
			}
		}
		return sa
	}
	if e, ok := lookupAction(c.from, name); ok {
		sa.entries = []actionEntry{e}
	}
	return sa
}

// levels says whether the target actions need the bucket and the objects
// as resources: an action of either level (QingStor's list_objects) goes
// with whichever the others need, the bucket when alone.
func (c *polConv) levels(actions []string) (bucket, object bool) {
	either := false
	for _, a := range actions {
		name := strings.TrimPrefix(a, c.to.Policy.ActionPrefix)
		for _, ca := range c.to.Policy.Actions {
			if ca.Name != name {
				continue
			}
			switch ca.Level {
			case provider.LevelBucket:
				bucket = true
			case provider.LevelObject:
				object = true
			case provider.LevelEither:
				either = true
			}
		}
	}
	if either && !bucket && !object {
		bucket = true
	}
	if !bucket && !object {
		return true, true
	}
	return bucket, object
}

// srcResource is what a source resource names.
type srcResource struct {
	all           bool   // every bucket (COS "*" or region-wide)
	bucket        string // without COS's -APPID suffix
	appid, region string // COS
	partition     string // S3
	key           string
	hasKey        bool
}

var cosBucketName = regexp.MustCompile(`^(.+)-([0-9]+)$`)

func parseResource(r string, p provider.ID) (srcResource, bool) {
	switch p {
	case provider.S3:
		parts := strings.SplitN(r, ":", 6)
		if len(parts) != 6 || parts[0] != "arn" || parts[2] != "s3" {
			return srcResource{}, false
		}
		sr := srcResource{partition: parts[1]}
		sr.bucket, sr.key, sr.hasKey = strings.Cut(parts[5], "/")
		return sr, true
	case provider.COS:
		if r == "*" {
			return srcResource{all: true}, true
		}
		parts := strings.SplitN(r, ":", 6)
		if len(parts) != 6 || parts[0] != "qcs" || parts[2] != "cos" {
			return srcResource{}, false
		}
		sr := srcResource{region: parts[3], appid: strings.TrimPrefix(parts[4], "uid/")}
		if parts[5] == "*" {
			sr.all = true
			return sr, true
		}
		sr.bucket, sr.key, sr.hasKey = strings.Cut(parts[5], "/")
		if m := cosBucketName.FindStringSubmatch(sr.bucket); m != nil && m[2] == sr.appid {
			sr.bucket = m[1]
		}
		if sr.hasKey && sr.key == "" {
			sr.hasKey = false // "…:examplebucket-1250000000/" is the bucket
		}
		return sr, true
	case provider.QingStor:
		sr := srcResource{}
		sr.bucket, sr.key, sr.hasKey = strings.Cut(r, "/")
		return sr, true
	}
	return srcResource{}, false
}

// target names: the bucket, APPID and region the target resource needs.
func (c *polConv) target(sr srcResource) (bucket, appid, region string) {
	bucket, appid, region = sr.bucket, sr.appid, sr.region
	if sr.all || bucket == "" || strings.ContainsAny(bucket, "*?") {
		bucket = c.bucket
	}
	if appid == "" {
		appid = c.appid
	}
	if region == "" {
		region = c.region
	}
	if b := strings.TrimSpace(c.opts.Bucket); b != "" {
		bucket = b
		if m := cosBucketName.FindStringSubmatch(b); m != nil && c.to.ID == provider.COS {
			bucket = m[1]
			if c.opts.AppID == "" {
				appid = m[2]
			}
		}
	}
	if a := strings.TrimSpace(c.opts.AppID); a != "" {
		appid = a
	}
	if r := strings.TrimSpace(c.opts.Region); r != "" {
		region = r
	}
	return bucket, appid, region
}

// resources writes a statement's resources in the target's grammar, as
// bucket and object forms as its actions need.
func (c *polConv) resources(path string, list []string, needBucket, needObject bool) []string {
	var out []string
	add := func(r string) {
		if !contains(out, r) {
			out = append(out, r)
		}
	}
	for j, r := range list {
		rp := fmt.Sprintf("%s/resources/%d", path, j)
		if r == "" {
			rp = path // QingStor: a bucket action without a resource
		}
		sr, ok := parseResource(r, c.from.ID)
		if r == "" {
			sr, ok = srcResource{}, true
		}
		if !ok {
			c.add(diag.ConvertPolicyResource, rp, fmt.Sprintf("%q is not a resource this converter reads; it is kept as written", r)).Severity = diag.Error
			add(r)
			continue
		}
		bucket, appid, region := c.target(sr)
		var missing []string
		if bucket == "" {
			missing, bucket = append(missing, "the bucket"), "<bucket>"
		}
		if c.to.ID == provider.COS {
			if appid == "" {
				missing, appid = append(missing, "the APPID"), "<APPID>"
			}
			if region == "" {
				missing, region = append(missing, "the region"), "<region>"
			}
		}
		if len(missing) > 0 && !c.reported[strings.Join(missing, ",")] {
			if c.reported == nil {
				c.reported = map[string]bool{}
			}
			c.reported[strings.Join(missing, ",")] = true
			c.add(diag.ConvertResourceIncomplete, rp, fmt.Sprintf("%s's resources name %s, which the source does not say; fill in %s", c.to.Name, strings.Join(missing, " and "), strings.Join(missing, " and ")))
		}
		key := sr.key
		if sr.all {
			d := c.add(diag.ConvertPolicyResource, rp, fmt.Sprintf("%q covers every bucket; a bucket policy covers only its own, so it is written for bucket %q", r, bucket))
			d.Severity = diag.Info
			key = "*"
		}
		if c.to.ID != provider.S3 && strings.ContainsAny(key, "?") {
			c.add(diag.ConvertPolicyResource, rp, fmt.Sprintf("%s resources have no '?' wildcard; it is written as '*', which matches more keys", c.to.Name))
			key = strings.ReplaceAll(key, "?", "*")
		}
		if c.to.ID != provider.S3 && strings.Contains(key, "${") {
			c.add(diag.ConvertPolicyResource, rp, fmt.Sprintf("%s expands no policy variables such as ${aws:username}; %q is matched as literal text", c.to.Name, key))
		}
		forBucket := sr.all || !sr.hasKey || c.from.ID == provider.COS && key == "*"
		forObject := sr.all || sr.hasKey
		if r == "" {
			forBucket, forObject = true, false
		}
		if forObject && key == "" {
			key = "*"
		}
		if c.to.ID == provider.COS && forBucket && forObject && key == "*" {
			add(c.resource(bucket, appid, region, "*", true)) // COS's "…/*" is the bucket and its objects
			continue
		}
		wroteAny := false
		if forBucket && (needBucket || !forObject) {
			add(c.resource(bucket, appid, region, "", false))
			wroteAny = true
		}
		if forObject && (needObject || !wroteAny) {
			add(c.resource(bucket, appid, region, key, true))
		}
	}
	return out
}

// resource writes one resource in the target's grammar.
func (c *polConv) resource(bucket, appid, region, key string, object bool) string {
	switch c.to.ID {
	case provider.S3:
		r := "arn:aws:s3:::" + bucket
		if object {
			r += "/" + key
		}
		return r
	case provider.COS:
		r := fmt.Sprintf("qcs::cos:%s:uid/%s:%s-%s/", region, appid, bucket, appid)
		if object {
			r += key
		}
		return r
	}
	if object {
		return bucket + "/" + key
	}
	return bucket
}

// operatorRows are condition operators of the same meaning ("" where a
// provider has none): IAM's, CAM's (COS "Conditions") and QingStor's
// (policy_condition.md). exact: QingStor compares with string_like, whose
// '*' is a wildcard, so only values without '*' keep their meaning.
var operatorRows = []struct {
	s3, cos, qs string
	exact       bool
}{
	{"StringEquals", "string_equal", "string_like", true},
	{"StringNotEquals", "string_not_equal", "string_not_like", true},
	{"StringLike", "string_like", "string_like", false},
	{"StringNotLike", "", "string_not_like", false},
	{"NumericEquals", "numeric_equal", "", false},
	{"NumericNotEquals", "numeric_not_equal", "", false},
	{"NumericLessThan", "numeric_less_than", "", false},
	{"NumericLessThanEquals", "numeric_less_than_equal", "", false},
	{"NumericGreaterThan", "numeric_greater_than", "", false},
	{"NumericGreaterThanEquals", "numeric_greater_than_equal", "", false},
	{"Bool", "bool_equal", "", false},
	{"IpAddress", "ip_equal", "ip_address", false},
	{"NotIpAddress", "ip_not_equal", "not_ip_address", false},
	{"Null", "", "is_null", false},
}

func opName(row int, p provider.ID) string {
	r := operatorRows[row]
	switch p {
	case provider.S3:
		return r.s3
	case provider.COS:
		return r.cos
	}
	return r.qs
}

// conditionKeyRows are condition keys of the same meaning.
var conditionKeyRows = []map[provider.ID]string{
	{provider.S3: "aws:SourceIp", provider.COS: "qcs:ip", provider.QingStor: "source_ip"},
	{provider.S3: "aws:Referer", provider.QingStor: "Referer"},
	{provider.S3: "aws:SecureTransport", provider.COS: "cos:secure-transport"},
	{provider.S3: "s3:prefix", provider.COS: "cos:prefix"},
	{provider.S3: "s3:x-amz-acl", provider.COS: "cos:x-cos-acl"},
	{provider.S3: "s3:VersionId", provider.COS: "cos:versionid"},
	{provider.S3: "s3:x-amz-storage-class", provider.COS: "cos:x-cos-storage-class"},
	{provider.S3: "s3:TlsVersion", provider.COS: "cos:tls-version"},
}

// qualifiers: IAM's and CAM's set prefixes and "if exists" suffixes.
var setPrefixes = []map[provider.ID]string{
	{provider.S3: "ForAnyValue:", provider.COS: "for_any_value:"},
	{provider.S3: "ForAllValues:", provider.COS: "for_all_value:"},
}

// operator maps a source operator (with its qualifiers); ok is false when
// the target has no counterpart, with why.
func (c *polConv) operator(name string) (target string, row int, why string) {
	rest, prefix := name, ""
	for _, sp := range setPrefixes {
		if p := sp[c.from.ID]; p != "" && strings.HasPrefix(rest, p) {
			rest = rest[len(p):]
			prefix = sp[c.to.ID]
			if prefix == "" {
				return "", -1, fmt.Sprintf("%s has no %q qualifier", c.to.Name, p)
			}
		}
	}
	suffix := ""
	if s := c.from.Policy.OperatorSuffix; s != "" && strings.HasSuffix(rest, s) && rest != s {
		rest = strings.TrimSuffix(rest, s)
		suffix = c.to.Policy.OperatorSuffix
		if suffix == "" {
			return "", -1, fmt.Sprintf("%s has no %q form (true when the key is absent)", c.to.Name, s)
		}
	}
	for i := range operatorRows {
		if opName(i, c.from.ID) != rest || c.from.ID == provider.QingStor && operatorRows[i].exact {
			continue
		}
		t := opName(i, c.to.ID)
		if t == "" {
			return "", i, fmt.Sprintf("%s has no condition operator like %q", c.to.Name, rest)
		}
		return prefix + t + suffix, i, ""
	}
	return "", -1, fmt.Sprintf("%q is not an operator this converter knows a %s counterpart for", name, c.to.Name)
}

func (c *polConv) conditionKey(key string) (string, bool) {
	for _, row := range conditionKeyRows {
		k := row[c.from.ID]
		if k == "" || !(k == key || c.from.Policy.ConditionKeysFoldCase && strings.EqualFold(k, key)) {
			continue
		}
		t := row[c.to.ID]
		return t, t != ""
	}
	return "", false
}

// conditions maps each operator block and key; what has no counterpart is
// kept as written, an error (leaving a condition out changes who the
// statement applies to, either way).
func (c *polConv) conditions(path string, in []policy.Condition, deny bool) []policy.Condition {
	if in == nil {
		return nil
	}
	out := []policy.Condition{}
	// put adds a key to the target's operator block; two source blocks that
	// become one target block and name the same key cannot both be written
	// (an object has one member per key).
	var put func(op string, k policy.ConditionKey)
	putAt := func(kp string) func(op string, k policy.ConditionKey) {
		return func(op string, k policy.ConditionKey) {
			for i := range out {
				if out[i].Operator != op {
					continue
				}
				for _, have := range out[i].Keys {
					if have.Key == k.Key {
						c.add(diag.ConvertPolicyConditionNone, kp, fmt.Sprintf("this condition and an earlier one both become %q on %q, which %s reads once; the statement needs both to hold — split it into two statements by hand", op, k.Key, c.to.Name))
						break
					}
				}
				out[i].Keys = append(out[i].Keys, k)
				return
			}
			out = append(out, policy.Condition{Operator: op, Keys: []policy.ConditionKey{k}})
		}
	}
	keep := "; it is kept as written, which the target refuses or never matches — leaving it out would change whom the statement applies to"
	for ci, cond := range in {
		cp := fmt.Sprintf("%s/conditions/%d", path, ci)
		put = putAt(cp + "/operator")
		target, row, why := c.operator(cond.Operator)
		if why != "" {
			c.add(diag.ConvertPolicyConditionNone, cp+"/operator", why+keep)
			for _, k := range cond.Keys {
				put(cond.Operator, k)
			}
			continue
		}
		for ki, k := range cond.Keys {
			kp := fmt.Sprintf("%s/keys/%d", cp, ki)
			put = putAt(kp + "/key")
			tk, ok := c.conditionKey(k.Key)
			if !ok {
				c.add(diag.ConvertPolicyConditionNone, kp+"/key", fmt.Sprintf("%s has no condition key like %q", c.to.Name, k.Key)+keep)
				put(target, k)
				continue
			}
			nk := k
			nk.Key = tk
			if reason := c.values(row, tk, target, &nk); reason != "" {
				c.add(diag.ConvertPolicyConditionNone, kp, reason+keep)
				put(cond.Operator, k)
				continue
			}
			put(target, nk)
		}
	}
	return out
}

// values adapts a key's values to the target operator, or says why they
// cannot be.
func (c *polConv) values(row int, key, op string, k *policy.ConditionKey) string {
	for _, ck := range c.to.Policy.ConditionKeys {
		if ck.Name == key && len(ck.Operators) > 0 && !contains(ck.Operators, op) {
			return fmt.Sprintf("%s takes %q only with %s, not %q", c.to.Name, key, quoteList(ck.Operators), op)
		}
	}
	r := operatorRows[row]
	for _, v := range k.Values {
		switch {
		case r.exact && c.to.ID == provider.QingStor && strings.Contains(v, "*"):
			return fmt.Sprintf("QingStor compares with %s, where '*' in %q is a wildcard, not the character", op, v)
		case c.to.ID != provider.S3 && strings.Contains(v, "?") && (r.s3 == "StringLike" || r.s3 == "StringNotLike"):
			return fmt.Sprintf("%s's patterns have no '?' wildcard (in %q)", c.to.Name, v)
		}
	}
	if r.s3 == "Null" && c.to.Policy.NullLiteral {
		k.Literal, k.Single = true, true
		for i, v := range k.Values {
			k.Values[i] = strings.ToLower(v)
		}
	}
	return ""
}

// order keeps what the statements decide when the evaluation differs:
// QingStor applies the first statement that matches, S3 and COS let any
// matching Deny win. Deny statements first under first-match is exactly
// deny-wins; the other way round a Deny after an Allow may now win where
// it did not.
func (c *polConv) order(p *policy.Policy, paths []string) {
	firstMatch := func(id provider.ID) bool { return id == provider.QingStor }
	switch {
	case firstMatch(c.to.ID) && !firstMatch(c.from.ID):
		var denies, allows []policy.Statement
		moved := false
		for i, s := range p.Statements {
			if c.deny(s) {
				if len(allows) > 0 {
					moved = true
					c.add(diag.ConvertPolicyDenyFirst, paths[i]+"/effect", fmt.Sprintf("QingStor applies the first statement that matches; %s lets a Deny win wherever it stands, so this Deny is moved before the Allow statements to decide the same", c.from.Name)).Severity = diag.Info
				}
				denies = append(denies, s)
			} else {
				allows = append(allows, s)
			}
		}
		if moved {
			p.Statements = append(denies, allows...)
		}
	case firstMatch(c.from.ID) && !firstMatch(c.to.ID):
		var allows []map[string]bool
		for i, s := range c.src {
			ops := c.requests(s)
			if !c.deny(s) {
				allows = append(allows, ops)
				continue
			}
			if overlaps(ops, allows) {
				c.add(diag.ConvertPolicyOrder, fmt.Sprintf("/statements/%d/effect", i), fmt.Sprintf("QingStor applied an earlier Allow first; %s lets this Deny win wherever it stands, so requests both match are now denied — move the Allow's exceptions into its own conditions if that is not meant", c.to.Name))
			}
		}
	}
}

// requests are the requests a source statement's actions grant; nil
// stands for all of them (a wildcard, an action the table does not know).
func (c *polConv) requests(s policy.Statement) map[string]bool {
	if s.Actions == nil {
		return nil
	}
	out := map[string]bool{}
	for _, a := range s.Actions {
		sa := c.resolveAction("", a, scope{true, true})
		if sa.all || len(sa.entries) == 0 {
			return nil
		}
		for _, e := range sa.entries {
			for _, op := range e.ops {
				out[op] = true
			}
		}
	}
	return out
}

// overlaps reports whether a Deny's requests meet any earlier Allow's.
func overlaps(deny map[string]bool, allows []map[string]bool) bool {
	for _, a := range allows {
		if deny == nil || a == nil {
			return true
		}
		for op := range deny {
			if a[op] {
				return true
			}
		}
	}
	return false
}

// sids gives every statement the unique id QingStor requires.
func (c *polConv) sids(p *policy.Policy) {
	used := map[string]bool{}
	for _, s := range p.Statements {
		used[s.Sid] = true
	}
	for i := range p.Statements {
		if p.Statements[i].Sid != "" {
			continue
		}
		for n := i + 1; ; n++ {
			id := fmt.Sprintf("statement-%d", n)
			if !used[id] {
				p.Statements[i].Sid = id
				used[id] = true
				break
			}
		}
	}
}
