package acl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"bucketlab/core/diag"
	"bucketlab/core/internal/typo"
	"bucketlab/core/provider"
)

// Validate checks a against the provider's rules for the form it was
// written in (xml, headers or json): the rules that concern a wire form
// only (the body's owner, the canned header) apply to that form. It
// collects every problem; it never stops at the first.
func Validate(a ACL, p provider.ACLProfile, f provider.Format) diag.List {
	var out diag.List
	sp := speller{p: p, f: f}
	switch f {
	case provider.XML:
		validateOwner(&out, a.Owner, p)
		if len(a.Grants) == 0 {
			switch {
			case p.XML.ListRequired && a.Grants == nil:
				out.Add(diag.New(diag.ACLGrantsMissing, "/grants", "the body has no <AccessControlList>; add one with at least one <Grant>, e.g. the owner with FULL_CONTROL"))
			case p.XML.ListRequired:
				out.Add(diag.New(diag.ACLGrantsMissing, "/grants", "<AccessControlList> has no <Grant>; add at least one, e.g. the owner with FULL_CONTROL"))
			default:
				out.Add(diag.New(diag.ACLEmpty, "/grants", "the ACL grants nothing: only the owner keeps access"))
			}
		}
	case provider.Headers:
		validateCanned(&out, a, p.Headers)
	case provider.JSON:
		if len(a.Grants) == 0 {
			out.Add(diag.New(diag.ACLEmpty, "/grants", "an empty \"acl\" clears the bucket ACL: only the owner keeps access (the QingStor Go SDK v4.4.1 refuses to send it)"))
		}
	}
	if p.MaxGrants > 0 && len(a.Grants) > p.MaxGrants {
		// Marked at the first grant over the limit.
		out.Add(diag.New(diag.ACLTooManyGrants, fmt.Sprintf("/grants/%d", p.MaxGrants), fmt.Sprintf("%d grants; the service accepts at most %d, and this is grant %d", len(a.Grants), p.MaxGrants, p.MaxGrants+1)))
	}
	seen := map[string]bool{}
	for i, g := range a.Grants {
		path := fmt.Sprintf("/grants/%d", i)
		validateGrant(&out, path, g, sp)
		if g.Grantee != nil && g.Permission != "" {
			key := g.Grantee.Type + "\x00" + g.Grantee.ID + "\x00" + g.Grantee.URI + "\x00" + g.Grantee.Email + "\x00" + g.Grantee.Name + "\x00" + g.Permission
			if seen[key] {
				out.Add(diag.New(diag.ACLGrantDuplicate, path+"/grantee/"+identity(g.Grantee), fmt.Sprintf("%s already gets %s in an earlier grant; remove this one", sp.who(g.Grantee), g.Permission)))
			}
			seen[key] = true
		}
	}
	return out
}

func validateOwner(out *diag.List, o *Owner, p provider.ACLProfile) {
	switch {
	case o == nil:
		if p.XML.OwnerRequired {
			out.Add(diag.New(diag.ACLOwnerMissing, "/owner", fmt.Sprintf("the body has no <Owner>; add <Owner><ID>%s</ID></Owner> with the bucket owner's id", p.OwnerID.Example)))
		}
	case o.ID == "":
		if p.XML.OwnerRequired {
			out.Add(diag.New(diag.ACLOwnerMissing, "/owner/id", fmt.Sprintf("<Owner> has no <ID>; add the bucket owner's id, e.g. <ID>%s</ID>", p.OwnerID.Example)))
		}
	case !matches(p.OwnerID.Pattern, o.ID):
		out.Add(diag.New(diag.ACLOwnerIDInvalid, "/owner/id", fmt.Sprintf("owner id %q is not %s, e.g. %q", clip(o.ID), p.OwnerID.Describe, p.OwnerID.Example)))
	}
}

