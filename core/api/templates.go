package api

import (
	"sort"
	"strings"

	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
	"bucketlab/core/templates"
)

func init() {
	ops["templates"] = opTemplates
	ops["vocabulary"] = opVocabulary
}

// TemplatesRequest is the request of the "templates" op; both fields are
// optional filters.
type TemplatesRequest struct {
	Provider string `json:"provider,omitempty"`
	Document string `json:"document,omitempty"`
}

func opTemplates(raw []byte) (result, error) {
	var req TemplatesRequest
	if len(raw) > 0 {
		if err := decodeRequest(raw, &req); err != nil {
			return result{}, err
		}
	}
	if req.Provider != "" {
		if _, ok := provider.Get(provider.ID(req.Provider)); !ok {
			return result{}, badf("unknown provider %q; expected \"cos\", \"qingstor\" or \"s3\"", req.Provider)
		}
	}
	switch req.Document {
	case "", "cors", "policy", "acl":
	default:
		return result{}, badf("unknown document %q; expected \"cors\", \"policy\" or \"acl\"", req.Document)
	}
	list, err := templates.Filter(req.Provider, req.Document)
	if err != nil {
		return result{}, err
	}
	return result{value: map[string]any{"templates": list}}, nil
}

// VocabularyRequest is the request of the "vocabulary" op.
type VocabularyRequest struct {
	Provider string `json:"provider"`
	Document string `json:"document"`
	Format   string `json:"format,omitempty"`
}

// Word is a name the editor offers, with a short note for hover.
type Word struct {
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
}

// VocabularyValue completes "describe" for the editor: the names a
// document of one provider × document × format is written with (JSON keys,
// XML element names or header names), and for policies the principals, for
// ACLs the permissions and groups, each with a note. Keys come from the
// provider table and from the provider's templates (which a test checks
// with the core), so they are names the decoders know.
type VocabularyValue struct {
	Provider    string `json:"provider"`
	Document    string `json:"document"`
	Format      string `json:"format"`
	Keys        []Word `json:"keys"`
	Principals  []Word `json:"principals,omitempty"`
	Permissions []Word `json:"permissions,omitempty"`
	Groups      []Word `json:"groups,omitempty"`
}

