package acl

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"bucketlab/core/diag"
	"bucketlab/core/internal/xmldec"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/xmlsyn"
)

// The PUT Bucket acl body of S3 and COS (RULES.md §2.3, §3.3):
// <AccessControlPolicy [xmlns="…"]><Owner><ID/><DisplayName/></Owner>
// <AccessControlList><Grant><Grantee xmlns:xsi="…" xsi:type="…"><ID/>|<URI/>|
// <EmailAddress/></Grantee><Permission/></Grant>…</AccessControlList></AccessControlPolicy>

// XSINamespace is the namespace xsi:type must resolve to.
const XSINamespace = "http://www.w3.org/2001/XMLSchema-instance"

// xmlFields maps the body's element names to model field names.
var xmlFields = map[string]string{"ID": "id", "URI": "uri", "EmailAddress": "email", "DisplayName": "displayName"}

// DecodeXML reads an AccessControlPolicy body into the model, laid out as
// p describes (the elements it knows, whether a plain type attribute is
// accepted). Shape problems are diagnostics; the rules are Validate's. The
// model is nil when the root is not an AccessControlPolicy.
func DecodeXML(root *xmlsyn.Element, p provider.ACLProfile) (*ACL, *diag.Locator, diag.List) {
	r := xmldec.New()
	if !r.Root(root, "", "AccessControlPolicy", p.XML.Namespaces...) {
		return nil, r.Loc, r.Diags
	}
	a := &ACL{}
	kids := r.Children(root, "<AccessControlPolicy>", []xmldec.Field{{Name: "Owner"}, {Name: "AccessControlList"}})
	if o := first(kids, "Owner"); o != nil {
		r.Node(o, "/owner")
		a.Owner = &Owner{}
		f := r.Children(o, "<Owner>", fields(p.XML.OwnerOrder))
		if e := first(f, "ID"); e != nil {
			a.Owner.ID = text(r, e, "/owner/id")
		}
		if e := first(f, "DisplayName"); e != nil {
			a.Owner.DisplayName = text(r, e, "/owner/displayName")
		}
	}
	if l := first(kids, "AccessControlList"); l != nil {
		r.Node(l, "/grants")
		a.Grants = []Grant{}
		grants := r.Children(l, "<AccessControlList>", []xmldec.Field{{Name: "Grant", Repeat: true}})
		for _, g := range grants["Grant"] {
			a.Grants = append(a.Grants, decodeGrant(r, g, "/grants/"+strconv.Itoa(len(a.Grants)), p))
		}
	}
	return a, r.Loc, r.Diags
}

func decodeGrant(r *xmldec.Reader, e *xmlsyn.Element, path string, p provider.ACLProfile) Grant {
	r.Node(e, path)
	var g Grant
	f := r.Children(e, "<Grant>", []xmldec.Field{{Name: "Grantee"}, {Name: "Permission"}})
	if ge := first(f, "Grantee"); ge != nil {
		gp := path + "/grantee"
		r.Node(ge, gp)
		g.Grantee = &Grantee{Type: typeAttr(r, ge, gp+"/type", p)}
		children := r.Children(ge, "<Grantee>", fields(p.XML.GranteeOrder))
		for _, name := range p.XML.GranteeOrder {
			if c := first(children, name); c != nil {
				g.Grantee.setField(xmlFields[name], text(r, c, gp+"/"+xmlFields[name]))
			}
		}
	}
	if pe := first(f, "Permission"); pe != nil {
		g.Permission = text(r, pe, path+"/permission")
	}
	return g
}

// typeAttr reads the grantee's type: xsi:type in the XML Schema instance
// namespace, or (where the provider's SDK sends it) a plain type attribute.
func typeAttr(r *xmldec.Reader, e *xmlsyn.Element, path string, p provider.ACLProfile) string {
	var found *xmlsyn.Attr
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.Local != "type" || a.Prefix == "xmlns" {
			continue
		}
		if found == nil || a.Space == XSINamespace {
			found = a
		}
	}
	if found == nil {
		return ""
	}
	value := found.ValueSpan
	if found.Value == "" {
		value = found.NameSpan
	}
	r.Loc.Set(path, found.NameSpan, value)
	decl := fmt.Sprintf("xmlns:xsi=%q", XSINamespace)
	switch {
	case found.Space == XSINamespace:
	case found.Prefix == "":
		if !p.XML.PlainType {
			r.Diags.Add(diag.At(diag.ACLGranteeTypeNamespace, found.NameSpan, fmt.Sprintf("write the grantee type as xsi:type and declare %s on <Grantee>", decl)))
		}
	case found.Space == "":
		r.Diags.Add(diag.At(diag.ACLGranteeTypeNamespace, found.NameSpan, fmt.Sprintf("prefix %q is not declared; add xmlns:%s=%q to <Grantee>", found.Prefix, found.Prefix, XSINamespace)))
	default:
		r.Diags.Add(diag.At(diag.ACLGranteeTypeNamespace, found.NameSpan, fmt.Sprintf("prefix %q is bound to %q; the type attribute needs %s", found.Prefix, found.Space, decl)))
	}
	return found.Value
}