func validateCanned(out *diag.List, a ACL, h provider.ACLHeaders) {
	if a.Canned == "" {
		return
	}
	switch {
	case contains(h.CannedACLs, a.Canned):
		if a.Canned == h.PublicReadWrite {
			out.Add(diag.New(diag.ACLPublicReadWrite, "/canned", fmt.Sprintf("%q lets anyone on the internet add, overwrite and delete objects; use \"private\" or \"public-read\"", a.Canned)))
		}
	case contains(h.CannedACLs, strings.ToLower(a.Canned)):
		d := diag.New(diag.ACLCannedUnknown, "/canned", fmt.Sprintf("canned ACL %q must be lower-case: %q", a.Canned, strings.ToLower(a.Canned)))
		d.Suggestion = strings.ToLower(a.Canned)
		out.Add(d)
	case contains(h.ObjectOnly, a.Canned):
		out.Add(diag.New(diag.ACLCannedUnknown, "/canned", fmt.Sprintf("%q is a canned ACL for objects; a bucket takes %s", a.Canned, strings.Join(h.CannedACLs, ", "))))
	default:
		d := diag.New(diag.ACLCannedUnknown, "/canned", fmt.Sprintf("unknown canned ACL %q; expected one of %s", clip(a.Canned), strings.Join(h.CannedACLs, ", ")))
		if s := typo.Closest(a.Canned, h.CannedACLs); s != "" {
			d.Message = fmt.Sprintf("unknown canned ACL %q; did you mean %q?", clip(a.Canned), s)
			d.Suggestion = s
		}
		out.Add(d)
	}
	if len(a.Grants) > 0 && !h.CannedWithGrants {
		out.Add(diag.New(diag.ACLCannedWithGrants, "/canned", fmt.Sprintf("%s cannot be combined with %sgrant-* headers; keep either the canned ACL or the grant headers", h.Canned, h.Prefix)))
	}
}

func validateGrant(out *diag.List, path string, g Grant, sp speller) {
	gp := path + "/grantee"
	if g.Grantee == nil {
		out.Add(diag.New(diag.ACLGranteeMissing, gp, "the grant has no "+sp.grantee()))
	} else {
		validateGrantee(out, gp, g, sp)
	}
	if sp.f == provider.Headers {
		return // the header name is the permission
	}
	p := sp.p
	pp := path + "/permission"
	switch {
	case g.Permission == "":
		out.Add(diag.New(diag.ACLPermissionMissing, pp, fmt.Sprintf("the grant has no permission; add %s (one of %s)", sp.permission("READ"), strings.Join(p.Permissions, ", "))))
	case contains(p.Permissions, g.Permission):
	case contains(p.Permissions, strings.ToUpper(g.Permission)):
		d := diag.New(diag.ACLPermissionUnknown, pp, fmt.Sprintf("permission %q must be upper-case: %q", g.Permission, strings.ToUpper(g.Permission)))
		d.Suggestion = sp.value(strings.ToUpper(g.Permission))
		out.Add(d)
	default:
		d := diag.New(diag.ACLPermissionUnknown, pp, fmt.Sprintf("unknown permission %q; expected one of %s", clip(g.Permission), strings.Join(p.Permissions, ", ")))
		if s := typo.Closest(g.Permission, p.Permissions); s != "" {
			d.Message = fmt.Sprintf("unknown permission %q; did you mean %q?", clip(g.Permission), s)
			d.Suggestion = sp.value(s)
		}
		out.Add(d)
	}
}

