package acl

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

// Texts a display name may hold: characters XML must escape, CJK, emoji,
// the line separators smithy-go escapes, control characters XML allows.
var words = []string{"owner", "Zoë", "例子", "😀", `quote"d`, "<&>", "it's", "tab\there", "line\nbreak", "cr\rhere", "ls\u2028nel\u0085x", "a b"}

type gen struct {
	rng *rand.Rand
	p   provider.ACLProfile
}

func (g gen) pick(list []string) string { return list[g.rng.Intn(len(list))] }

func (g gen) hex64() string {
	const digits = "0123456789abcdef"
	b := make([]byte, 64)
	for i := range b {
		b[i] = digits[g.rng.Intn(16)]
	}
	return string(b)
}

func (g gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('1' + g.rng.Intn(9))
	}
	return string(b)
}

func (g gen) groups() []string { return groupIDs(g.p) }

// id is a valid grantee id of the body form (or, with headers, the header form).
func (g gen) id(id provider.ID, headers bool) string {
	switch id {
	case provider.S3:
		if headers && g.rng.Intn(3) == 0 {
			return g.digits(12)
		}
		return g.hex64()
	case provider.COS:
		if headers {
			switch g.rng.Intn(3) {
			case 0:
				return g.digits(12)
			case 1:
				return g.digits(12) + "/" + g.digits(12)
			}
		}
		return "qcs::cam::uin/" + g.digits(12) + ":uin/" + g.digits(12)
	}
	return "usr-" + g.digits(8)
}

// model returns a random valid ACL for provider id in form f.
func (g gen) model(id provider.ID, f provider.Format) ACL {
	var a ACL
	n := g.rng.Intn(6)
	switch f {
	case provider.XML:
		a.Owner = &Owner{ID: g.id(id, false)}
		if g.rng.Intn(2) == 0 {
			a.Owner.DisplayName = g.pick(words)
		}
		if id == provider.COS && n == 0 {
			n = 1 // COS needs a grant
		}
		if n > 0 || g.rng.Intn(2) == 0 {
			a.Grants = []Grant{}
		}
	case provider.Headers:
		if g.rng.Intn(3) == 0 || n == 0 {
			a.Canned = g.pick(g.p.Headers.CannedACLs)
			if !g.p.Headers.CannedWithGrants {
				n = 0
			}
		}
	case provider.JSON:
		a.Grants = []Grant{}
	}
	for i := 0; i < n; i++ {
		var ge Grantee
		switch f {
		case provider.JSON:
			if g.rng.Intn(2) == 0 {
				ge = Grantee{Type: "user", ID: g.id(id, false)}
			} else {
				ge = Grantee{Type: "group", Name: g.pick(g.groups())}
			}
		case provider.Headers:
			k := g.p.Headers.Keys[g.rng.Intn(len(g.p.Headers.Keys))]
			if k.Field == "email" {
				k = g.p.Headers.Keys[0]
			}
			ge = Grantee{Type: k.Type}
			if k.Field == "uri" {
				ge.URI = g.pick(g.groups())
			} else {
				ge.ID = g.id(id, true)
			}
		default:
			t := g.p.GranteeTypes[g.rng.Intn(len(g.p.GranteeTypes))]
			if t.Discontinued != "" {
				t = g.p.GranteeTypes[0]
			}
			ge = Grantee{Type: t.Type}
			if t.Field == "uri" {
				ge.URI = g.pick(g.groups())
			} else {
				ge.ID = g.id(id, false)
				if g.rng.Intn(3) == 0 {
					ge.DisplayName = g.pick(words)
				}
			}
		}
		a.Grants = append(a.Grants, Grant{Grantee: &ge, Permission: g.pick(g.p.Permissions)})
	}
	if f == provider.Headers {
		// The header form groups grants by header, in header order.
		order := map[string]int{}
		for i, h := range g.p.Headers.Grants {
			order[h.Permission] = i
		}
		sort.SliceStable(a.Grants, func(i, j int) bool { return order[a.Grants[i].Permission] < order[a.Grants[j].Permission] })
	}
	return a
}

