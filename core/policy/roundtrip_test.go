package policy

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"sort"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/syntax/jsonsyn"
)

// words include strings JSON must escape: quotes, HTML characters,
// back-slashes, control characters, CJK and emoji.
var words = []string{"a", "arn:aws:iam::123456789012:root", "*", "例子", "😀", `quote"d`, "<&>", `back\slash`,
	"tab\t", "line\u2028sep", "s3:GetObject", "${aws:username}", "mybucket/*", "", "usr-1mvNCzZu"}

type gen struct{ *rand.Rand }

func (g gen) word() string { return words[g.Intn(len(words))] }

func (g gen) words(min, max int) []string {
	out := make([]string, min+g.Intn(max-min+1))
	for i := range out {
		out[i] = g.word()
	}
	return out
}

// values returns a condition key's values in a form the encoders keep.
func (g gen) values(k *ConditionKey) {
	literal := g.Intn(3) == 0
	one := func() string {
		if literal {
			return []string{"true", "false", "5", "-1.5", "1e3"}[g.Intn(5)]
		}
		return g.word()
	}
	k.Literal = literal
	if g.Intn(2) == 0 {
		k.Single, k.Values = true, []string{one()}
		return
	}
	k.Values = make([]string, 1+g.Intn(3))
	for i := range k.Values {
		k.Values[i] = one()
	}
}

// conditions returns distinct operators with distinct keys, sorted when the
// encoder writes a Go map.
func (g gen) conditions(ops []string, keys []string, sorted bool) []Condition {
	if g.Intn(3) == 0 {
		return nil
	}
	n := 1 + g.Intn(2)
	perm := g.Perm(len(ops))[:n]
	if sorted {
		sort.Ints(perm)
	}
	var out []Condition
	for _, i := range perm {
		c := Condition{Operator: ops[i]}
		kp := g.Perm(len(keys))[:1+g.Intn(2)]
		if sorted {
			sort.Ints(kp)
		}
		for _, j := range kp {
			k := ConditionKey{Key: keys[j]}
			g.values(&k)
			c.Keys = append(c.Keys, k)
		}
		out = append(out, c)
	}
	return out
}

func decodeOK(t *testing.T, wire []byte, dec func(*jsonsyn.Node) (*Policy, *diag.Locator, diag.List)) *Policy {
	t.Helper()
	root, diags := jsonsyn.Parse(string(wire))
	if root == nil {
		t.Fatalf("Parse(%s): %v", wire, diags)
	}
	p, _, more := dec(root)
	if len(diags)+len(more) > 0 || p == nil {
		t.Fatalf("decode(%s): %v %v", wire, diags, more)
	}
	return p
}

func roundTrip(t *testing.T, name string, n int, make func(g gen) Policy,
	enc func(Policy) ([]byte, error), dec func(*jsonsyn.Node) (*Policy, *diag.Locator, diag.List)) {
	g := gen{rand.New(rand.NewSource(1))}
	for i := 0; i < n; i++ {
		want := make(g)
		wire, err := enc(want)
		if err != nil {
			t.Fatalf("%s: encode %+v: %v", name, want, err)
		}
		if !json.Valid(wire) {
			t.Fatalf("%s: not JSON: %s", name, wire)
		}
		got := decodeOK(t, wire, dec)
		if !reflect.DeepEqual(*got, want) {
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			t.Fatalf("%s: round trip of %s:\n got %s\nwant %s", name, wire, gj, wj)
		}
	}
}

// TestRoundTripS3: decode(EncodeS3(m)) == m.
func TestRoundTripS3(t *testing.T) {
	t.Parallel()
	types := []string{"AWS", "Service", "CanonicalUser", "Federated"}
	ops := []string{"StringEquals", "ForAnyValue:StringLike", "IpAddress", "NumericLessThanIfExists", "Bool", "Null"}
	keys := []string{"aws:SourceIp", "aws:Referer", "s3:prefix", "aws:SecureTransport"}
	principal := func(g gen) *Principal {
		if g.Intn(3) == 0 {
			return &Principal{Any: true}
		}
		p := &Principal{}
		for _, i := range g.Perm(len(types))[:1+g.Intn(2)] {
			p.Groups = append(p.Groups, PrincipalGroup{Type: types[i], IDs: g.words(1, 3)})
		}
		return p
	}
	roundTrip(t, "s3", 500, func(g gen) Policy {
		p := Policy{Version: []string{"", "2012-10-17", "2008-10-17"}[g.Intn(3)], Statements: []Statement{}}
		if g.Intn(2) == 0 {
			p.ID = g.word()
		}
		for n := 1 + g.Intn(3); n > 0; n-- {
			s := Statement{Sid: g.word(), Effect: []string{"Allow", "Deny"}[g.Intn(2)]}
			if g.Intn(4) == 0 {
				s.NotPrincipal = principal(g)
			} else {
				s.Principal = principal(g)
			}
			if g.Intn(4) == 0 {
				s.NotActions = g.words(1, 3)
			} else {
				s.Actions = g.words(1, 3)
			}
			if g.Intn(4) == 0 {
				s.NotResources = g.words(1, 3)
			} else {
				s.Resources = g.words(1, 3)
			}
			s.Conditions = g.conditions(ops, keys, false)
			p.Statements = append(p.Statements, s)
		}
		return p
	}, EncodeS3, DecodeS3)
}

