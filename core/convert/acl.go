package convert

import (
	"fmt"
	"strings"

	"bucketlab/core/acl"
	"bucketlab/core/diag"
	"bucketlab/core/provider"
)

// who a neutral grant is for.
type who int

const (
	whoOwner who = iota // the bucket owner
	whoUser             // an account or user, by id
	whoGroup            // a predefined group, by kind
	whoEmail            // an S3 e-mail grantee
)

// grant is a grant in provider-neutral terms, with where it came from.
type grant struct {
	path  string // the source element: /grants/N, or /canned
	who   who
	id    string // whoUser, whoEmail: as at the source (COS ids as CAM ids)
	group string // whoGroup: provider.Group*
	perm  string
	// idPath is the source path of the id, uri or name.
	idPath string
}

// cannedACLs are what the canned ACLs shared by S3 and COS grant (S3 user
// guide "Canned ACL"; COS "ACL overview"). aws-exec-read (EC2 reads AMI
// bundles) has no grant form.
var cannedACLs = map[string][]grant{
	"private":            {{who: whoOwner, perm: "FULL_CONTROL"}},
	"public-read":        {{who: whoOwner, perm: "FULL_CONTROL"}, {who: whoGroup, group: provider.GroupAllUsers, perm: "READ"}},
	"public-read-write":  {{who: whoOwner, perm: "FULL_CONTROL"}, {who: whoGroup, group: provider.GroupAllUsers, perm: "READ"}, {who: whoGroup, group: provider.GroupAllUsers, perm: "WRITE"}},
	"authenticated-read": {{who: whoOwner, perm: "FULL_CONTROL"}, {who: whoGroup, group: provider.GroupAuthenticatedUsers, perm: "READ"}},
	"log-delivery-write": {{who: whoOwner, perm: "FULL_CONTROL"}, {who: whoGroup, group: provider.GroupLogDelivery, perm: "WRITE"}, {who: whoGroup, group: provider.GroupLogDelivery, perm: "READ_ACP"}},
}

// cannedOrder is the order in which a grant set is matched against canned
// ACLs: larger sets first, so the closest one wins.
var cannedOrder = []string{"public-read-write", "log-delivery-write", "public-read", "authenticated-read", "private"}

// ownerPlaceholder stands where the owner's id belongs but is not known;
// the target's check refuses it, as it should.
const ownerPlaceholder = "OWNER-ID"

// ACL converts a, read from provider from in form fromF, into provider
// to's form toF: the XML body, the header form (canned or grant headers)
// or QingStor's JSON. Canned ACLs are written out as grants where the form
// has no canned header, and grants equal to a canned ACL are written as it
// where that is the only way to name a group. Ids of another provider come
// from opts.IDs and the owner from opts.Owner; what is missing is an error.
func ACL(a acl.ACL, loc *diag.Locator, from provider.Profile, fromF provider.Format, to provider.Profile, toF provider.Format, opts Options) (acl.ACL, diag.List) {
	if from.ID == to.ID && fromF == toF {
		return a, nil
	}
	c := &aclConv{emitter: emitter{loc: loc}, from: from, to: to, toF: toF, opts: opts}
	grants := c.read(a)
	c.owner(a)
	grants = c.carry(grants)
	return c.write(grants, a.Canned), c.done()
}

type aclConv struct {
	emitter
	from, to provider.Profile
	toF      provider.Format
	opts     Options
	// srcOwner is the source body's owner (COS ids as CAM ids).
	srcOwner string
	// ownerID is the owner's id at the target ("" when unknown), ownerWhy
	// where the need for it was first seen.
	ownerID       string
	ownerReported bool
}

