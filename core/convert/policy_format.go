package convert

import (
	"encoding/json"
	"fmt"

	"bucketlab/core/policy"
	"bucketlab/core/provider"
)

// FormatPolicy writes p in provider to's dialect, indented as its
// documentation writes it.
func FormatPolicy(p policy.Policy, to provider.Profile) (string, error) {
	switch to.ID {
	case provider.S3:
		doc := obj{}
		if p.Version != "" {
			doc = append(doc, member{"Version", p.Version})
		}
		if p.ID != "" {
			doc = append(doc, member{"Id", p.ID})
		}
		stmts := make([]obj, len(p.Statements))
		for i, s := range p.Statements {
			o := obj{}
			if s.Sid != "" {
				o = append(o, member{"Sid", s.Sid})
			}
			o = append(o, member{"Effect", s.Effect})
			o = principals(o, s, "Principal", "NotPrincipal", s3Principal)
			o = lists(o, s, "Action", "NotAction", "Resource", "NotResource", true)
			if s.Conditions != nil {
				o = append(o, member{"Condition", conditionsJSON(s.Conditions, false)})
			}
			stmts[i] = o
		}
		doc = append(doc, member{"Statement", stmts})
		return prettyJSON(doc, "    ")
	case provider.COS:
		doc := obj{}
		if p.Version != "" {
			doc = append(doc, member{"version", p.Version})
		}
		if p.Principal != nil {
			doc = append(doc, member{"principal", cosPrincipal(*p.Principal)})
		}
		stmts := make([]obj, len(p.Statements))
		for i, s := range p.Statements {
			o := obj{}
			if s.Sid != "" {
				o = append(o, member{"sid", s.Sid})
			}
			o = principals(o, s, "principal", "NotPrincipal", cosPrincipal)
			o = append(o, member{"effect", s.Effect})
			o = lists(o, s, "action", "NotAction", "resource", "NotResource", false)
			if s.Conditions != nil {
				o = append(o, member{"condition", conditionsJSON(s.Conditions, false)})
			}
			stmts[i] = o
		}
		doc = append(doc, member{"statement", stmts})
		return prettyJSON(doc, "  ")
	case provider.QingStor:
		stmts := make([]obj, len(p.Statements))
		for i, s := range p.Statements {
			o := obj{{"id", s.Sid}}
			o = principals(o, s, "user", "NotPrincipal", qsUser)
			o = lists(o, s, "action", "NotAction", "", "", false)
			o = append(o, member{"effect", s.Effect})
			if s.Resources != nil {
				o = append(o, member{"resource", s.Resources})
			}
			if s.NotResources != nil {
				o = append(o, member{"NotResource", s.NotResources})
			}
			if s.Conditions != nil {
				o = append(o, member{"condition", conditionsJSON(s.Conditions, true)})
			}
			stmts[i] = o
		}
		return prettyJSON(obj{{"statement", stmts}}, "  ")
	}
	return "", fmt.Errorf("unknown provider %q", to.ID)
}

func principals(o obj, s policy.Statement, key, notKey string, write func(policy.Principal) any) obj {
	if s.Principal != nil {
		o = append(o, member{key, write(*s.Principal)})
	}
	if s.NotPrincipal != nil {
		o = append(o, member{notKey, s3Principal(*s.NotPrincipal)})
	}
	return o
}

// lists writes actions and resources (and their Not… forms); one value
// is written bare where the documentation does so (S3).
func lists(o obj, s policy.Statement, action, notAction, resource, notResource string, bare bool) obj {
	for _, e := range []struct {
		key  string
		list []string
	}{{action, s.Actions}, {notAction, s.NotActions}, {resource, s.Resources}, {notResource, s.NotResources}} {
		if e.key == "" || e.list == nil {
			continue
		}
		if bare && len(e.list) == 1 {
			o = append(o, member{e.key, e.list[0]})
		} else {
			o = append(o, member{e.key, e.list})
		}
	}
	return o
}

func s3Principal(p policy.Principal) any {
	if p.Any {
		return "*"
	}
	o := obj{}
	for _, g := range p.Groups {
		if len(g.IDs) == 1 {
			o = append(o, member{typeOr(g.Type, "AWS"), g.IDs[0]})
		} else {
			o = append(o, member{typeOr(g.Type, "AWS"), g.IDs})
		}
	}
	return o
}

func cosPrincipal(p policy.Principal) any {
	if p.Any {
		return obj{{"qcs", []string{"qcs::cam::anyone:anyone"}}}
	}
	o := obj{}
	for _, g := range p.Groups {
		o = append(o, member{typeOr(g.Type, "qcs"), g.IDs})
	}
	return o
}

func qsUser(p policy.Principal) any {
	if p.Any {
		return "*"
	}
	var ids []string
	for _, g := range p.Groups {
		ids = append(ids, g.IDs...)
	}
	return ids
}

func typeOr(t, def string) string {
	if t == "" {
		return def
	}
	return t
}

// conditionsJSON writes {operator: {key: value | [values]}}; lists: every
// value list as a list (QingStor's SDK types), except a literal (is_null).
func conditionsJSON(cs []policy.Condition, lists bool) obj {
	o := obj{}
	for _, c := range cs {
		keys := obj{}
		for _, k := range c.Keys {
			one := func(v string) any {
				if k.Literal && json.Valid([]byte(v)) {
					return json.RawMessage(v)
				}
				return v
			}
			if len(k.Values) == 1 && (k.Single && !lists || k.Literal && k.Single) {
				keys = append(keys, member{k.Key, one(k.Values[0])})
				continue
			}
			vs := make([]any, len(k.Values))
			for i, v := range k.Values {
				vs[i] = one(v)
			}
			keys = append(keys, member{k.Key, vs})
		}
		o = append(o, member{c.Operator, keys})
	}
	return o
}