// text reads an element's text; an empty one is located at its name, so a
// problem with it is not a zero-width mark.
func text(r *xmldec.Reader, e *xmlsyn.Element, path string) string {
	s := r.Text(e, path)
	if s == "" {
		r.Loc.Set(path, e.NameSpan, e.NameSpan)
	}
	return s
}

func first(m map[string][]*xmlsyn.Element, name string) *xmlsyn.Element {
	if list := m[name]; len(list) > 0 {
		return list[0]
	}
	return nil
}

func fields(names []string) []xmldec.Field {
	out := make([]xmldec.Field, len(names))
	for i, n := range names {
		out[i] = xmldec.Field{Name: n}
	}
	return out
}

// EncodeXML returns the exact body the provider's official Go SDK sends for
// a: compact, no XML declaration, elements in the SDK's order, values
// escaped as encoding/xml does (and, for aws-sdk-go-v2's smithy-go, also
// U+0085 and U+2028). Empty strings are left out, as the SDKs leave out nil
// pointers and omitempty fields.
func EncodeXML(a ACL, p provider.ACLProfile) ([]byte, error) {
	if a.Canned != "" {
		return nil, fmt.Errorf("the XML body has no canned ACL")
	}
	x := p.XML
	var b bytes.Buffer
	esc := func(s string) { xml.EscapeText(&b, []byte(s)) }
	elem := func(name, v string) {
		if v == "" {
			return
		}
		b.WriteString("<" + name + ">")
		esc(v)
		b.WriteString("</" + name + ">")
	}
	owner := func() {
		if a.Owner == nil {
			return
		}
		b.WriteString("<Owner>")
		for _, name := range x.OwnerOrder {
			switch name {
			case "ID":
				elem(name, a.Owner.ID)
			case "DisplayName":
				elem(name, a.Owner.DisplayName)
			}
		}
		b.WriteString("</Owner>")
	}

	b.WriteString("<AccessControlPolicy")
	if x.Namespace != "" {
		b.WriteString(` xmlns="`)
		esc(x.Namespace)
		b.WriteString(`"`)
	}
	b.WriteString(">")
	if x.OwnerFirst {
		owner()
	}
	if len(a.Grants) > 0 || a.Grants != nil && x.WriteEmptyList {
		b.WriteString("<AccessControlList>")
		for i, g := range a.Grants {
			b.WriteString("<Grant>")
			if ge := g.Grantee; ge != nil {
				b.WriteString("<Grantee")
				if x.TypeAttr == "xsi:type" {
					b.WriteString(` xmlns:xsi="` + XSINamespace + `"`)
				}
				if ge.Type != "" {
					b.WriteString(" " + x.TypeAttr + `="`)
					esc(ge.Type)
					b.WriteString(`"`)
				}
				b.WriteString(">")
				written := 0
				for _, name := range x.GranteeOrder {
					if v := ge.Field(xmlFields[name]); v != "" {
						elem(name, v)
						written++
					}
				}
				if written != setFields(ge) {
					return nil, fmt.Errorf("grant %d: the %s grantee has a field the XML body cannot hold", i, ge.Type)
				}
				b.WriteString("</Grantee>")
			}
			elem("Permission", g.Permission)
			b.WriteString("</Grant>")
		}
		b.WriteString("</AccessControlList>")
	}
	if !x.OwnerFirst {
		owner()
	}
	b.WriteString("</AccessControlPolicy>")
	if x.EscapeLineSeparators {
		return []byte(lineSeparators.Replace(b.String())), nil
	}
	return b.Bytes(), nil
}

// lineSeparators are the two characters smithy-go escapes beyond encoding/xml.
var lineSeparators = strings.NewReplacer("\u0085", "&#x85;", "\u2028", "&#x2028;")

func setFields(g *Grantee) int {
	n := 0
	for _, f := range allFields {
		if g.Field(f) != "" {
			n++
		}
	}
	return n
}