func validateGrantee(out *diag.List, gp string, g Grant, sp speller) {
	p, ge := sp.p, g.Grantee
	tp := gp + "/type"
	if ge.Type == "" {
		out.Add(diag.New(diag.ACLGranteeTypeMissing, tp, fmt.Sprintf("the grantee has no type; write %s", sp.typeAttr(typeNames(p)[0]))))
		return
	}
	t, ok := granteeType(p, ge.Type)
	if !ok {
		d := diag.New(diag.ACLGranteeTypeUnknown, tp, fmt.Sprintf("unknown grantee type %q; expected one of %s", clip(ge.Type), strings.Join(typeNames(p), ", ")))
		if s := typo.Closest(strings.ReplaceAll(ge.Type, " ", ""), typeNames(p)); s != "" {
			d.Message = fmt.Sprintf("unknown grantee type %q; did you mean %q?", clip(ge.Type), s)
			d.Suggestion = sp.value(s)
		}
		out.Add(d)
		return
	}
	if t.Discontinued != "" {
		out.Add(diag.New(diag.ACLGranteeDiscontinued, tp, fmt.Sprintf("%s; grant to %s instead", t.Discontinued, p.GranteeID.Describe)))
	}
	fp := gp + "/" + t.Field
	v := ge.Field(t.Field)
	if v == "" {
		out.Add(diag.New(diag.ACLGranteeFieldMissing, fp, fmt.Sprintf("a %s grantee needs %s", ge.Type, sp.field(t.Field, example(p, t, sp.f)))))
	}
	for _, name := range identityFields {
		if name != t.Field && ge.Field(name) != "" {
			out.Add(diag.New(diag.ACLGranteeFieldExtra, gp+"/"+name, fmt.Sprintf("%s does not belong to a %s grantee, which is named by %s; remove it", sp.field(name, ""), ge.Type, sp.field(t.Field, ""))))
		}
	}
	if v == "" {
		return
	}
	kind := ""
	switch t.Field {
	case "id":
		format := p.GranteeID
		if sp.f == provider.Headers {
			format = p.Headers.ID
		}
		if v == p.AnyoneID && p.AnyoneID != "" {
			kind = provider.GroupAllUsers
		} else if !matches(format.Pattern, v) {
			out.Add(diag.New(diag.ACLGranteeIDInvalid, fp, fmt.Sprintf("grantee id %q is not %s, e.g. %q", clip(v), format.Describe, format.Example)))
		}
	case "uri", "name":
		grp, ok := group(p, v)
		if !ok {
			d := diag.New(diag.ACLGroupUnknown, fp, fmt.Sprintf("unknown group %q; expected one of %s", clip(v), quoteAll(groupIDs(p))))
			if s := closestGroup(v, groupIDs(p)); s != "" {
				d.Message = fmt.Sprintf("unknown group %q; did you mean %q?", clip(v), s)
				d.Suggestion = sp.value(s)
			}
			out.Add(d)
		}
		kind = grp.Kind
	}
	if !writes(g.Permission) {
		return
	}
	switch kind {
	case provider.GroupAllUsers:
		out.Add(diag.New(diag.ACLPublicWrite, fp, fmt.Sprintf("everyone, signed in or not, gets %s: %s; grant it to specific accounts instead", g.Permission, effect(g.Permission))))
	case provider.GroupAuthenticatedUsers:
		out.Add(diag.New(diag.ACLAuthenticatedWrite, fp, fmt.Sprintf("every signed-in user of any account gets %s: %s; grant it to specific accounts instead", g.Permission, effect(g.Permission))))
	}
}

// writes reports whether a permission lets the grantee change something.
func writes(perm string) bool {
	return perm == "WRITE" || perm == "WRITE_ACP" || perm == "FULL_CONTROL"
}

func effect(perm string) string {
	switch perm {
	case "WRITE":
		return "they can add, overwrite and delete objects"
	case "WRITE_ACP":
		return "they can rewrite this ACL"
	}
	return "they can write objects and rewrite this ACL"
}

func granteeType(p provider.ACLProfile, name string) (provider.ACLGranteeType, bool) {
	for _, t := range p.GranteeTypes {
		if t.Type == name {
			return t, true
		}
	}
	return provider.ACLGranteeType{}, false
}

func typeNames(p provider.ACLProfile) []string {
	out := make([]string, len(p.GranteeTypes))
	for i, t := range p.GranteeTypes {
		out[i] = t.Type
	}
	return out
}

func group(p provider.ACLProfile, id string) (provider.ACLGroup, bool) {
	for _, g := range p.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return provider.ACLGroup{}, false
}

func groupIDs(p provider.ACLProfile) []string {
	out := make([]string, len(p.Groups))
	for i, g := range p.Groups {
		out[i] = g.ID
	}
	return out
}