// read turns the source's canned ACL and grants into neutral grants.
func (c *aclConv) read(a acl.ACL) []grant {
	switch {
	case a.Owner != nil:
		c.srcOwner = c.normal(a.Owner.ID, c.from.ID)
		c.displayName("/owner/displayName", a.Owner.DisplayName)
	case c.from.ID == c.to.ID && strings.TrimSpace(c.opts.Owner) != "":
		// The header form names no owner; within one provider the one
		// given is the source's too, so its grant is the owner's.
		c.srcOwner = c.normal(strings.TrimSpace(c.opts.Owner), c.from.ID)
	}
	var out []grant
	if a.Canned != "" {
		expanded, ok := cannedACLs[a.Canned]
		switch {
		case !ok && c.toF == provider.Headers && contains(c.to.ACL.Headers.CannedACLs, a.Canned):
			// Kept as it is: the target's canned header takes it.
		case !ok:
			c.add(diag.ConvertACLCannedNone, "/canned", fmt.Sprintf("canned ACL %q has no grant form and %s's %s form has no such canned ACL; write the grants it should give instead", a.Canned, c.to.Name, c.toF))
		default:
			for _, g := range expanded {
				g.path, g.idPath = "/canned", "/canned"
				out = append(out, g)
			}
			if c.toF != provider.Headers {
				c.add(diag.ConvertACLCannedExpanded, "/canned", fmt.Sprintf("%q is written as the grants it stands for: %s", a.Canned, describeGrants(expanded)))
			}
		}
	}
	for i, g := range a.Grants {
		path := fmt.Sprintf("/grants/%d", i)
		ge := g.Grantee
		if ge == nil {
			continue
		}
		ng := grant{path: path, perm: g.Permission}
		c.displayName(path+"/grantee/displayName", ge.DisplayName)
		switch {
		case ge.URI != "" || ge.Name != "":
			v, field := ge.URI, "uri"
			if v == "" {
				v, field = ge.Name, "name"
			}
			ng.who, ng.idPath = whoGroup, path+"/grantee/"+field
			for _, grp := range c.from.ACL.Groups {
				if grp.ID == v {
					ng.group = grp.Kind
				}
			}
		case ge.Email != "":
			ng.who, ng.id, ng.idPath = whoEmail, ge.Email, path+"/grantee/email"
		default:
			id := c.normal(ge.ID, c.from.ID)
			ng.idPath = path + "/grantee/id"
			switch {
			case id != "" && id == c.from.ACL.AnyoneID:
				ng.who, ng.group = whoGroup, provider.GroupAllUsers
			case id != "" && id == c.srcOwner:
				ng.who = whoOwner
			default:
				ng.who, ng.id = whoUser, id
			}
		}
		out = append(out, ng)
	}
	return out
}

// displayName notes a DisplayName left out: the services ignore it on
// input (S3 user guide), so nothing changes.
func (c *aclConv) displayName(path, name string) {
	if name != "" {
		c.add(diag.ConvertElementDropped, path, fmt.Sprintf("the display name %q is left out; the service ignores it on input and shows the account's own", name)).Severity = diag.Info
	}
}

// normal spells an id of provider p the one way the conversion compares
// it: COS accounts as CAM ids.
func (c *aclConv) normal(id string, p provider.ID) string {
	if p == provider.COS {
		return cosLong(id)
	}
	return id
}

// owner decides the owner's id at the target: the one given, or the
// source's own when it can be carried over.
func (c *aclConv) owner(a acl.ACL) {
	switch {
	case strings.TrimSpace(c.opts.Owner) != "":
		c.ownerID = c.normal(strings.TrimSpace(c.opts.Owner), c.to.ID)
	case c.srcOwner != "":
		if id, ok := mapID(c.srcOwner, c.from.ID, c.to.ID, c.opts.IDs); ok {
			c.ownerID = c.normal(id, c.to.ID)
		}
	}
}

// needOwner reports, once, that the target needs the owner's id.
func (c *aclConv) needOwner(why string) {
	if c.ownerReported {
		return
	}
	c.ownerReported = true
	path := "/owner/id"
	if c.srcOwner == "" {
		path = ""
	}
	msg := fmt.Sprintf("%s; fill in the owner: the bucket owner's %s id, e.g. %q", why, c.to.Name, c.to.ACL.OwnerID.Example)
	if c.srcOwner != "" {
		msg = fmt.Sprintf("%s, and %q is a %s id; fill in the owner: the bucket owner's %s id, e.g. %q", why, c.srcOwner, c.from.Name, c.to.Name, c.to.ACL.OwnerID.Example)
	}
	if path == "" {
		c.addKey(diag.ConvertOwnerMissing, path, msg)
		return
	}
	c.add(diag.ConvertOwnerMissing, path, msg)
}