// genCOS makes a model the COS SDK's types can carry: one "qcs" principal
// group (or, with star, the bare "*"), conditions in Go map order.
func genCOS(g gen, star bool) Policy {
	ops := []string{"ip_equal", "numeric_less_than_if_exist", "string_equal", "string_like"}
	keys := []string{"cos:prefix", "cos:versionid", "qcs:ip", "vpc:requester_vpc"}
	principal := func() *Principal {
		switch g.Intn(3) {
		case 0:
			return nil
		case 1:
			if star {
				return &Principal{Any: true}
			}
		}
		return &Principal{Groups: []PrincipalGroup{{Type: "qcs", IDs: g.words(1, 3)}}}
	}
	p := Policy{Version: "2.0", Principal: principal(), Statements: []Statement{}}
	for n := 1 + g.Intn(3); n > 0; n-- {
		p.Statements = append(p.Statements, Statement{
			Sid:        []string{"", "s1", `q"<>`}[g.Intn(3)],
			Effect:     []string{"allow", "deny", "Allow"}[g.Intn(3)],
			Principal:  principal(),
			Actions:    g.words(1, 3),
			Resources:  g.words(1, 3),
			Conditions: g.conditions(ops, keys, true),
		})
	}
	return p
}

// TestRoundTripCOS: decode(EncodeCOS(m)) == m.
func TestRoundTripCOS(t *testing.T) {
	t.Parallel()
	roundTrip(t, "cos", 500, func(g gen) Policy { return genCOS(g, true) }, EncodeCOS, DecodeCOS)
}

// genQingStor makes a model the QingStor SDK's types carry: lists
// everywhere, its five operator/key pairs in struct order.
func genQingStor(g gen) Policy {
	p := Policy{Statements: []Statement{}}
	for n := 1 + g.Intn(3); n > 0; n-- {
		s := Statement{
			Sid:       g.word(),
			Effect:    []string{"allow", "deny"}[g.Intn(2)],
			Principal: &Principal{Groups: []PrincipalGroup{{IDs: g.words(1, 3)}}},
			Actions:   g.words(1, 3),
		}
		if g.Intn(3) > 0 {
			s.Resources = g.words(1, 3)
		}
		switch g.Intn(3) {
		case 0:
		case 1:
			s.Conditions = []Condition{}
		default:
			for _, op := range []string{"ip_address", "is_null", "not_ip_address", "string_like", "string_not_like"} {
				if g.Intn(2) == 0 {
					continue
				}
				switch op {
				case "is_null":
					v := []string{"true", "false"}[g.Intn(2)]
					s.Conditions = append(s.Conditions, Condition{Operator: op, Keys: []ConditionKey{{Key: "Referer", Values: []string{v}, Single: true, Literal: true}}})
				case "ip_address", "not_ip_address":
					s.Conditions = append(s.Conditions, Condition{Operator: op, Keys: []ConditionKey{{Key: "source_ip", Values: g.words(1, 3)}}})
				default:
					s.Conditions = append(s.Conditions, Condition{Operator: op, Keys: []ConditionKey{{Key: "Referer", Values: g.words(1, 3)}}})
				}
			}
		}
		p.Statements = append(p.Statements, s)
	}
	return p
}

// TestRoundTripQingStor: decode(EncodeQingStor(m)) == m.
func TestRoundTripQingStor(t *testing.T) {
	t.Parallel()
	roundTrip(t, "qingstor", 500, genQingStor, EncodeQingStor, DecodeQingStor)
}

// TestEncodeRefusesWhatTheSDKCannotCarry: the encoders say so rather than
// dropping an element.
func TestEncodeRefusesWhatTheSDKCannotCarry(t *testing.T) {
	t.Parallel()
	not := Policy{Statements: []Statement{{Effect: "allow", NotActions: []string{"x"}}}}
	if _, err := EncodeCOS(not); err == nil {
		t.Error("EncodeCOS took NotAction")
	}
	if _, err := EncodeQingStor(not); err == nil {
		t.Error("EncodeQingStor took NotAction")
	}
	odd := Policy{Statements: []Statement{{Effect: "allow", Conditions: []Condition{{Operator: "string_like", Keys: []ConditionKey{{Key: "qcs:ip", Values: []string{"x"}}}}}}}}
	if _, err := EncodeQingStor(odd); err == nil {
		t.Error("EncodeQingStor took a key its SDK has no field for")
	}
	plain := Policy{Statements: []Statement{{Effect: "Allow", Principal: &Principal{Groups: []PrincipalGroup{{IDs: []string{"a"}}}}}}}
	if _, err := EncodeS3(plain); err == nil {
		t.Error("EncodeS3 took an untyped principal")
	}
}
