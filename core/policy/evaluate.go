package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
)

// Request is one request to decide: who (an account, user id or ARN, or
// "*" for an anonymous caller) does what (an action as the provider spells
// it) to which resource (as the provider's policies name it), with the
// request's context keys (aws:SourceIp, qcs:ip, Referer …) and their values.
type Request struct {
	Principal string
	Action    string
	Resource  string
	Context   map[string][]string
}

// Decision is what a bucket policy says about a request.
type Decision string

const (
	Allow        Decision = "allow"
	ExplicitDeny Decision = "explicit-deny"
	// ImplicitDeny: no statement decides. The provider then asks its other
	// grants (IAM/CAM policies, the bucket ACL); see Result.Summary.
	ImplicitDeny Decision = "implicit-deny"
)

// Evaluation orders.
const (
	DenyOverrides = "deny-overrides" // S3, COS: order does not matter, any deny wins
	FirstMatch    = "first-match"    // QingStor: the first matching statement decides
)

// Result is the decision and why.
type Result struct {
	Decision Decision
	// Statement is the index of the deciding statement, -1 when none.
	Statement int
	Order     string
	Summary   string
	// Notes are about the request, not the document: an action evaluated
	// under another name, a resource in the wrong form, an unknown key.
	Notes      []string
	Statements []StatementResult
	// Diags are what the document's problems do to the decision (a
	// statement left out), with model paths for a locator to resolve.
	Diags diag.List
}

// StatementResult is one statement's verdict.
type StatementResult struct {
	Index  int
	Sid    string
	Effect string
	// Matched: every part matches, so the statement applies to the request.
	Matched bool
	// Evaluated is false when the statement would apply but cannot be
	// evaluated (an unknown operator, an effect that is neither allow nor
	// deny); it is then left out of the decision.
	Evaluated bool
	Reasons   []Reason
}

// Reason parts.
const (
	PartPrincipal = "principal"
	PartAction    = "action"
	PartResource  = "resource"
	PartCondition = "condition"
	PartEffect    = "effect"
)

// Reason is why one part of a statement matches the request or not.
type Reason struct {
	Part    string
	Matched bool
	Message string
	// Path is the model path of the element the reason is about.
	Path string
}

// semantics are the evaluation rules that differ between providers.
// PolicyProfile has no field for them yet, so they are keyed on the
// resource grammar, which tells the three providers apart.
type semantics struct {
	name string
	// firstMatch: QingStor applies statements in order and the first that
	// matches decides (RULES.md §4.2, QS-DOC put_policy.md). S3 and COS:
	// any matching deny wins, otherwise any matching allow (§2.2, §3.2).
	firstMatch bool
	// negatedMissing: a negated operator is true when the key is absent.
	// IAM says so (RULES.md §2.2: "a key missing from the request makes the
	// test false, except for negated operators (true), …IfExists (true) and
	// Null"). COS documents false for every plain operator (§3.2: "Missing
	// key: plain operator → condition false; _if_exist → true"). QingStor's
	// string_not_like is "none matches" (§4.2), which an absent Referer
	// satisfies [?: not documented for an absent header].
	negatedMissing bool
	// questionMark: '?' stands for one character. IAM documents it for
	// actions, resources and StringLike; COS and QingStor document only '*'.
	questionMark bool
	// fallback: what decides when no statement does.
	fallback string
}

func semanticsOf(prof provider.PolicyProfile) semantics {
	switch prof.Resource {
	case provider.ResourceBucketPath:
		return semantics{name: "QingStor", firstMatch: true, negatedMissing: true,
			fallback: "no statement matches, so the policy does not decide: QingStor goes on to the bucket's ACL"}
	case provider.ResourceQCS:
		return semantics{name: "COS",
			fallback: "no statement allows it: implicitly denied, unless a CAM policy of the caller or the bucket's ACL grants it"}
	}
	return semantics{name: "S3", negatedMissing: true, questionMark: true,
		fallback: "no statement allows it: implicitly denied, unless the caller's own IAM policy or the bucket's ACL grants it"}
}