// carry keeps what the target can hold, with diagnostics for the rest.
func (c *aclConv) carry(in []grant) []grant {
	var out []grant
	qs := c.to.ID == provider.QingStor
	ownerDropped := false
	for _, g := range in {
		if !contains(c.to.ACL.Permissions, g.perm) {
			p := g.path + "/permission"
			if g.path == "/canned" {
				p = g.path
			}
			c.add(diag.ConvertACLPermissionNone, p, fmt.Sprintf("%s has no %s permission (it has %s); the grant is left out, so it is no longer given", c.to.Name, g.perm, strings.Join(c.to.ACL.Permissions, ", ")))
			continue
		}
		switch g.who {
		case whoOwner:
			if qs {
				if !ownerDropped {
					d := c.add(diag.ConvertACLOwnerGrant, g.idPath, "QingStor's bucket owner always has full control and is not named in the ACL; the owner's grant is left out")
					d.Severity = diag.Info
					ownerDropped = true
				}
				continue
			}
		case whoGroup:
			if g.group == "" || c.group(g.group) == "" {
				c.add(diag.ConvertACLGroupNone, g.idPath, fmt.Sprintf("%s has no %s group; this grant is left out, so they no longer get %s", c.to.Name, groupName(g.group), g.perm))
				continue
			}
		case whoUser, whoEmail:
			id, ok := mapID(g.id, c.from.ID, c.to.ID, c.opts.IDs)
			if !ok && g.who == whoEmail {
				c.add(diag.ConvertACLGranteeNone, g.idPath, fmt.Sprintf("%s has no e-mail grantees; give the account's %s id in the id map", c.to.Name, c.to.Name))
			} else if !ok {
				c.add(diag.ConvertIDUnmapped, g.idPath, fmt.Sprintf("%q is a %s id, which %s does not know; %s", g.id, c.from.Name, c.to.Name, idsHint(g.id, c.to, c.to.ACL.GranteeID.Example)))
			}
			if ok && id != g.id {
				g.who = whoUser // an e-mail mapped to an id
			}
			if ok {
				g.id = c.normal(id, c.to.ID)
			}
			if f := c.idFormat(); ok && g.who == whoUser && !fits(f, c.written(g.id)) {
				c.add(diag.ConvertIDUnmapped, g.idPath, fmt.Sprintf("%q is not %s, which %s's %s form names grantees by; give its counterpart in the id map, e.g. %q", id, f.Describe, c.to.Name, c.toF, f.Example))
			}
		}
		out = append(out, g)
	}
	// QingStor's owner has full control without a grant; S3 and COS name it.
	if c.from.ID == provider.QingStor && !qs {
		hasOwner := false
		for _, g := range out {
			hasOwner = hasOwner || g.who == whoOwner && g.perm == "FULL_CONTROL"
		}
		if !hasOwner {
			at := ""
			if len(in) > 0 {
				at = "/grants"
			}
			d := c.addKey(diag.ConvertACLOwnerGrant, at, fmt.Sprintf("QingStor's owner has full control without a grant; %s's ACL names it, so a FULL_CONTROL grant to the owner is added", c.to.Name))
			d.Severity = diag.Info
			out = append([]grant{{path: at, idPath: at, who: whoOwner, perm: "FULL_CONTROL"}}, out...)
		}
	}
	return out
}

// idFormat is the format of grantee ids in the target form.
func (c *aclConv) idFormat() provider.IDFormat {
	if c.toF == provider.Headers {
		return c.to.ACL.Headers.ID
	}
	return c.to.ACL.GranteeID
}

// written is an id as the target form writes it.
func (c *aclConv) written(id string) string {
	if c.toF == provider.Headers && c.to.ID == provider.COS {
		return cosShort(id)
	}
	return id
}

// group is the target's URI or name of a group kind, "" when it has none.
func (c *aclConv) group(kind string) string {
	for _, g := range c.to.ACL.Groups {
		if g.Kind == kind {
			return g.ID
		}
	}
	return ""
}