// closestGroup suggests a group for a misspelt one: the same text in
// another case, or a URI whose last segment is (nearly) the same, which
// also maps another provider's group URI to this provider's.
func closestGroup(v string, ids []string) string {
	for _, id := range ids {
		if strings.EqualFold(id, v) {
			return id
		}
	}
	if !strings.Contains(v, "/") {
		return typo.Closest(v, ids)
	}
	last := v[strings.LastIndexByte(v, '/')+1:]
	segs := make([]string, len(ids))
	for i, id := range ids {
		segs[i] = id[strings.LastIndexByte(id, '/')+1:]
	}
	if s := typo.Closest(last, segs); s != "" {
		for i, seg := range segs {
			if seg == s {
				return ids[i]
			}
		}
	}
	return ""
}

// example is a sample value for a grantee type's field.
func example(p provider.ACLProfile, t provider.ACLGranteeType, f provider.Format) string {
	switch t.Field {
	case "id":
		if f == provider.Headers {
			return p.Headers.ID.Example
		}
		return p.GranteeID.Example
	case "uri", "name":
		if len(p.Groups) > 0 {
			return p.Groups[0].ID
		}
	case "email":
		return "user@example.com"
	}
	return ""
}

// speller writes names and values as the user's form spells them, so a
// message says what to type.
type speller struct {
	p provider.ACLProfile
	f provider.Format
}

var xmlNames = map[string]string{"id": "ID", "uri": "URI", "email": "EmailAddress", "displayName": "DisplayName", "name": "Name"}

// field spells a grantee field, with an example value when v is set.
func (s speller) field(name, v string) string {
	switch s.f {
	case provider.XML:
		if v == "" {
			return "<" + xmlNames[name] + ">"
		}
		return fmt.Sprintf("<%s>%s</%s>", xmlNames[name], v, xmlNames[name])
	case provider.Headers:
		key := name
		for _, k := range s.p.Headers.Keys {
			if k.Field == name {
				key = k.Key
			}
		}
		if v == "" {
			v = "…"
		}
		return fmt.Sprintf("%s=%q", key, v)
	}
	if v == "" {
		return strconv.Quote(name)
	}
	return fmt.Sprintf("%q: %q", name, v)
}

func (s speller) typeAttr(v string) string {
	if s.f == provider.XML {
		return fmt.Sprintf("%s=%q on <Grantee>", s.p.XML.TypeAttr, v)
	}
	return fmt.Sprintf("\"type\": %q", v)
}

func (s speller) grantee() string {
	switch s.f {
	case provider.XML:
		return "<Grantee>; add one such as <Grantee " + `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>…</ID></Grantee>`
	}
	return `"grantee"; add one such as {"type": "user", "id": "usr-…"}`
}

func (s speller) permission(v string) string {
	if s.f == provider.XML {
		return "<Permission>" + v + "</Permission>"
	}
	return fmt.Sprintf("\"permission\": %q", v)
}

// value is the replacement text for a value's span: XML text and header
// values are bare, JSON strings quoted.
func (s speller) value(v string) string {
	if s.f == provider.JSON {
		return strconv.Quote(v)
	}
	return v
}

// who names a grantee in messages.
func (s speller) who(g *Grantee) string {
	if f := identity(g); f != "" {
		return strconv.Quote(clip(g.Field(f)))
	}
	return "the grantee"
}

// identity is the first identity field a grantee has, "" when none.
func identity(g *Grantee) string {
	for _, f := range identityFields {
		if g.Field(f) != "" {
			return f
		}
	}
	return ""
}

var patterns sync.Map // pattern → *regexp.Regexp

func matches(pattern, v string) bool {
	if pattern == "" {
		return true
	}
	re, ok := patterns.Load(pattern)
	if !ok {
		re, _ = patterns.LoadOrStore(pattern, regexp.MustCompile(pattern))
	}
	return re.(*regexp.Regexp).MatchString(v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// clip shortens a long value for a message, on a rune boundary.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == 70 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
