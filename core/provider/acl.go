package provider

// ACLProfile holds the bucket-ACL differences (RULES.md §2.3, §3.3, §4.3):
// permission and canned-ACL enumerations, grantee types and the field each
// one needs, group URIs or names, id formats, header names, and the layout
// the provider's official Go SDK writes. Which forms a provider takes is
// core/api's codec table.
type ACLProfile struct {
	// Permissions the service accepts, upper-case, in the API's order.
	Permissions []string
	// GranteeTypes are the grantee kinds of the body form.
	GranteeTypes []ACLGranteeType
	// Groups are the predefined groups: URIs (S3, COS) or names (QingStor).
	Groups []ACLGroup
	// AnyoneID is a grantee id that means everyone ("" when none).
	AnyoneID string
	// MaxGrants is the documented limit per ACL; 0 means none is documented.
	MaxGrants int
	// GranteeID and OwnerID are the id formats of the body form.
	GranteeID, OwnerID IDFormat
	// XML is the AccessControlPolicy body; Namespace etc. are zero when the
	// provider has no XML form (QingStor).
	XML ACLXML
	// Headers is the header-only form; Prefix is "" when there is none.
	Headers ACLHeaders
}

// ACLGranteeType is one kind of grantee and the one field that names it.
type ACLGranteeType struct {
	Type  string // as written in xsi:type or "type"
	Field string // the model field that identifies it: "id", "uri", "email", "name"
	// Discontinued, when set, is why the service now refuses this type.
	Discontinued string
}

// Group kinds, the same meaning at every provider.
const (
	GroupAllUsers           = "all-users"
	GroupAuthenticatedUsers = "authenticated-users"
	GroupLogDelivery        = "log-delivery"
)

// ACLGroup is a predefined group.
type ACLGroup struct {
	ID   string // URI or name, exactly as the service spells it
	Kind string // GroupAllUsers, GroupAuthenticatedUsers or GroupLogDelivery
}

// IDFormat describes an account or user id: a regular expression over the
// whole value, its description for messages, and an example.
type IDFormat struct {
	Pattern, Describe, Example string
}

// ACLXML is the XML body form and the layout the provider's Go SDK writes.
type ACLXML struct {
	// Namespace is written on the root by the SDK; "" for none.
	Namespace string
	// Namespaces are accepted on the root without a warning.
	Namespaces []string
	// TypeAttr is how the SDK writes the grantee type: "xsi:type" (with
	// xmlns:xsi declared on <Grantee>) or a plain "type" attribute.
	TypeAttr string
	// PlainType: a "type" attribute without the XSI namespace is accepted.
	PlainType bool
	// OwnerFirst: <Owner> before <AccessControlList> (COS SDK), else after (S3 SDK).
	OwnerFirst bool
	// OwnerOrder and GranteeOrder are the child elements the SDK writes, in
	// its order; they are also the elements the decoder knows.
	OwnerOrder, GranteeOrder []string
	// EscapeLineSeparators: the SDK also escapes U+0085 and U+2028 (smithy-go).
	EscapeLineSeparators bool
	// WriteEmptyList: the SDK writes <AccessControlList></AccessControlList>
	// for an empty, non-nil list (S3); the COS SDK writes nothing.
	WriteEmptyList bool
	// OwnerRequired, ListRequired: the body needs <Owner><ID> and a
	// non-empty <AccessControlList>.
	OwnerRequired, ListRequired bool
}

// ACLHeaders is the header-only form.
type ACLHeaders struct {
	// Prefix of the provider's own headers, such as "x-amz-".
	Prefix string
	// Canned is the canned-ACL header; CannedACLs its bucket values and
	// ObjectOnly the values that apply to objects only.
	Canned                 string
	CannedACLs, ObjectOnly []string
	// PublicReadWrite is the canned value that opens writes to everyone.
	PublicReadWrite string
	// Grants are the grant headers, lower-case, sorted as net/http writes them.
	Grants []ACLGrantHeader
	// Keys are the grantee keys a grant-header value may use.
	Keys []ACLGrantKey
	// Separator joins several grantees in one value as the docs write it.
	Separator string
	// CannedWithGrants: the canned header may come with grant headers.
	CannedWithGrants bool
	// ID is the format of id="…" values.
	ID IDFormat
	// ContentType is what the Go SDK sends with the bodiless header form:
	// cos-go-sdk-v5 marshals its nil *ACLXml body to nothing and still
	// sends Content-Type: application/xml (and the empty body's
	// Content-MD5); aws-sdk-go-v2 sends none.
	ContentType string
}