func groupName(kind string) string {
	switch kind {
	case provider.GroupAllUsers:
		return "all-users"
	case provider.GroupAuthenticatedUsers:
		return "authenticated-users"
	case provider.GroupLogDelivery:
		return "log-delivery"
	}
	return "such a"
}

func describeGrants(gs []grant) string {
	var parts []string
	for _, g := range gs {
		w := "the owner"
		switch g.who {
		case whoGroup:
			w = groupName(g.group)
		case whoUser, whoEmail:
			w = g.id
		}
		parts = append(parts, w+" "+g.perm)
	}
	return strings.Join(parts, ", ")
}

// write builds the target's model.
func (c *aclConv) write(gs []grant, srcCanned string) acl.ACL {
	var out acl.ACL
	switch c.toF {
	case provider.XML:
		if c.ownerID == "" {
			c.needOwner(fmt.Sprintf("%s's ACL body names the bucket owner", c.to.Name))
		}
		out.Owner = &acl.Owner{ID: orPlaceholder(c.ownerID)}
		out.Grants = []acl.Grant{}
		for _, g := range gs {
			out.Grants = append(out.Grants, c.grantee(g))
		}
	case provider.Headers:
		canned, rest := c.collapse(gs, srcCanned)
		out.Canned = canned
		for _, g := range rest {
			if g.who == whoGroup && !c.headerKey("Group") && !c.anyoneID(g) {
				c.add(diag.ConvertACLGranteeNone, g.idPath, fmt.Sprintf("%s's grant headers name accounts only (id=\"…\"), not groups, and no canned ACL gives exactly these grants; write the body form instead, or a canned ACL", c.to.Name))
			}
			out.Grants = append(out.Grants, c.grantee(g))
		}
	default: // QingStor JSON
		out.Grants = []acl.Grant{}
		for _, g := range gs {
			ge := &acl.Grantee{Type: "user", ID: g.id}
			if g.who == whoGroup {
				ge = &acl.Grantee{Type: "group", Name: c.group(g.group)}
			}
			out.Grants = append(out.Grants, acl.Grant{Grantee: ge, Permission: g.perm})
		}
	}
	return out
}

func orPlaceholder(id string) string {
	if id == "" {
		return ownerPlaceholder
	}
	return id
}

// grantee writes a neutral grant in the XML body's or grant headers' terms.
func (c *aclConv) grantee(g grant) acl.Grant {
	ge := &acl.Grantee{}
	switch g.who {
	case whoOwner:
		if c.ownerID == "" {
			c.needOwner(fmt.Sprintf("the owner's grant names the owner at %s", c.to.Name))
		}
		ge.Type, ge.ID = "CanonicalUser", orPlaceholder(c.ownerID)
	case whoUser:
		ge.Type, ge.ID = "CanonicalUser", g.id
	case whoEmail:
		ge.Type, ge.Email = "AmazonCustomerByEmail", g.id
	case whoGroup:
		ge.Type, ge.URI = "Group", c.group(g.group)
		if c.toF == provider.Headers && !c.headerKey("Group") && c.anyoneID(g) {
			ge.Type, ge.URI, ge.ID = "CanonicalUser", "", c.to.ACL.AnyoneID
		}
	}
	if c.toF == provider.Headers && c.to.ID == provider.COS && ge.ID != "" {
		ge.ID = cosShort(ge.ID)
	}
	return acl.Grant{Grantee: ge, Permission: g.perm}
}

// anyoneID reports whether the target names everyone by an id (COS's
// qcs::cam::anyone:anyone), which its grant headers can hold.
func (c *aclConv) anyoneID(g grant) bool {
	return g.who == whoGroup && g.group == provider.GroupAllUsers && c.to.ACL.AnyoneID != ""
}

// headerKey reports whether the target's grant headers can name a grantee type.
func (c *aclConv) headerKey(typ string) bool {
	for _, k := range c.to.ACL.Headers.Keys {
		if k.Type == typ {
			return true
		}
	}
	return false
}