func opVocabulary(raw []byte) (result, error) {
	var req VocabularyRequest
	if err := decodeRequest(raw, &req); err != nil {
		return result{}, err
	}
	prof, key, err := target(req.Provider, req.Document, req.Format)
	if err != nil {
		return result{}, err
	}
	v := VocabularyValue{Provider: string(key.provider), Document: string(key.document), Format: string(key.format), Keys: []Word{}}
	keys := map[string]string{}
	add := func(name, detail string) {
		if name != "" && keys[name] == "" {
			keys[name] = detail
		}
	}
	switch key.document {
	case provider.Policy:
		pp := prof.Policy
		k := pp.Keys
		for _, n := range []string{k.Version, k.ID, k.PolicyPrincipal, k.Statement} {
			add(n, "in the policy")
		}
		for _, n := range []string{k.Sid, k.Effect, k.Principal, k.NotPrincipal, k.Action, k.NotAction, k.Resource, k.NotResource, k.Condition} {
			add(n, "in a statement")
		}
		for _, t := range pp.PrincipalTypes {
			add(t, "principal type: "+pp.PrincipalIDs[t].Describe)
		}
		anyone := map[string]bool{}
		for _, id := range pp.AnyoneIDs {
			anyone[id] = true
			v.Principals = append(v.Principals, Word{id, "everyone, anonymous callers included"})
		}
		if pp.PrincipalAny && !anyone["*"] {
			v.Principals = append(v.Principals, Word{"*", "everyone, anonymous callers included"})
		}
		types := make([]string, 0, len(pp.PrincipalIDs))
		for t := range pp.PrincipalIDs {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			if f := pp.PrincipalIDs[t]; f.Example != "" && !anyone[f.Example] {
				v.Principals = append(v.Principals, Word{f.Example, "example: " + f.Describe})
			}
		}
	case provider.CORS:
		if key.format == provider.XML {
			add("CORSConfiguration", "the document")
			add("CORSRule", "in <CORSConfiguration>")
			for _, n := range prof.CORS.XMLRuleOrder {
				add(n, "in <CORSRule>")
			}
			if prof.CORS.ResponseVary {
				add("ResponseVary", "in <CORSConfiguration>: true sends Vary: Origin")
			}
		}
	case provider.ACL:
		ap := prof.ACL
		switch key.format {
		case provider.XML:
			add("AccessControlPolicy", "the document")
			add("Owner", "in <AccessControlPolicy>")
			add("AccessControlList", "in <AccessControlPolicy>")
			add("Grant", "in <AccessControlList>")
			add("Grantee", "in <Grant>")
			add("Permission", "in <Grant>")
			for _, n := range ap.XML.OwnerOrder {
				add(n, "in <Owner>")
			}
			for _, n := range ap.XML.GranteeOrder {
				add(n, "in <Grantee>")
			}
		case provider.Headers:
			if ap.Headers.Canned != "" {
				add(ap.Headers.Canned, "canned ACL: "+strings.Join(ap.Headers.CannedACLs, ", "))
			}
			for _, g := range ap.Headers.Grants {
				add(g.Name, "grants "+g.Permission+` to the grantees listed as id="…"`)
			}
		}
		v.Permissions = permissionWords(ap.Permissions)
		for _, g := range ap.Groups {
			v.Groups = append(v.Groups, Word{g.ID, groupNotes[g.Kind]})
		}
	}
	if key.format != provider.Headers {
		harvest(string(key.provider), string(key.document), string(key.format), add)
	}
	for n, d := range keys {
		v.Keys = append(v.Keys, Word{n, d})
	}
	sort.Slice(v.Keys, func(i, j int) bool { return v.Keys[i].Name < v.Keys[j].Name })
	return result{value: v}, nil
}

var groupNotes = map[string]string{
	provider.GroupAllUsers:           "everyone, anonymous callers included",
	provider.GroupAuthenticatedUsers: "anyone signed in with any account",
	provider.GroupLogDelivery:        "the service's log delivery",
}

// permissionWords notes what each ACL permission allows on a bucket.
func permissionWords(perms []string) []Word {
	notes := map[string]string{
		"READ":      "list the bucket's objects",
		"WRITE":     "create, overwrite and delete objects in the bucket",
		"READ_ACP":  "read the bucket's ACL",
		"WRITE_ACP": "change the bucket's ACL",
	}
	var parts []string
	for _, p := range perms {
		if notes[p] != "" {
			parts = append(parts, p)
		}
	}
	notes["FULL_CONTROL"] = "all of " + strings.Join(parts, ", ")
	out := make([]Word, 0, len(perms))
	for _, p := range perms {
		out = append(out, Word{p, notes[p]})
	}
	return out
}

// harvest adds the keys or element names the provider's templates of this
// document and format are written with, noting where each stands.
func harvest(prov, doc, format string, add func(name, detail string)) {
	list, err := templates.Filter(prov, doc)
	if err != nil {
		return
	}
	for _, t := range list {
		if t.Format != format {
			continue
		}
		switch format {
		case "json":
			root, _ := jsonsyn.Parse(t.Source)
			var walk func(n *jsonsyn.Node, parent string)
			walk = func(n *jsonsyn.Node, parent string) {
				if n == nil {
					return
				}
				for _, m := range n.Members {
					add(m.Key, parent)
					walk(m.Value, "in "+m.Key)
				}
				for _, e := range n.Elems {
					walk(e, parent)
				}
			}
			walk(root, "in the document")
		case "xml":
			root, _ := xmlsyn.Parse(t.Source)
			var walk func(e *xmlsyn.Element, parent string)
			walk = func(e *xmlsyn.Element, parent string) {
				if e == nil {
					return
				}
				add(e.Local, parent)
				for _, c := range e.Children {
					walk(c, "in <"+e.Local+">")
				}
			}
			walk(root, "the document")
		}
	}
}