// Evaluate decides req against the policy as written, statement by
// statement, and says why each statement applies or not. A document with
// errors is still evaluated as far as its model goes; statements that
// cannot be evaluated are left out and reported in Diags.
func Evaluate(pol Policy, prof provider.PolicyProfile, req Request) Result {
	e := &evaluator{pol: &pol, prof: prof, sem: semanticsOf(prof), cat: newCatalogue(prof), req: req}
	e.vars = prof.VariablesVersion != "" && pol.Version == prof.VariablesVersion
	e.contextKeys()
	e.requestPrincipal()
	e.requestAction()
	e.requestResource()

	res := Result{Statement: -1, Order: DenyOverrides}
	if e.sem.firstMatch {
		res.Order = FirstMatch
	}
	allowAt, denyAt := -1, -1
	var skipped []string
	for i := range pol.Statements {
		sr := e.statement(i)
		res.Statements = append(res.Statements, sr)
		if !sr.Evaluated {
			skipped = append(skipped, strconv.Itoa(i+1))
		}
		if !sr.Matched {
			continue
		}
		allow, _ := e.effect(&pol.Statements[i])
		switch {
		case allow && allowAt < 0:
			allowAt = i
		case !allow && denyAt < 0:
			denyAt = i
		}
	}
	switch {
	case e.sem.firstMatch && (allowAt >= 0 || denyAt >= 0):
		first := allowAt
		if first < 0 || denyAt >= 0 && denyAt < first {
			first = denyAt
		}
		res.Statement = first
		if first == allowAt {
			res.Decision = Allow
			res.Summary = fmt.Sprintf("allowed by %s, the first statement that matches (QingStor applies statements in order)", e.name(first))
		} else {
			res.Decision = ExplicitDeny
			res.Summary = fmt.Sprintf("denied by %s, the first statement that matches (QingStor applies statements in order)", e.name(first))
		}
	case denyAt >= 0:
		res.Decision, res.Statement = ExplicitDeny, denyAt
		res.Summary = fmt.Sprintf("explicitly denied by %s; an explicit deny overrides every allow", e.name(denyAt))
		if allowAt >= 0 {
			res.Summary += fmt.Sprintf(" (%s would allow it)", e.name(allowAt))
		}
	case allowAt >= 0:
		res.Decision, res.Statement = Allow, allowAt
		res.Summary = fmt.Sprintf("allowed by %s; no statement denies it", e.name(allowAt))
	default:
		res.Decision = ImplicitDeny
		res.Summary = e.sem.fallback
	}
	switch len(skipped) {
	case 0:
	case 1:
		res.Summary += fmt.Sprintf("; statement %s could not be evaluated and was left out", skipped[0])
	default:
		res.Summary += fmt.Sprintf("; statements %s could not be evaluated and were left out", quoteAnd(skipped))
	}
	if res.Decision != Allow {
		e.ownerNote()
	}
	res.Notes = e.notes
	res.Diags = e.diags
	return res
}

type evaluator struct {
	pol  *Policy
	prof provider.PolicyProfile
	sem  semantics
	cat  *catalogue
	req  Request
	// vars: policy variables (${aws:username}) are expanded.
	vars bool

	anonymous bool
	principal string
	// action is the request's action without its prefix, as the catalogue
	// spells it when known; foreign: it is not an action of this provider.
	action  string
	foreign bool
	// bucketLevel: the request's resource is a bucket, not an object.
	bucketLevel bool

	notes []string
	diags diag.List
}

func (e *evaluator) note(format string, args ...any) {
	e.notes = append(e.notes, fmt.Sprintf(format, args...))
}

func (e *evaluator) name(i int) string {
	n := fmt.Sprintf("statement %d", i+1)
	if sid := e.pol.Statements[i].Sid; sid != "" {
		n += fmt.Sprintf(" (%q)", sid)
	}
	return n
}

// effect reports whether the statement allows; ok is false when its effect
// is neither allow nor deny in any case.
func (e *evaluator) effect(s *Statement) (allow, ok bool) {
	switch {
	case strings.EqualFold(s.Effect, e.prof.Effects[0]):
		return true, true
	case strings.EqualFold(s.Effect, e.prof.Effects[1]):
		return false, true
	}
	return false, false
}

// --- the request ------------------------------------------------------------

func (e *evaluator) contextKeys() {
	keys := make([]string, 0, len(e.req.Context))
	for k := range e.req.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		known := false
		for _, ck := range e.prof.ConditionKeys {
			if keyMatches(ck.Name, k, true) {
				known = true
				break
			}
		}
		if !known {
			e.note("context key %q is not one %s knows; only a condition on exactly that key reads it", k, e.sem.name)
		}
	}
}

