package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

// S3's PUT Bucket policy body is the IAM policy JSON itself (RULES.md §2.2):
// {"Version":"2012-10-17","Id":…,"Statement":[{"Sid","Effect","Principal"|
// "NotPrincipal","Action"|"NotAction","Resource"|"NotResource","Condition"}]}.
// PutBucketPolicyInput.Policy is a string, so every SDK sends the user's
// text as it is: the wire bytes of an S3 policy are its source. EncodeS3
// writes the model in the canonical IAM order for conversions and tests.

// Profiles, read once: the provider table hands out copies.
var (
	s3Profile       = policyProfile(provider.S3)
	cosProfile      = policyProfile(provider.COS)
	qingstorProfile = policyProfile(provider.QingStor)
)

func policyProfile(id provider.ID) provider.PolicyProfile {
	p, ok := provider.Get(id)
	if !ok {
		panic("policy: no provider " + string(id))
	}
	return p.Policy
}

// DecodeS3 reads an S3 bucket policy.
func DecodeS3(root *jsonsyn.Node) (*Policy, *diag.Locator, diag.List) {
	return Decode(root, s3Profile)
}

// CheckSourceS3 checks what only the text shows: S3 wants '{' as the very
// first byte ("Policies must be valid JSON and the first byte must be
// '{'") and at most 20 KB, and it receives the text as written.
func CheckSourceS3(src string) diag.List {
	return CheckSource(src, s3Profile)
}

// CheckSource applies the profile's limits on the text as sent.
func CheckSource(src string, prof provider.PolicyProfile) diag.List {
	var out diag.List
	if prof.FirstByteBrace && src != "" && src[0] != '{' {
		i := 0
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r' || src[i] == '\n') {
			i++
		}
		const bom = "\ufeff"
		switch {
		case len(src) >= len(bom) && src[:len(bom)] == bom:
			out.Add(diag.At(diag.PolicyLeadingText, diag.Span{Start: 0, End: len(bom)},
				"the text starts with a byte-order mark (U+FEFF); S3 requires '{' as the first byte — save the file as UTF-8 without BOM"))
		case i < len(src) && src[i] == '{':
			out.Add(diag.At(diag.PolicyLeadingText, diag.Span{Start: 0, End: i},
				"white space before '{'; S3 receives the text as written and requires '{' as its very first byte — remove it"))
		}
	}
	if prof.MaxBytes > 0 && len(src) > prof.MaxBytes {
		start := prof.MaxBytes
		for start > 0 && !utf8.RuneStart(src[start]) {
			start--
		}
		out.Add(diag.At(diag.PolicyTooLarge, diag.Span{Start: start, End: len(src)},
			fmt.Sprintf("the policy is %d bytes as sent; the service accepts at most %d (%d KB) — shorten it by %d bytes, e.g. merge statements or drop white space",
				len(src), prof.MaxBytes, prof.MaxBytes/1024, len(src)-prof.MaxBytes)))
	}
	return out
}

// EncodeS3 writes p as compact IAM JSON in the order of the AWS
// documentation. Action and Resource lists are written as lists; condition
// values keep the form they were written in. A principal must be "*" or
// typed (S3 has no plain list of ids).
func EncodeS3(p Policy) ([]byte, error) {
	var b bytes.Buffer
	o := object{b: &b}
	o.open()
	if p.Version != "" {
		o.key("Version")
		o.str(p.Version)
	}
	if p.ID != "" {
		o.key("Id")
		o.str(p.ID)
	}
	o.key("Statement")
	b.WriteByte('[')
	for i, s := range p.Statements {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encodeS3Statement(&b, s); err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
	}
	b.WriteByte(']')
	o.close()
	return b.Bytes(), nil
}

func encodeS3Statement(b *bytes.Buffer, s Statement) error {
	o := object{b: b}
	o.open()
	if s.Sid != "" {
		o.key("Sid")
		o.str(s.Sid)
	}
	o.key("Effect")
	o.str(s.Effect)
	for _, e := range []struct {
		key string
		p   *Principal
	}{{"Principal", s.Principal}, {"NotPrincipal", s.NotPrincipal}} {
		if e.p == nil {
			continue
		}
		o.key(e.key)
		if err := encodeS3Principal(b, *e.p); err != nil {
			return err
		}
	}
	for _, e := range []struct {
		key  string
		list []string
	}{{"Action", s.Actions}, {"NotAction", s.NotActions}, {"Resource", s.Resources}, {"NotResource", s.NotResources}} {
		if e.list == nil {
			continue
		}
		o.key(e.key)
		o.strs(e.list)
	}
	if s.Conditions != nil {
		o.key("Condition")
		encodeConditions(b, s.Conditions)
	}
	o.close()
	return nil
}

func encodeS3Principal(b *bytes.Buffer, p Principal) error {
	if p.Any {
		b.WriteString(`"*"`)
		return nil
	}
	o := object{b: b}
	o.open()
	for _, g := range p.Groups {
		if g.Type == "" {
			return fmt.Errorf("a principal must be \"*\" or typed, such as {\"AWS\": […]}")
		}
		o.key(g.Type)
		o.strs(g.IDs)
	}
	o.close()
	return nil
}

// encodeConditions writes {operator: {key: value | [values]}} in model order.
func encodeConditions(b *bytes.Buffer, cs []Condition) {
	o := object{b: b}
	o.open()
	for _, c := range cs {
		o.key(c.Operator)
		ko := object{b: b}
		ko.open()
		for _, k := range c.Keys {
			ko.key(k.Key)
			if k.Single && len(k.Values) == 1 {
				writeValue(b, k.Values[0], k.Literal)
				continue
			}
			b.WriteByte('[')
			for i, v := range k.Values {
				if i > 0 {
					b.WriteByte(',')
				}
				writeValue(b, v, k.Literal)
			}
			b.WriteByte(']')
		}
		ko.close()
	}
	o.close()
}

func writeValue(b *bytes.Buffer, v string, literal bool) {
	if literal && json.Valid([]byte(v)) {
		b.WriteString(v)
		return
	}
	writeString(b, v)
}

// object writes the members of one JSON object in the order given.
type object struct {
	b *bytes.Buffer
	n int
}

func (o *object) open()  { o.b.WriteByte('{') }
func (o *object) close() { o.b.WriteByte('}') }

func (o *object) key(k string) {
	if o.n > 0 {
		o.b.WriteByte(',')
	}
	o.n++
	writeString(o.b, k)
	o.b.WriteByte(':')
}

func (o *object) str(s string) { writeString(o.b, s) }

func (o *object) strs(list []string) {
	o.b.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			o.b.WriteByte(',')
		}
		writeString(o.b, s)
	}
	o.b.WriteByte(']')
}

// writeString writes s as encoding/json does (HTML characters escaped).
func writeString(b *bytes.Buffer, s string) {
	j, _ := json.Marshal(s)
	b.Write(j)
}