// collapse finds the canned ACL the grants equal (S3: exactly, since it
// refuses canned and grant headers together) or contain with every group
// grant covered (COS, which takes both), and returns it with the grants
// left for grant headers.
func (c *aclConv) collapse(gs []grant, srcCanned string) (string, []grant) {
	h := c.to.ACL.Headers
	if srcCanned != "" && len(gs) == 0 && contains(h.CannedACLs, srcCanned) {
		return srcCanned, nil // a canned ACL without a grant form, kept
	}
	key := func(g grant) string {
		if g.who == whoOwner || g.who == whoGroup {
			return fmt.Sprintf("%d/%s/%s", g.who, g.group, g.perm)
		}
		return ""
	}
	for _, name := range cannedOrder {
		if !contains(h.CannedACLs, name) {
			continue
		}
		want := map[string]bool{}
		for _, g := range cannedACLs[name] {
			want[key(g)] = true
		}
		var rest []grant
		covered := map[string]bool{}
		for _, g := range gs {
			if k := key(g); want[k] {
				covered[k] = true
				continue
			}
			rest = append(rest, g)
		}
		if len(covered) != len(want) {
			continue
		}
		groupsLeft := false
		for _, g := range rest {
			groupsLeft = groupsLeft || g.who == whoGroup
		}
		if len(rest) > 0 && (!h.CannedWithGrants || groupsLeft) {
			continue
		}
		if name != srcCanned {
			at := ""
			if len(gs) > 0 {
				at = gs[0].path
			}
			d := c.addKey(diag.ConvertACLCannedCollapsed, at, fmt.Sprintf("these grants are what the canned ACL %q gives; %s's header form writes them as %s: %s", name, c.to.Name, h.Canned, name))
			d.Severity = diag.Info
		}
		return name, rest
	}
	return "", gs
}

// FormatACL writes a as provider to's document in format f, indented: the
// XML body as the documentation writes it (Owner first, xsi:type), the
// header lines, or QingStor's JSON.
func FormatACL(a acl.ACL, to provider.Profile, f provider.Format) (string, error) {
	switch f {
	case provider.XML:
		if len(to.ACL.XML.OwnerOrder) == 0 {
			break
		}
		p := to.ACL
		p.XML.TypeAttr = "xsi:type"
		p.XML.OwnerFirst = true
		p.XML.OwnerOrder = []string{"ID", "DisplayName"}
		p.XML.GranteeOrder = []string{"ID", "URI", "EmailAddress", "DisplayName"}
		p.XML.EscapeLineSeparators = false
		b, err := acl.EncodeXML(a, p)
		if err != nil {
			return "", err
		}
		return indentXML(string(b)), nil
	case provider.Headers:
		h := to.ACL.Headers
		if h.Prefix == "" {
			break
		}
		var lines []string
		if a.Canned != "" {
			lines = append(lines, h.Canned+": "+a.Canned)
		}
		parts := map[string][]string{}
		for _, g := range a.Grants {
			if g.Grantee == nil {
				continue
			}
			key, v := "id", g.Grantee.ID
			switch {
			case g.Grantee.URI != "":
				key, v = "uri", g.Grantee.URI
			case g.Grantee.Email != "":
				key, v = "emailAddress", g.Grantee.Email
			}
			parts[g.Permission] = append(parts[g.Permission], key+`="`+v+`"`)
		}
		for _, gh := range h.Grants {
			if list := parts[gh.Permission]; len(list) > 0 {
				lines = append(lines, gh.Name+": "+strings.Join(list, h.Separator))
			}
		}
		return strings.Join(lines, "\n"), nil
	case provider.JSON:
		if to.ID != provider.QingStor {
			break
		}
		list := make([]obj, 0, len(a.Grants))
		for _, g := range a.Grants {
			ge := obj{}
			if g.Grantee != nil {
				ge = obj{{"type", g.Grantee.Type}}
				if g.Grantee.Name != "" {
					ge = append(ge, member{"name", g.Grantee.Name})
				} else {
					ge = append(ge, member{"id", g.Grantee.ID})
				}
			}
			list = append(list, obj{{"grantee", ge}, {"permission", g.Permission}})
		}
		return prettyJSON(obj{{"acl", list}}, "  ")
	}
	return "", fmt.Errorf("%s has no ACL document in %s", to.Name, f)
}