// lookup returns a context key's values: the key as written, or in
// another case (request header names such as Referer have no case).
func (e *evaluator) lookup(key string) ([]string, bool) {
	if v, ok := e.req.Context[key]; ok {
		return v, len(v) > 0
	}
	keys := make([]string, 0, len(e.req.Context))
	for k := range e.req.Context {
		if strings.EqualFold(k, key) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, false
	}
	sort.Strings(keys)
	v := e.req.Context[keys[0]]
	return v, len(v) > 0
}

func (e *evaluator) requestPrincipal() {
	p := strings.TrimSpace(e.req.Principal)
	e.req.Principal, e.principal = p, p
	e.anonymous = p == "" || contains(e.prof.AnyoneIDs, p)
	if e.anonymous {
		return
	}
	// COS: a bare uin is the root account.
	if e.prof.Resource == provider.ResourceQCS && strings.Trim(p, "0123456789") == "" {
		e.principal = "qcs::cam::uin/" + p + ":uin/" + p
		e.note("principal %q is read as the root account %q", p, e.principal)
	}
}

func (e *evaluator) who() string {
	if e.anonymous {
		return "the anonymous caller"
	}
	return strconv.Quote(e.req.Principal)
}

func (e *evaluator) requestAction() {
	a := strings.TrimSpace(e.req.Action)
	prefix := e.prof.ActionPrefix
	name := a
	if _, n, ok := e.cat.split(a); ok {
		name = n
	} else {
		// Without this provider's prefix: a known name is taken with the
		// prefix put right; anything else belongs to another service.
		bare := a
		if i := strings.LastIndex(a, ":"); i >= 0 {
			bare = a[i+1:]
		}
		_, found := e.cat.fold(bare)
		if !found {
			_, found = e.cat.alias(bare)
		}
		if !found {
			e.foreign, e.action = true, a
			e.note("action %q is not one of %s's actions (they read %q); only \"*\" matches it", a, e.sem.name, prefix+e.exampleAction())
			return
		}
		e.note("action %q lacks the %q prefix; evaluated as %q", a, prefix, prefix+bare)
		name = bare
	}
	switch {
	case strings.ContainsAny(name, "*?") && e.prof.ActionWildcards:
		e.note("a request names one action; %q is matched as written, wildcards included", a)
	default:
		if act, ok := e.cat.lookup(name); ok {
			name = act.Name
			break
		}
		if act, ok := e.cat.fold(name); ok {
			e.note("action names are case-sensitive in %s policies; the request %q is evaluated as the API action %q", e.sem.name, a, prefix+act.Name)
			name = act.Name
			break
		}
		if t, ok := e.cat.alias(name); ok {
			e.note("%q is authorised by the permission %q; evaluated as that", a, prefix+t)
			name = t
			break
		}
		e.note("action %q is not in the catalogue this checker knows; it is matched as written", a)
	}
	e.action = name
}

func (e *evaluator) exampleAction() string {
	for _, a := range e.prof.Actions {
		if a.Level == provider.LevelObject && a.Access == provider.AccessRead {
			return a.Name
		}
	}
	return e.prof.Actions[0].Name
}

// shownAction is the request's action as the policy spells it.
func (e *evaluator) shownAction() string {
	if e.foreign {
		return strconv.Quote(e.action)
	}
	return strconv.Quote(e.prof.ActionPrefix + e.action)
}

func (e *evaluator) requestResource() {
	r := e.req.Resource
	res, err := parseResource(r, e.prof)
	if err != nil {
		e.note("the request's resource does not read as one of %s's: %s", e.sem.name, err.msg)
	}
	e.bucketLevel = err == nil && res.forBucket && !res.forObject
	if e.prof.Resource == provider.ResourceBucketPath {
		e.bucketLevel = !strings.Contains(r, "/")
	}
}

// ownerNote: the owner's root account can always manage the policy itself
// (RULES.md §2.2 PutBucketPolicy doc; §3.2 COS access-management overview).
func (e *evaluator) ownerNote() {
	var always []string
	switch e.prof.Resource {
	case provider.ResourceARN:
		always = []string{"GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"}
	case provider.ResourceQCS:
		always = []string{"PutBucketPolicy"}
	}
	for _, a := range always {
		if strings.EqualFold(e.action, a) && !e.foreign {
			e.note("the bucket owner's root account may call %s whatever the policy says", e.prof.ActionPrefix+a)
		}
	}
}

