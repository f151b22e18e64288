package policy

import (
	"fmt"
	"strconv"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/internal/jsondec"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

// Decode reads a policy in the JSON dialect the profile spells (S3 IAM,
// COS CAM or QingStor) into the model, recording where every element was
// written. Shape problems are diagnostics; where the intent is clear (one
// string where a list belongs) the value is still taken, so that one slip
// is reported once and the rest of the document is still checked. The
// model is nil when the document is not an object at all.
func Decode(root *jsonsyn.Node, prof provider.PolicyProfile) (*Policy, *diag.Locator, diag.List) {
	d := &decoder{r: jsondec.New(), p: &Policy{}, prof: prof}
	k := prof.Keys
	top, ok := d.r.Object(root, "", diag.Span{}, "the policy", d.known(k.Version, k.ID, k.PolicyPrincipal, k.Statement))
	if !ok {
		return nil, d.r.Loc, d.r.Diags
	}
	if m, ok := d.member(top, k.Version); ok {
		d.p.Version = d.str(m, "/version")
	}
	if m, ok := d.member(top, k.ID); ok {
		d.p.ID = d.str(m, "/id")
	}
	if m, ok := d.member(top, k.PolicyPrincipal); ok {
		d.p.Principal = d.principal(m, "/principal")
	}
	if m, ok := d.member(top, k.Statement); ok {
		d.statements(m)
	}
	return d.p, d.r.Loc, d.r.Diags
}

type decoder struct {
	r    *jsondec.Reader
	p    *Policy
	prof provider.PolicyProfile
}

// known lists the keys of one level: each non-empty key, and its
// capitalised spelling when the provider reads both.
func (d *decoder) known(keys ...string) []string {
	var out []string
	for _, k := range keys {
		if k == "" {
			continue
		}
		out = append(out, k)
		if c := capitalise(k); d.prof.CapitalisedKeys && c != k {
			out = append(out, c)
		}
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// member returns the member spelled key (or, where the provider reads
// both, its capitalised form). Both spellings at once name the element
// twice, which is reported.
func (d *decoder) member(fields map[string]jsonsyn.Member, key string) (jsonsyn.Member, bool) {
	if key == "" {
		return jsonsyn.Member{}, false
	}
	m, ok := fields[key]
	if c := capitalise(key); d.prof.CapitalisedKeys && c != key {
		if m2, ok2 := fields[c]; ok2 {
			if !ok {
				return m2, true
			}
			second, first := m2, m
			if second.KeySpan.Start < first.KeySpan.Start {
				second, first = first, second
			}
			dd := diag.At(diag.JSONDuplicateKey, second.KeySpan,
				fmt.Sprintf("%q and %q are the same element (the service reads keys in either case); keep one", m.Key, m2.Key))
			dd.Related = []diag.Related{{Span: first.KeySpan, Message: "first written here"}}
			d.r.Diags.Add(dd)
			return first, true
		}
	}
	return m, ok
}

// str reads a string element; a value of another type is reported and
// remembered, so that validation does not also call it missing.
func (d *decoder) str(m jsonsyn.Member, path string) string {
	s, ok := d.r.String(m, path)
	if !ok {
		d.p.markReported(path)
	}
	return s
}

func (d *decoder) wrongType(n *jsonsyn.Node, msg string) {
	d.r.Diags.Add(diag.At(diag.JSONWrongType, n.Span, msg+", not "+article(n.Kind)))
}

func article(k jsonsyn.Kind) string {
	switch k {
	case jsonsyn.Array, jsonsyn.Object:
		return "an " + k.String()
	case jsonsyn.Null:
		return "null"
	}
	return "a " + k.String()
}

func (d *decoder) statements(m jsonsyn.Member) {
	k := d.prof.Keys
	stmtKeys := d.known(k.Sid, k.Effect, k.Principal, k.NotPrincipal, k.Action, k.NotAction, k.Resource, k.NotResource, k.Condition)
	if m.Value.Kind == jsonsyn.Object && d.prof.StatementObject {
		// IAM takes one statement object in place of the list.
		d.r.Loc.Set("/statements", m.KeySpan, m.Value.Span)
		fields, _ := d.r.Object(m.Value, "/statements/0", diag.Span{}, "a statement", stmtKeys)
		d.p.Statements = []Statement{d.statement("/statements/0", fields)}
		return
	}
	example := fmt.Sprintf(`[{%q: %q, …}]`, k.Effect, d.prof.Effects[0])
	elems, ok := d.r.Array(m, "/statements", example)
	if !ok {
		d.p.markReported("/statements")
		return
	}
	d.p.Statements = make([]Statement, 0, len(elems))
	for _, e := range elems {
		path := "/statements/" + strconv.Itoa(len(d.p.Statements))
		fields, ok := d.r.Object(e, path, diag.Span{}, "a statement", stmtKeys)
		if !ok {
			d.p.markReported("/statements")
			continue
		}
		d.p.Statements = append(d.p.Statements, d.statement(path, fields))
	}
}

func (d *decoder) statement(path string, f map[string]jsonsyn.Member) Statement {
	k := d.prof.Keys
	var s Statement
	if m, ok := d.member(f, k.Sid); ok {
		s.Sid = d.str(m, path+"/sid")
	}
	if m, ok := d.member(f, k.Effect); ok {
		s.Effect = d.str(m, path+"/effect")
	}
	if m, ok := d.member(f, k.Principal); ok {
		s.Principal = d.principal(m, path+"/principal")
	}
	if m, ok := d.member(f, k.NotPrincipal); ok {
		s.NotPrincipal = d.principal(m, path+"/notPrincipal")
	}
	if m, ok := d.member(f, k.Action); ok {
		s.Actions = d.strings(m, path+"/actions")
	}
	if m, ok := d.member(f, k.NotAction); ok {
		s.NotActions = d.strings(m, path+"/notActions")
	}
	if m, ok := d.member(f, k.Resource); ok {
		s.Resources = d.strings(m, path+"/resources")
	}
	if m, ok := d.member(f, k.NotResource); ok {
		s.NotResources = d.strings(m, path+"/notResources")
	}
	if m, ok := d.member(f, k.Condition); ok {
		s.Conditions = d.conditions(m, path+"/conditions")
	}
	return s
}

// strings reads a string or a list of strings; a lone string is a list
// of one, located at path/0.
func (d *decoder) strings(m jsonsyn.Member, path string) []string {
	switch m.Value.Kind {
	case jsonsyn.String:
		d.r.Loc.Set(path, m.KeySpan, m.Value.Span)
		d.r.Loc.Set(path+"/0", diag.Span{}, m.Value.Span)
		return []string{m.Value.Text}
	case jsonsyn.Array:
		list, _ := d.r.StringList(m, path)
		if len(list) != len(m.Value.Elems) {
			d.p.markReported(path)
		}
		return list
	}
	d.r.Loc.Set(path, m.KeySpan, m.Value.Span)
	d.wrongType(m.Value, fmt.Sprintf("%q must be a string or an array of strings", m.Key))
	d.p.markReported(path)
	return nil
}

// principal reads "*", a plain id or list of ids, or an object of typed
// id lists. Which forms the provider accepts is for validation to say;
// the decoder keeps whatever was written.
func (d *decoder) principal(m jsonsyn.Member, path string) *Principal {
	v := m.Value
	d.r.Loc.Set(path, m.KeySpan, v.Span)
	switch v.Kind {
	case jsonsyn.String:
		if v.Text == "*" && d.prof.PrincipalAny {
			return &Principal{Any: true}
		}
		d.r.Loc.Set(path+"/groups/0", diag.Span{}, v.Span)
		d.r.Loc.Set(path+"/groups/0/ids/0", diag.Span{}, v.Span)
		return &Principal{Groups: []PrincipalGroup{{IDs: []string{v.Text}}}}
	case jsonsyn.Array:
		gp := path + "/groups/0"
		d.r.Loc.Set(gp, diag.Span{}, v.Span)
		return &Principal{Groups: []PrincipalGroup{{IDs: d.ids(v, m.Key, gp)}}}
	case jsonsyn.Object:
		if d.prof.PrincipalTypes == nil {
			break
		}
		p := &Principal{}
		for _, g := range v.Members {
			gp := path + "/groups/" + strconv.Itoa(len(p.Groups))
			d.r.Loc.Set(gp, g.KeySpan, g.Value.Span)
			d.r.Loc.Set(gp+"/type", diag.Span{}, g.KeySpan)
			var ids []string
			switch g.Value.Kind {
			case jsonsyn.String:
				d.r.Loc.Set(gp+"/ids/0", diag.Span{}, g.Value.Span)
				ids = []string{g.Value.Text}
			case jsonsyn.Array:
				ids = d.ids(g.Value, g.Key, gp)
			default:
				d.wrongType(g.Value, fmt.Sprintf("the ids under %q must be a string or an array of strings", g.Key))
				d.p.markReported(gp)
				ids = []string{}
			}
			p.Groups = append(p.Groups, PrincipalGroup{Type: g.Key, IDs: ids})
		}
		return p
	}
	if d.prof.PrincipalTypes == nil {
		d.wrongType(v, fmt.Sprintf("%q must be a user id or an array of user ids", m.Key))
	} else {
		d.wrongType(v, fmt.Sprintf(`%q must be "*" or an object such as {%q: […]}`, m.Key, d.prof.PrincipalTypes[0]))
	}
	d.p.markReported(path)
	return nil
}

// ids reads the strings of an array at gp/ids/N.
func (d *decoder) ids(v *jsonsyn.Node, key, gp string) []string {
	ids := make([]string, 0, len(v.Elems))
	for _, e := range v.Elems {
		if e.Kind != jsonsyn.String {
			d.wrongType(e, fmt.Sprintf("each id under %q must be a string", key))
			d.p.markReported(gp)
			continue
		}
		d.r.Loc.Set(gp+"/ids/"+strconv.Itoa(len(ids)), diag.Span{}, e.Span)
		ids = append(ids, e.Text)
	}
	return ids
}

// conditions reads {operator: {key: value | [values]}}.
func (d *decoder) conditions(m jsonsyn.Member, path string) []Condition {
	d.r.Loc.Set(path, m.KeySpan, m.Value.Span)
	if m.Value.Kind != jsonsyn.Object {
		d.wrongType(m.Value, fmt.Sprintf("%q must be an object of operators, such as {%q: {…}}", m.Key, d.prof.Operators[0].Name))
		d.p.markReported(path)
		return nil
	}
	out := []Condition{}
	for _, op := range m.Value.Members {
		cp := path + "/" + strconv.Itoa(len(out))
		d.r.Loc.Set(cp, op.KeySpan, op.Value.Span)
		d.r.Loc.Set(cp+"/operator", diag.Span{}, op.KeySpan)
		c := Condition{Operator: op.Key, Keys: []ConditionKey{}}
		if op.Value.Kind != jsonsyn.Object {
			d.wrongType(op.Value, fmt.Sprintf("operator %q must hold an object of condition keys, such as {%q: […]}", op.Key, "key"))
			d.p.markReported(cp)
			out = append(out, c)
			continue
		}
		for _, km := range op.Value.Members {
			kp := cp + "/keys/" + strconv.Itoa(len(c.Keys))
			d.r.Loc.Set(kp, km.KeySpan, km.Value.Span)
			d.r.Loc.Set(kp+"/key", diag.Span{}, km.KeySpan)
			ck, ok := d.conditionValues(km, kp)
			if !ok {
				continue
			}
			c.Keys = append(c.Keys, ck)
		}
		out = append(out, c)
	}
	return out
}

func (d *decoder) conditionValues(km jsonsyn.Member, kp string) (ConditionKey, bool) {
	ck := ConditionKey{Key: km.Key}
	v := km.Value
	switch v.Kind {
	case jsonsyn.String, jsonsyn.Number, jsonsyn.Bool:
		d.r.Loc.Set(kp+"/values/0", diag.Span{}, v.Span)
		ck.Values, ck.Single, ck.Literal = []string{v.Text}, true, v.Kind != jsonsyn.String
		return ck, true
	case jsonsyn.Array:
		ck.Values = make([]string, 0, len(v.Elems))
		literals := 0
		for _, e := range v.Elems {
			switch e.Kind {
			case jsonsyn.String:
			case jsonsyn.Number, jsonsyn.Bool:
				literals++
			default:
				d.wrongType(e, fmt.Sprintf("each value of %q must be a string, number or boolean", km.Key))
				d.p.markReported(kp)
				continue
			}
			d.r.Loc.Set(kp+"/values/"+strconv.Itoa(len(ck.Values)), diag.Span{}, e.Span)
			ck.Values = append(ck.Values, e.Text)
		}
		ck.Literal = literals > 0 && literals == len(ck.Values)
		return ck, true
	}
	d.wrongType(v, fmt.Sprintf("the value of %q must be a string, number, boolean or an array of them", km.Key))
	return ck, false
}
