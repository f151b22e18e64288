package acl

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

const (
	s3Owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
	s3User  = "852b113e7a2f25102679df27bb0ae12b3f85be6f290b936c4393484be31bebcc"
	xsi     = `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`
	cosUser = "qcs::cam::uin/100000000002:uin/100000000002"
	allS3   = "http://acs.amazonaws.com/groups/global/AllUsers"
	authS3  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	allCOS  = "http://cam.qcloud.com/groups/global/AllUsers"
)

// profiles are read once: provider.Get builds every document's profile.
var profiles = func() map[provider.ID]provider.ACLProfile {
	out := map[provider.ID]provider.ACLProfile{}
	for _, p := range provider.All() {
		out[p.ID] = p.ACL
	}
	return out
}()

func profile(t testing.TB, id provider.ID) provider.ACLProfile {
	t.Helper()
	p, ok := profiles[id]
	if !ok {
		t.Fatalf("no profile %s", id)
	}
	return p
}

// check decodes src in format f, validates it and returns "path code"
// for every diagnostic, shape problems (which have no path) as "@start code".
func check(t testing.TB, id provider.ID, f provider.Format, src string) ([]string, *ACL) {
	t.Helper()
	p := profile(t, id)
	var a *ACL
	var loc *diag.Locator
	var diags diag.List
	switch f {
	case provider.XML:
		root, d := xmlsyn.Parse(src)
		if root == nil {
			t.Fatalf("xml: %v", d)
		}
		a, loc, diags = DecodeXML(root, p)
	case provider.Headers:
		a, loc, diags = DecodeHeaders(src, p)
	case provider.JSON:
		root, d := jsonsyn.Parse(src)
		if root == nil {
			t.Fatalf("json: %v", d)
		}
		a, loc, diags = DecodeQingStor(root)
	}
	if a != nil {
		more := Validate(*a, p, f)
		loc.Resolve(more)
		diags = append(diags, more...)
	}
	diags.Sort()
	var out []string
	for _, d := range diags {
		if d.Path != "" {
			out = append(out, d.Path+" "+string(d.Code))
		} else {
			out = append(out, fmt.Sprintf("@%d %s", d.Span.Start, d.Code))
		}
		if d.Span.Start < 0 || d.Span.End > len(src) || d.Span.Start > d.Span.End {
			t.Errorf("%s: span %v outside %d bytes", d.Code, d.Span, len(src))
		}
	}
	return out, a
}

func s3Body(grants string) string {
	return `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>` + s3Owner + `</ID></Owner><AccessControlList>` + grants + `</AccessControlList></AccessControlPolicy>`
}

func s3Grant(typ, inner, perm string) string {
	return `<Grant><Grantee ` + xsi + ` xsi:type="` + typ + `">` + inner + `</Grantee><Permission>` + perm + `</Permission></Grant>`
}

func cosBody(grants string) string {
	return `<AccessControlPolicy><Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Owner><AccessControlList>` + grants + `</AccessControlList></AccessControlPolicy>`
}