// --- statements -------------------------------------------------------------

func (e *evaluator) statement(i int) StatementResult {
	s := &e.pol.Statements[i]
	base := fmt.Sprintf("/statements/%d", i)
	sr := StatementResult{Index: i, Sid: s.Sid, Effect: s.Effect, Evaluated: true}
	pr, ac, rs := e.principalPart(base, s), e.actionPart(base, s), e.resourcePart(base, s)
	sr.Reasons = append(sr.Reasons, pr, ac, rs)
	conds, holds, unknown := e.conditions(base, s)
	sr.Reasons = append(sr.Reasons, conds...)

	_, effectOK := e.effect(s)
	if !effectOK {
		msg := fmt.Sprintf("effect %q is neither %q nor %q", s.Effect, e.prof.Effects[0], e.prof.Effects[1])
		if s.Effect == "" {
			msg = "the statement has no effect"
		}
		sr.Reasons = append(sr.Reasons, Reason{Part: PartEffect, Message: msg + ", so it cannot decide", Path: base + "/effect"})
	}
	// What fails regardless of the parts that cannot be evaluated.
	var fails []string
	for _, r := range []Reason{pr, ac, rs} {
		if !r.Matched {
			fails = append(fails, r.Part)
		}
	}
	if !holds {
		fails = append(fails, "conditions")
	}
	sr.Matched = len(fails) == 0 && len(unknown) == 0 && effectOK
	open := len(fails) == 0 && (len(unknown) > 0 || !effectOK)
	if open {
		sr.Evaluated = false
	}
	n := i + 1
	for _, u := range unknown {
		msg := fmt.Sprintf("statement %d cannot be evaluated: condition operator %q is not one %s knows, so the decision leaves the statement out", n, u.name, e.sem.name)
		if !open {
			msg = fmt.Sprintf("condition operator %q cannot be evaluated; it does not change this decision, because the statement's %s does not match", u.name, quoteAnd(fails))
		}
		e.diags.Add(diag.New(diag.PolicyEvaluateSkipped, u.path, msg))
	}
	if !effectOK && len(fails) == 0 {
		e.diags.Add(diag.New(diag.PolicyEvaluateSkipped, base+"/effect",
			fmt.Sprintf("statement %d matches the request but has no valid effect, so the decision leaves it out; write %q or %q", n, e.prof.Effects[0], e.prof.Effects[1])))
	}
	return sr
}

// quoteAndList renders ["a","b","c"] as `"a", "b" and "c"`.
func quoteAndList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return quoteAnd(q)
}

func quoteAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// --- principal --------------------------------------------------------------

func (e *evaluator) principalPart(base string, s *Statement) Reason {
	pr, not := s.principals()
	path := base + "/principal"
	if not {
		path = base + "/notPrincipal"
	}
	inherited := false
	if pr == nil && e.prof.PolicyPrincipal && e.pol.Principal != nil {
		pr, path, inherited = e.pol.Principal, "/principal", true
	}
	r := Reason{Part: PartPrincipal, Path: path}
	if pr == nil {
		r.Message = "the statement names no principal, so it applies to no one"
		return r
	}
	if not {
		excluded, why, at := e.notPrincipal(pr)
		r.Matched, r.Message = !excluded, why
		if at != "" {
			r.Path += at
		}
		return r
	}
	ok, why, at := e.principalMatches(pr)
	r.Matched, r.Message = ok, why
	if at != "" {
		r.Path += at
	}
	if inherited {
		r.Message += " (the policy-level principal)"
	}
	return r
}

// anyone reports whether an id of group type typ means everyone.
func (e *evaluator) anyone(typ, id string) bool {
	if e.prof.PrincipalTypes != nil && typ != e.prof.PrincipalTypes[0] {
		return false
	}
	return contains(e.prof.AnyoneIDs, id)
}

func (e *evaluator) knownType(typ string) bool {
	return e.prof.PrincipalTypes == nil && typ == "" || contains(e.prof.PrincipalTypes, typ)
}

func allIDs(pr *Principal) []string {
	var ids []string
	for _, g := range pr.Groups {
		ids = append(ids, g.IDs...)
	}
	return ids
}