// encodeDecode writes a in form f and reads it back, failing on any error.
func encodeDecode(t *testing.T, a ACL, id provider.ID, f provider.Format, p provider.ACLProfile) (*ACL, string) {
	t.Helper()
	var wire string
	var got *ACL
	var diags diag.List
	switch f {
	case provider.XML:
		b, err := EncodeXML(a, p)
		if err != nil {
			t.Fatalf("EncodeXML(%+v): %v", a, err)
		}
		wire = string(b)
		root, d := xmlsyn.Parse(wire)
		if root == nil {
			t.Fatalf("%s: %v", wire, d)
		}
		got, _, diags = DecodeXML(root, p)
	case provider.Headers:
		hs, err := EncodeHeaders(a, p)
		if err != nil {
			t.Fatalf("EncodeHeaders(%+v): %v", a, err)
		}
		wire = headerText(hs)
		got, _, diags = DecodeHeaders(wire, p)
	case provider.JSON:
		b, err := EncodeQingStor(a)
		if err != nil {
			t.Fatalf("EncodeQingStor(%+v): %v", a, err)
		}
		wire = string(b)
		root, d := jsonsyn.Parse(wire)
		if root == nil {
			t.Fatalf("%s: %v", wire, d)
		}
		got, _, diags = DecodeQingStor(root)
	}
	if len(diags) > 0 {
		t.Fatalf("decoding %s: %v", wire, diags)
	}
	if errs := Validate(*got, p, f); errs.HasErrors() {
		t.Fatalf("%s: the generated model is invalid: %v", wire, errs)
	}
	return got, wire
}

func headerText(hs []Header) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "%s: %s\n", h.Name, h.Value)
	}
	return b.String()
}

var forms = []struct {
	id provider.ID
	f  provider.Format
}{
	{provider.S3, provider.XML}, {provider.S3, provider.Headers},
	{provider.COS, provider.XML}, {provider.COS, provider.Headers},
	{provider.QingStor, provider.JSON},
}

// TestRoundTrip: decode(encode(m)) == m for random valid models of every
// provider × form.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, form := range forms {
		p := profile(t, form.id)
		g := gen{rng: rand.New(rand.NewSource(1)), p: p}
		for i := 0; i < 300; i++ {
			a := g.model(form.id, form.f)
			got, wire := encodeDecode(t, a, form.id, form.f, p)
			if !reflect.DeepEqual(*got, a) {
				t.Fatalf("%s %s round trip of\n%s\n got %s\nwant %s", form.id, form.f, wire, dump(*got), dump(a))
			}
		}
	}
}

func dump(a ACL) string {
	s := fmt.Sprintf("%+v", a)
	if a.Owner != nil {
		s += fmt.Sprintf(" owner=%+v", *a.Owner)
	}
	for _, g := range a.Grants {
		s += fmt.Sprintf(" %+v", *g.Grantee)
	}
	return s
}

// TestEncodeRefuses: what a form cannot hold is an error, never dropped.
func TestEncodeRefuses(t *testing.T) {
	t.Parallel()
	s3 := profile(t, provider.S3)
	user := &Grantee{Type: "CanonicalUser", ID: s3User}
	cases := []struct {
		name string
		err  error
	}{
		{"owner in headers", second(EncodeHeaders(ACL{Owner: &Owner{ID: s3Owner}}, s3))},
		{"display name in headers", second(EncodeHeaders(ACL{Grants: []Grant{{Grantee: &Grantee{Type: "CanonicalUser", ID: s3User, DisplayName: "x"}, Permission: "READ"}}}, s3))},
		{"quote in a header value", second(EncodeHeaders(ACL{Grants: []Grant{{Grantee: &Grantee{Type: "CanonicalUser", ID: `a"b`}, Permission: "READ"}}}, s3))},
		{"unknown permission in headers", second(EncodeHeaders(ACL{Grants: []Grant{{Grantee: user, Permission: "LIST"}}}, s3))},
		{"RootAccount in S3 headers", second(EncodeHeaders(ACL{Grants: []Grant{{Grantee: &Grantee{Type: "RootAccount", ID: "1"}, Permission: "READ"}}}, s3))},
		{"name in XML", second(EncodeXML(ACL{Grants: []Grant{{Grantee: &Grantee{Type: "group", Name: "QS_ALL_USERS"}, Permission: "READ"}}}, s3))},
		{"uri in QingStor", second(EncodeQingStor(ACL{Grants: []Grant{{Grantee: &Grantee{Type: "group", URI: "x"}, Permission: "READ"}}}))},
		{"canned in QingStor", second(EncodeQingStor(ACL{Canned: "private"}))},
		{"canned in XML", second(EncodeXML(ACL{Canned: "private"}, s3))},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func second[T any](_ T, err error) error { return err }