// TestValidate asserts {path, code} for one case per rule, provider and form.
func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   provider.ID
		f    provider.Format
		src  string
		want []string
	}{
		{"s3 xml valid", provider.S3, provider.XML, s3Body(s3Grant("CanonicalUser", "<ID>"+s3User+"</ID>", "READ") + s3Grant("Group", "<URI>"+allS3+"</URI>", "READ")), nil},
		{"s3 xml owner missing", provider.S3, provider.XML, `<AccessControlPolicy><AccessControlList>` + s3Grant("CanonicalUser", "<ID>"+s3User+"</ID>", "READ") + `</AccessControlList></AccessControlPolicy>`,
			[]string{"/owner acl-owner-missing"}},
		{"s3 xml owner id", provider.S3, provider.XML, `<AccessControlPolicy><Owner><ID>wrong-id</ID></Owner><AccessControlList/></AccessControlPolicy>`,
			[]string{"/owner/id acl-owner-id-invalid", "/grants acl-empty"}},
		{"s3 xml no list is fine", provider.S3, provider.XML, `<AccessControlPolicy><Owner><ID>` + s3Owner + `</ID></Owner></AccessControlPolicy>`,
			[]string{"/grants acl-empty"}},
		{"s3 xml grantee type", provider.S3, provider.XML, s3Body(s3Grant("Canonical User", "<ID>"+s3User+"</ID>", "READ")),
			[]string{"/grants/0/grantee/type acl-grantee-type-unknown"}},
		{"s3 xml plain type attr", provider.S3, provider.XML, s3Body(`<Grant><Grantee type="CanonicalUser"><ID>` + s3User + `</ID></Grantee><Permission>READ</Permission></Grant>`),
			[]string{"@192 acl-grantee-type-namespace"}},
		{"s3 xml no type", provider.S3, provider.XML, s3Body(`<Grant><Grantee><ID>` + s3User + `</ID></Grantee><Permission>READ</Permission></Grant>`),
			[]string{"/grants/0/grantee/type acl-grantee-type-missing"}},
		{"s3 xml bad id", provider.S3, provider.XML, s3Body(s3Grant("CanonicalUser", "<ID>111122223333</ID>", "READ")),
			[]string{"/grants/0/grantee/id acl-grantee-id-invalid"}},
		{"s3 xml fake group", provider.S3, provider.XML, s3Body(s3Grant("Group", "<URI>http://acs.amazonaws.com/groups/s3/FakeGroup</URI>", "READ")),
			[]string{"/grants/0/grantee/uri acl-group-unknown"}},
		{"s3 xml group needs uri", provider.S3, provider.XML, s3Body(s3Grant("Group", "<ID>"+s3User+"</ID>", "READ")),
			[]string{"/grants/0/grantee/uri acl-grantee-field-missing", "/grants/0/grantee/id acl-grantee-field-unexpected"}},
		{"s3 xml email", provider.S3, provider.XML, s3Body(s3Grant("AmazonCustomerByEmail", "<EmailAddress>a@example.com</EmailAddress>", "READ")),
			[]string{"/grants/0/grantee/type acl-grantee-discontinued"}},
		{"s3 xml permission", provider.S3, provider.XML, s3Body(s3Grant("CanonicalUser", "<ID>"+s3User+"</ID>", "FULL-CONTROL")),
			[]string{"/grants/0/permission acl-permission-unknown"}},
		{"s3 xml no grantee no permission", provider.S3, provider.XML, s3Body(`<Grant></Grant>`),
			[]string{"/grants/0/grantee acl-grantee-missing", "/grants/0/permission acl-permission-missing"}},
		{"s3 xml public write", provider.S3, provider.XML, s3Body(s3Grant("Group", "<URI>"+allS3+"</URI>", "WRITE_ACP") + s3Grant("Group", "<URI>"+authS3+"</URI>", "WRITE")),
			[]string{"/grants/0/grantee/uri acl-public-write", "/grants/1/grantee/uri acl-authenticated-write"}},
		{"s3 xml duplicate", provider.S3, provider.XML, s3Body(s3Grant("CanonicalUser", "<ID>"+s3User+"</ID>", "READ") + s3Grant("CanonicalUser", "<ID>"+s3User+"</ID>", "READ")),
			[]string{"/grants/1/grantee/id acl-grant-duplicate"}},
		{"s3 xml too many", provider.S3, provider.XML, s3Body(manyGrants(101)),
			[]string{"/grants/100 acl-too-many-grants"}},
		{"s3 xml 100 is fine", provider.S3, provider.XML, s3Body(manyGrants(100)), nil},

		{"s3 headers valid", provider.S3, provider.Headers, "x-amz-grant-read: id=\"" + s3User + "\", uri=\"" + allS3 + "\"\nx-amz-grant-write: id=111122223333\n", nil},
		{"s3 headers canned", provider.S3, provider.Headers, "x-amz-acl: private\n", nil},
		{"s3 headers canned unknown", provider.S3, provider.Headers, "x-amz-acl: pubic-read\n", []string{"/canned acl-canned-unknown"}},
		{"s3 headers canned + grants", provider.S3, provider.Headers, "x-amz-acl: private\nx-amz-grant-read: id=\"" + s3User + "\"\n",
			[]string{"/canned acl-canned-with-grants"}},
		{"s3 headers public-read-write", provider.S3, provider.Headers, "x-amz-acl: public-read-write", []string{"/canned acl-public-read-write"}},
		{"s3 headers unknown", provider.S3, provider.Headers, "x-amz-grant-raed: id=\"" + s3User + "\"\n", []string{"@0 acl-header-unknown"}},
		{"s3 headers other provider", provider.S3, provider.Headers, "x-cos-grant-read: id=\"1\"\n", []string{"@0 acl-header-other-provider"}},
		{"s3 headers ignored and missing", provider.S3, provider.Headers, "Content-Length: 0\n", []string{"@0 acl-headers-missing", "@0 acl-header-ignored"}},
		{"s3 headers duplicate", provider.S3, provider.Headers, "x-amz-acl: private\nx-amz-acl: private\n", []string{"@19 acl-header-duplicate"}},
		{"s3 headers syntax", provider.S3, provider.Headers, "x-amz-acl private\nx-amz-acl: private\n", []string{"@0 acl-header-syntax"}},
		{"s3 headers key", provider.S3, provider.Headers, "x-amz-grant-read: fakekey=\"1234\"\n", []string{"@18 acl-grant-key-unknown"}},
		{"s3 headers malformed", provider.S3, provider.Headers, "x-amz-grant-read: id=\"" + s3User + "\",\n", []string{"@87 acl-grant-value-malformed"}},
		{"s3 headers bad id", provider.S3, provider.Headers, "x-amz-grant-read: id=\"123\"\n", []string{"/grants/0/grantee/id acl-grantee-id-invalid"}},
		{"s3 headers email", provider.S3, provider.Headers, "x-amz-grant-read: emailAddress=\"a@example.com\"\n", []string{"/grants/0/grantee/type acl-grantee-discontinued"}},
		{"s3 headers public write", provider.S3, provider.Headers, "x-amz-grant-full-control: uri=\"" + allS3 + "\"\n", []string{"/grants/0/grantee/uri acl-public-write"}},

		{"cos xml valid", provider.COS, provider.XML, cosBody(`<Grant><Grantee type="RootAccount"><ID>` + cosUser + `</ID></Grantee><Permission>READ</Permission></Grant>` +
			`<Grant><Grantee ` + xsi + ` xsi:type="Group"><URI>` + allCOS + `</URI></Grantee><Permission>READ</Permission></Grant>`), nil},
		{"cos xml list required", provider.COS, provider.XML, `<AccessControlPolicy><Owner><ID>qcs::cam::uin/1:uin/1</ID></Owner></AccessControlPolicy>`,
			[]string{"/grants acl-grants-missing"}},
		{"cos xml empty list", provider.COS, provider.XML, cosBody(""), []string{"/grants acl-grants-missing"}},
		{"cos xml owner uin", provider.COS, provider.XML, `<AccessControlPolicy><Owner><ID>100000000001</ID></Owner><AccessControlList><Grant><Grantee type="CanonicalUser"><ID>` + cosUser + `</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`,
			[]string{"/owner/id acl-owner-id-invalid"}},
		{"cos xml s3 group", provider.COS, provider.XML, cosBody(`<Grant><Grantee type="Group"><URI>` + allS3 + `</URI></Grantee><Permission>READ</Permission></Grant>`),
			[]string{"/grants/0/grantee/uri acl-group-unknown"}},
		{"cos xml anyone writes", provider.COS, provider.XML, cosBody(`<Grant><Grantee type="CanonicalUser"><ID>qcs::cam::anyone:anyone</ID></Grantee><Permission>WRITE</Permission></Grant>`),
			[]string{"/grants/0/grantee/id acl-public-write"}},
		{"cos xml email type", provider.COS, provider.XML, cosBody(`<Grant><Grantee type="AmazonCustomerByEmail"><ID>` + cosUser + `</ID></Grantee><Permission>READ</Permission></Grant>`),
			[]string{"/grants/0/grantee/type acl-grantee-type-unknown"}},

		{"cos headers doc sample", provider.COS, provider.Headers, "x-cos-acl: public-read\nx-cos-grant-write: id=\"100000000002\"\nx-cos-grant-read-acp: id=\"100000000002\"\n", nil},
		{"cos headers sub-account", provider.COS, provider.Headers, "x-cos-grant-read: id=\"100000000001/100000000011\",id=\"100000000002\"\n", nil},
		{"cos headers object canned", provider.COS, provider.Headers, "x-cos-acl: default\n", []string{"/canned acl-canned-unknown"}},
		{"cos headers uri", provider.COS, provider.Headers, "x-cos-grant-read: uri=\"" + allCOS + "\"\n", []string{"@18 acl-grant-key-unknown"}},
		{"cos headers bad id", provider.COS, provider.Headers, "x-cos-grant-read: id=\"" + s3User + "\"\n", []string{"/grants/0/grantee/id acl-grantee-id-invalid"}},
		{"cos headers s3 header", provider.COS, provider.Headers, "x-amz-acl: private\n", []string{"@0 acl-header-other-provider"}},

		{"qingstor valid", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"user","id":"usr-1mvNCzZu"},"permission":"FULL_CONTROL"},{"grantee":{"type":"group","name":"QS_ALL_USERS"},"permission":"READ"}]}`, nil},
		{"qingstor empty", provider.QingStor, provider.JSON, `{"acl":[]}`, []string{"/grants acl-empty"}},
		{"qingstor READ_ACP", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"user","id":"usr-1mvNCzZu"},"permission":"READ_ACP"}]}`,
			[]string{"/grants/0/permission acl-permission-unknown"}},
		{"qingstor group name", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"group","name":"AllUsers"},"permission":"READ"}]}`,
			[]string{"/grants/0/grantee/name acl-group-unknown"}},
		{"qingstor user with name", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"user","name":"QS_ALL_USERS"},"permission":"READ"}]}`,
			[]string{"/grants/0/grantee/id acl-grantee-field-missing", "/grants/0/grantee/name acl-grantee-field-unexpected"}},
		{"qingstor public write", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"group","name":"QS_ALL_USERS"},"permission":"WRITE"}]}`,
			[]string{"/grants/0/grantee/name acl-public-write"}},
		{"qingstor type", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"account","id":"usr-1"},"permission":"READ"}]}`,
			[]string{"/grants/0/grantee/type acl-grantee-type-unknown"}},
		{"qingstor bad id", provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"user","id":"1mvNCzZu"},"permission":"READ"}]}`,
			[]string{"/grants/0/grantee/id acl-grantee-id-invalid"}},
	}
	for _, tc := range tests {
		got, _ := check(t, tc.id, tc.f, tc.src)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func manyGrants(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(s3Grant("CanonicalUser", fmt.Sprintf("<ID>%064x</ID>", i+1), "READ"))
	}
	return b.String()
}

// TestPositions: diagnostics point at the offending text — the element's
// text, the attribute, or the grantee inside a header value.
func TestPositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   provider.ID
		f    provider.Format
		src  string
		code diag.Code
		want string // the text the diagnostic marks
	}{
		{provider.S3, provider.XML, s3Body(s3Grant("CanonicalUser", "<ID>wrong-id</ID>", "READ")), diag.ACLGranteeIDInvalid, "wrong-id"},
		{provider.S3, provider.XML, s3Body(s3Grant("BadType", "<ID>"+s3User+"</ID>", "READ")), diag.ACLGranteeTypeUnknown, "BadType"},
		{provider.S3, provider.XML, s3Body(s3Grant("CanonicalUser", "<ID>"+s3User+"</ID>", "")), diag.ACLPermissionMissing, "Permission"},
		{provider.S3, provider.Headers, "x-amz-grant-read: id=\"" + s3User + "\", uri=\"http://acs.amazonaws.com/groups/s3/Fake\"", diag.ACLGroupUnknown, "http://acs.amazonaws.com/groups/s3/Fake"},
		{provider.S3, provider.Headers, "x-amz-grant-read: id=\"1\", fakekey=\"2\"", diag.ACLGrantKeyUnknown, "fakekey"},
		{provider.S3, provider.Headers, "x-amz-grant-read: id=\"" + s3User + "\" junk, id=\"1\"", diag.ACLGrantValueMalformed, "junk"},
		{provider.S3, provider.Headers, "x-amz-grant-read: id=\"" + s3User + "\"\r\nx-amz-grant-write: id=\"" + s3User + "\", id=\"" + s3User + "\"", diag.ACLGrantDuplicate, s3User},
		{provider.S3, provider.Headers, "x-amz-grant-read:  id=\"unclosed", diag.ACLGrantValueMalformed, "\"unclosed"},
		{provider.S3, provider.Headers, "x-amz-acl:   Private  ", diag.ACLCannedUnknown, "Private"},
		{provider.COS, provider.Headers, "x-cos-grant-read: id=\"abc\"", diag.ACLGranteeIDInvalid, "abc"},
		{provider.QingStor, provider.JSON, `{"acl":[{"grantee":{"type":"user","id":"usr-1"},"permission":"read"}]}`, diag.ACLPermissionUnknown, `"read"`},
	}
	for _, tc := range tests {
		p := profile(t, tc.id)
		var a *ACL
		var loc *diag.Locator
		var diags diag.List
		switch tc.f {
		case provider.XML:
			root, _ := xmlsyn.Parse(tc.src)
			a, loc, diags = DecodeXML(root, p)
		case provider.Headers:
			a, loc, diags = DecodeHeaders(tc.src, p)
		case provider.JSON:
			root, _ := jsonsyn.Parse(tc.src)
			a, loc, diags = DecodeQingStor(root)
		}
		more := Validate(*a, p, tc.f)
		loc.Resolve(more)
		diags = append(diags, more...)
		found := false
		for _, d := range diags {
			if d.Code == tc.code {
				found = true
				if got := tc.src[d.Span.Start:d.Span.End]; got != tc.want {
					t.Errorf("%s in %q marks %q, want %q", tc.code, tc.src, got, tc.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no %s in %v", tc.src, tc.code, diags)
		}
	}
}

// TestHeaderLines: the line parser's spans and its refusals.
func TestHeaderLines(t *testing.T) {
	t.Parallel()
	src := "x-amz-acl:private\r\n\n  \nX-Amz-Grant-Read:\t id=\"1\" \t\n"
	lines, diags := ParseHeaderLines(src)
	if len(diags) > 0 || len(lines) != 2 {
		t.Fatalf("lines %+v diags %v", lines, diags)
	}
	for _, l := range lines {
		if src[l.NameSpan.Start:l.NameSpan.End] != l.Name || src[l.ValueSpan.Start:l.ValueSpan.End] != l.Value {
			t.Errorf("spans of %+v do not mark its name and value", l)
		}
	}
	if lines[0].Value != "private" || lines[1].Value != `id="1"` {
		t.Errorf("values %q %q", lines[0].Value, lines[1].Value)
	}
	for _, bad := range []string{"no colon", ": value", "name : v", " folded: v", "na\x01me: v", "ok: a\x00b", "PUT /?acl HTTP/1.1"} {
		if _, d := ParseHeaderLines(bad); len(d) != 1 || d[0].Code != diag.ACLHeaderSyntax {
			t.Errorf("%q: %v", bad, d)
		}
	}
}

// TestProfiles: the table is consistent: every example matches its
// pattern, every grant header names a permission the provider has, every
// header key names a grantee type it has.
func TestProfiles(t *testing.T) {
	t.Parallel()
	for _, prof := range provider.All() {
		p := prof.ACL
		if len(p.Permissions) == 0 || len(p.GranteeTypes) == 0 || len(p.Groups) == 0 {
			t.Errorf("%s: incomplete ACL profile", prof.ID)
		}
		for _, f := range []provider.IDFormat{p.GranteeID, p.OwnerID, p.Headers.ID} {
			if f.Pattern == "" {
				continue
			}
			if !regexp.MustCompile(f.Pattern).MatchString(f.Example) {
				t.Errorf("%s: example %q does not match %s", prof.ID, f.Example, f.Pattern)
			}
		}
		for _, g := range p.Headers.Grants {
			if !contains(p.Permissions, g.Permission) || !strings.HasPrefix(g.Name, p.Headers.Prefix) {
				t.Errorf("%s: grant header %+v", prof.ID, g)
			}
		}
		for _, k := range p.Headers.Keys {
			if _, ok := granteeType(p, k.Type); !ok {
				t.Errorf("%s: header key %q names unknown type %q", prof.ID, k.Key, k.Type)
			}
		}
		for _, typ := range p.GranteeTypes {
			if !contains(identityFields, typ.Field) {
				t.Errorf("%s: type %s names field %q", prof.ID, typ.Type, typ.Field)
			}
		}
	}
}