func (e *evaluator) principalMatches(pr *Principal) (bool, string, string) {
	if pr.Any {
		return true, `"*": everyone, anonymous callers included`, ""
	}
	for gi, g := range pr.Groups {
		if !e.knownType(g.Type) {
			continue
		}
		for ji, id := range g.IDs {
			if ok, why := e.idMatches(g.Type, id); ok {
				return true, why, fmt.Sprintf("/groups/%d/ids/%d", gi, ji)
			}
		}
	}
	ids := allIDs(pr)
	if len(ids) == 0 {
		return false, "the principal lists no one", ""
	}
	return false, fmt.Sprintf("%s is not %s", e.who(), quoteOr(ids)), ""
}

// idMatches: does principal id (of group type typ) name the requester?
func (e *evaluator) idMatches(typ, id string) (bool, string) {
	if e.anyone(typ, id) {
		return true, fmt.Sprintf("%q: everyone, anonymous callers included", id)
	}
	if e.anonymous {
		return false, ""
	}
	switch {
	case e.prof.Resource == provider.ResourceARN && typ == "AWS":
		return awsMatch(id, e.req.Principal)
	case e.prof.Resource == provider.ResourceQCS:
		return camMatch(id, e.principal)
	}
	if id == e.principal {
		return true, fmt.Sprintf("%q is listed", id)
	}
	return false, ""
}

// notPrincipal reports whether NotPrincipal excludes the requester. IAM
// checks every identity of the request: a user's request is excluded only
// when both the user and its account are listed (IAM "NotPrincipal":
// "you must also include the account ARN").
func (e *evaluator) notPrincipal(pr *Principal) (bool, string, string) {
	key := e.prof.Keys.NotPrincipal
	if pr.Any {
		return true, fmt.Sprintf(`%s "*" excludes everyone`, key), ""
	}
	if e.anonymous {
		for gi, g := range pr.Groups {
			for ji, id := range g.IDs {
				if e.anyone(g.Type, id) {
					return true, fmt.Sprintf("%s %q excludes everyone", key, id), fmt.Sprintf("/groups/%d/ids/%d", gi, ji)
				}
			}
		}
		return false, fmt.Sprintf("the anonymous caller is not among %s, so the statement applies to it", quoteList(allIDs(pr))), ""
	}
	req := parseAWSPrincipal(e.req.Principal)
	identityAt, accountAt := "", ""
	for gi, g := range pr.Groups {
		if !e.knownType(g.Type) {
			continue
		}
		for ji, id := range g.IDs {
			at := fmt.Sprintf("/groups/%d/ids/%d", gi, ji)
			if e.anyone(g.Type, id) {
				return true, fmt.Sprintf("%s %q excludes everyone", key, id), at
			}
			if g.Type != "AWS" {
				if id == e.req.Principal && identityAt == "" {
					identityAt = at
				}
				continue
			}
			p := parseAWSPrincipal(id)
			switch {
			case req.identity != "" && p.identity == req.identity && identityAt == "":
				identityAt = at
			case p.identity == "" && p.account != "" && p.account == req.account && accountAt == "":
				accountAt = at
			}
		}
	}
	listed := quoteList(allIDs(pr))
	switch {
	case req.identity == "" && accountAt != "":
		return true, fmt.Sprintf("%s excludes account %s", key, req.account), accountAt
	case identityAt != "" && req.account == "":
		return true, fmt.Sprintf("%s excludes %s", key, e.who()), identityAt
	case identityAt != "" && accountAt != "":
		return true, fmt.Sprintf("%s excludes %s and its account %s", key, e.who(), req.account), identityAt
	case identityAt != "":
		return false, fmt.Sprintf("%s lists %s but not its account %s: IAM evaluates the account too, so the statement still applies (add \"arn:aws:iam::%s:root\" to exclude it)", key, e.who(), req.account, req.account), identityAt
	}
	return false, fmt.Sprintf("%s is not among %s, so the statement applies to it", e.who(), listed), ""
}

// awsID is an AWS principal taken apart.
type awsID struct {
	account string
	// identity is a user, role, session or other non-account ARN (or any
	// other string), "" for an account.
	identity string
	// role is the role ARN of an assumed-role session.
	role string
}