// ACLGrantHeader maps a grant header to the permission it grants.
type ACLGrantHeader struct{ Name, Permission string }

// ACLGrantKey maps a key of a grant-header value (id="…") to a grantee type.
type ACLGrantKey struct{ Key, Type, Field string }

const aclS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

func aclProfile(id ID) ACLProfile {
	switch id {
	case COS:
		// RULES.md §3.3: no namespace; CanonicalUser ⇒ ID, Group ⇒ URI;
		// RootAccount appears in GET output and the Go SDK's example;
		// ≤100 entries; canned and grant headers may come together (API
		// doc sample 1). The Go SDK writes a plain type="…" attribute and
		// orders Owner before the list, Grantee children URI, ID, DisplayName.
		cosID := IDFormat{
			Pattern:  `^qcs::cam::(uin/[0-9]+:uin/[0-9]+|anyone:anyone)$`,
			Describe: `a CAM id "qcs::cam::uin/<OwnerUin>:uin/<SubUin>"`,
			Example:  "qcs::cam::uin/100000000001:uin/100000000001",
		}
		owner := cosID
		owner.Pattern = `^qcs::cam::uin/[0-9]+:uin/[0-9]+$`
		return ACLProfile{
			Permissions: []string{"READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"},
			GranteeTypes: []ACLGranteeType{
				{Type: "CanonicalUser", Field: "id"},
				{Type: "Group", Field: "uri"},
				{Type: "RootAccount", Field: "id"},
			},
			Groups: []ACLGroup{
				{ID: "http://cam.qcloud.com/groups/global/AllUsers", Kind: GroupAllUsers},
				{ID: "http://cam.qcloud.com/groups/global/AuthenticatedUsers", Kind: GroupAuthenticatedUsers},
			},
			AnyoneID:  "qcs::cam::anyone:anyone",
			MaxGrants: 100,
			GranteeID: cosID,
			OwnerID:   owner,
			XML: ACLXML{
				Namespaces:    []string{""},
				TypeAttr:      "type",
				PlainType:     true,
				OwnerFirst:    true,
				OwnerOrder:    []string{"ID", "DisplayName"},
				GranteeOrder:  []string{"URI", "ID", "DisplayName"},
				OwnerRequired: true, ListRequired: true,
			},
			Headers: ACLHeaders{
				Prefix:           "x-cos-",
				Canned:           "x-cos-acl",
				CannedACLs:       []string{"private", "public-read", "public-read-write", "authenticated-read"},
				ObjectOnly:       []string{"default", "bucket-owner-read", "bucket-owner-full-control"},
				PublicReadWrite:  "public-read-write",
				Grants:           aclGrantHeaders("x-cos-"),
				Keys:             []ACLGrantKey{{Key: "id", Type: "CanonicalUser", Field: "id"}},
				Separator:        ",",
				CannedWithGrants: true,
				ContentType:      "application/xml",
				// The API doc writes id="<OwnerUin>" or id="<OwnerUin>/<SubUin>";
				// the Python SDK's docstring the full CAM id (RULES.md §6.5).
				ID: IDFormat{
					Pattern:  `^([0-9]+(/[0-9]+)?|qcs::cam::uin/[0-9]+:uin/[0-9]+|qcs::cam::anyone:anyone)$`,
					Describe: `an account uin ("<OwnerUin>" or "<OwnerUin>/<SubUin>")`,
					Example:  "100000000001",
				},
			},
		}
	case QingStor:
		// RULES.md §4.3: JSON only; user ⇒ id, group ⇒ name; one group.
		return ACLProfile{
			Permissions: []string{"READ", "WRITE", "FULL_CONTROL"},
			GranteeTypes: []ACLGranteeType{
				{Type: "user", Field: "id"},
				{Type: "group", Field: "name"},
			},
			Groups: []ACLGroup{{ID: "QS_ALL_USERS", Kind: GroupAllUsers}},
			GranteeID: IDFormat{
				Pattern:  `^usr-[0-9A-Za-z]+$`,
				Describe: `a QingCloud user id ("usr-" and letters or digits)`,
				Example:  "usr-1mvNCzZu",
			},
		}
	case S3:
		// RULES.md §2.3. The canned values are the API enum plus the two
		// the user guide also applies to buckets (§6.8); e-mail grantees are
		// refused since 2025-10-01. aws-sdk-go-v2 writes the namespace on
		// the root, xmlns:xsi and xsi:type on each Grantee, the list before
		// the Owner, and escapes as smithy-go does.
		canonical := IDFormat{
			Pattern:  `^[0-9a-fA-F]{64}$`,
			Describe: "a canonical user id (64 hex digits)",
			Example:  "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
		}
		return ACLProfile{
			Permissions: []string{"FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"},
			GranteeTypes: []ACLGranteeType{
				{Type: "CanonicalUser", Field: "id"},
				{Type: "AmazonCustomerByEmail", Field: "email", Discontinued: "e-mail grantees are no longer supported since 2025-10-01 (405 Method Not Allowed)"},
				{Type: "Group", Field: "uri"},
			},
			Groups: []ACLGroup{
				{ID: "http://acs.amazonaws.com/groups/global/AllUsers", Kind: GroupAllUsers},
				{ID: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", Kind: GroupAuthenticatedUsers},
				{ID: "http://acs.amazonaws.com/groups/s3/LogDelivery", Kind: GroupLogDelivery},
			},
			MaxGrants: 100,
			GranteeID: canonical,
			OwnerID:   canonical,
			XML: ACLXML{
				Namespace:            aclS3Namespace,
				Namespaces:           []string{aclS3Namespace, ""},
				TypeAttr:             "xsi:type",
				OwnerOrder:           []string{"DisplayName", "ID"},
				GranteeOrder:         []string{"DisplayName", "EmailAddress", "ID", "URI"},
				EscapeLineSeparators: true,
				WriteEmptyList:       true,
				OwnerRequired:        true,
			},
			Headers: ACLHeaders{
				Prefix:          "x-amz-",
				Canned:          "x-amz-acl",
				CannedACLs:      []string{"private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "log-delivery-write"},
				ObjectOnly:      []string{"bucket-owner-read", "bucket-owner-full-control"},
				PublicReadWrite: "public-read-write",
				Grants:          aclGrantHeaders("x-amz-"),
				Keys: []ACLGrantKey{
					{Key: "id", Type: "CanonicalUser", Field: "id"},
					{Key: "uri", Type: "Group", Field: "uri"},
					{Key: "emailAddress", Type: "AmazonCustomerByEmail", Field: "email"},
				},
				Separator: ", ",
				// Header ids may also be 12-digit account ids (API reference example).
				ID: IDFormat{
					Pattern:  `^([0-9a-fA-F]{64}|[0-9]{12})$`,
					Describe: "a canonical user id (64 hex digits) or a 12-digit account id",
					Example:  canonical.Example,
				},
			},
		}
	}
	return ACLProfile{}
}

// aclGrantHeaders are the five grant headers, sorted by name.
func aclGrantHeaders(prefix string) []ACLGrantHeader {
	return []ACLGrantHeader{
		{prefix + "grant-full-control", "FULL_CONTROL"},
		{prefix + "grant-read", "READ"},
		{prefix + "grant-read-acp", "READ_ACP"},
		{prefix + "grant-write", "WRITE"},
		{prefix + "grant-write-acp", "WRITE_ACP"},
	}
}