// parseAWSPrincipal reads a 12-digit account id, arn:…:iam::<acct>:root,
// and user, role and session ARNs (IAM "AWS JSON policy elements: Principal").
func parseAWSPrincipal(s string) awsID {
	if len(s) == 12 && strings.Trim(s, "0123456789") == "" {
		return awsID{account: s}
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[3] != "" {
		return awsID{identity: s}
	}
	service, account, rest := parts[2], parts[4], parts[5]
	if service == "iam" && rest == "root" {
		return awsID{account: account}
	}
	id := awsID{account: account, identity: s}
	if service == "sts" && strings.HasPrefix(rest, "assumed-role/") {
		if role, _, ok := strings.Cut(strings.TrimPrefix(rest, "assumed-role/"), "/"); ok {
			id.role = "arn:" + parts[1] + ":iam::" + account + ":role/" + role
		}
	}
	return id
}

// awsMatch: an account principal covers every identity of the account
// (the account's own IAM policies must then allow it too); an ARN names
// that identity, and a role ARN its sessions.
func awsMatch(id, principal string) (bool, string) {
	p, r := parseAWSPrincipal(id), parseAWSPrincipal(principal)
	switch {
	case p.identity == "" && p.account != "" && p.account == r.account && r.identity == "":
		return true, fmt.Sprintf("%q is account %s", id, p.account)
	case p.identity == "" && p.account != "" && p.account == r.account:
		return true, fmt.Sprintf("%q belongs to account %s, which %q names (the account's IAM policies must also allow it)", principal, p.account, id)
	case p.identity != "" && p.identity == r.identity:
		return true, fmt.Sprintf("%q is listed", id)
	case p.identity != "" && r.role != "" && p.identity == r.role:
		return true, fmt.Sprintf("%q is a session of role %q", principal, id)
	}
	return false, ""
}

// camMatch: CAM ids read qcs::cam::uin/<owner>:uin/<sub>; the root account
// (owner = sub) covers its sub-accounts, which the root then authorises
// through CAM (COS "Access policy language overview", cross-account grants).
func camMatch(id, principal string) (bool, string) {
	if id == principal {
		return true, fmt.Sprintf("%q is listed", id)
	}
	po, ps, ok1 := camUin(id)
	ro, _, ok2 := camUin(principal)
	if ok1 && ok2 && po == ps && po == ro {
		return true, fmt.Sprintf("%q is a sub-account of root account %s, which %q names (the root account must also grant it through CAM)", principal, po, id)
	}
	return false, ""
}

func camUin(s string) (owner, sub string, ok bool) {
	rest, ok := strings.CutPrefix(s, "qcs::cam::uin/")
	if !ok {
		return "", "", false
	}
	owner, sub, ok = strings.Cut(rest, ":uin/")
	return owner, sub, ok && owner != "" && sub != ""
}

// --- action -----------------------------------------------------------------

func (e *evaluator) actionMatches(pattern string) bool {
	if pattern == "*" && e.prof.ActionWildcards {
		return true
	}
	if e.foreign {
		return false
	}
	_, name, ok := e.cat.split(pattern)
	if !ok {
		return false
	}
	if e.prof.ActionWildcards {
		return like(name, e.action, true, e.prof.ActionFoldCase)
	}
	return name == e.action || e.prof.ActionFoldCase && strings.EqualFold(name, e.action)
}

// caseOnly reports whether an action of the list would match the request
// but for the case of its letters.
func (e *evaluator) caseOnly(list []string) bool {
	if e.prof.ActionFoldCase || e.foreign {
		return false
	}
	for _, a := range list {
		_, name, ok := e.cat.split(a)
		if ok && like(name, e.action, e.prof.ActionWildcards, true) {
			return true
		}
	}
	return false
}

func (e *evaluator) actionPart(base string, s *Statement) Reason {
	list, path, key := s.Actions, base+"/actions", e.prof.Keys.Action
	not := list == nil && s.NotActions != nil
	if not {
		list, path, key = s.NotActions, base+"/notActions", e.prof.Keys.NotAction
	}
	r := Reason{Part: PartAction, Path: path}
	if len(list) == 0 {
		r.Message = "the statement names no action, so it applies to none"
		return r
	}
	hit := -1
	for j, a := range list {
		if e.actionMatches(a) {
			hit = j
			break
		}
	}
	if hit >= 0 {
		r.Path = fmt.Sprintf("%s/%d", path, hit)
	}
	shown := e.shownAction()
	switch {
	case !not && hit >= 0:
		r.Matched = true
		r.Message = fmt.Sprintf("%q covers %s", list[hit], shown)
	case !not:
		r.Message = fmt.Sprintf("%s is not covered by %s", shown, quoteOr(list))
		if e.caseOnly(list) {
			r.Message += fmt.Sprintf(" (action names are case-sensitive in %s policies)", e.sem.name)
		}
	case hit >= 0:
		r.Message = fmt.Sprintf("%s %q excludes %s", key, list[hit], shown)
	default:
		r.Matched = true
		r.Message = fmt.Sprintf("%s excludes only %s, not %s", key, quoteAndList(list), shown)
	}
	return r
}

// --- resource ---------------------------------------------------------------

// resourceMatches matches a resource pattern against the request's
// resource. ARN-like resources are matched segment by segment: a wildcard
// never spans a ':' (RULES.md §2.2); the last segment (bucket/key) may hold
// ':' itself. Resources are case-sensitive.
func (e *evaluator) resourceMatches(pattern string) (bool, string) {
	p, missing := e.expand(pattern)
	if missing != "" {
		return false, fmt.Sprintf("policy variable %s has no value in the request's context, so %q matches nothing", missing, pattern)
	}
	switch e.prof.Resource {
	case provider.ResourceARN, provider.ResourceQCS:
		if p == "*" {
			return true, ""
		}
		return arnLike(p, e.req.Resource, e.sem.questionMark), ""
	}
	return like(p, e.req.Resource, e.sem.questionMark, false), ""
}

func arnLike(pattern, s string, question bool) bool {
	pp, ss := strings.SplitN(pattern, ":", 6), strings.SplitN(s, ":", 6)
	if len(pp) != len(ss) {
		return false
	}
	for i := range pp {
		if !like(pp[i], ss[i], question, false) {
			return false
		}
	}
	return true
}

func (e *evaluator) resourcePart(base string, s *Statement) Reason {
	list, path, key := s.Resources, base+"/resources", e.prof.Keys.Resource
	not := list == nil && s.NotResources != nil
	if not {
		list, path, key = s.NotResources, base+"/notResources", e.prof.Keys.NotResource
	}
	r := Reason{Part: PartResource, Path: path}
	res := strconv.Quote(e.req.Resource)
	if len(list) == 0 {
		if e.prof.ResourceOptional && !not {
			// QingStor: bucket actions may leave the resource out; the
			// statement then covers the bucket (put_policy.md).
			r.Matched = e.bucketLevel
			if r.Matched {
				r.Message = fmt.Sprintf("the statement names no resource, which covers the bucket %s", res)
			} else {
				r.Message = fmt.Sprintf("the statement names no resource, which covers only the bucket itself, not the object %s", res)
			}
			return r
		}
		r.Message = "the statement names no resource, so it applies to none"
		return r
	}
	hit := -1
	var problems []string
	for j, p := range list {
		ok, problem := e.resourceMatches(p)
		if problem != "" {
			problems = append(problems, problem)
		}
		if ok {
			hit = j
			break
		}
	}
	if hit >= 0 {
		r.Path = fmt.Sprintf("%s/%d", path, hit)
	}
	switch {
	case !not && hit >= 0:
		r.Matched = true
		r.Message = fmt.Sprintf("%q covers %s", list[hit], res)
		if x, _ := e.expand(list[hit]); x != list[hit] {
			r.Message = fmt.Sprintf("%q (read as %q) covers %s", list[hit], x, res)
		}
	case !not:
		r.Message = fmt.Sprintf("%s is not covered by %s", res, quoteOr(list))
	case hit >= 0:
		r.Message = fmt.Sprintf("%s %q excludes %s", key, list[hit], res)
	default:
		r.Matched = true
		r.Message = fmt.Sprintf("%s excludes only %s, not %s", key, quoteAndList(list), res)
	}
	if len(problems) > 0 {
		r.Message += "; " + strings.Join(problems, "; ")
	}
	return r
}

// like matches s against a pattern where '*' is any run of characters and,
// when question is set, '?' is one character. fold ignores case.
func like(pattern, s string, question, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, t := []rune(pattern), []rune(s)
	// Iterative matcher that backtracks to the last '*'.
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case pi < len(p) && (p[pi] == t[ti] || question && p[pi] == '?'):
			pi++
			ti++
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
