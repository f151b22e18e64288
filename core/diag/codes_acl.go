package diag

// ACL codes: the AccessControlPolicy body, the header-only form and
// QingStor's JSON (RULES.md §2.3, §3.3, §4.3).
const (
	ACLOwnerMissing         Code = "acl-owner-missing"
	ACLOwnerIDInvalid       Code = "acl-owner-id-invalid"
	ACLGrantsMissing        Code = "acl-grants-missing"
	ACLEmpty                Code = "acl-empty"
	ACLTooManyGrants        Code = "acl-too-many-grants"
	ACLGrantDuplicate       Code = "acl-grant-duplicate"
	ACLGranteeMissing       Code = "acl-grantee-missing"
	ACLGranteeTypeMissing   Code = "acl-grantee-type-missing"
	ACLGranteeTypeUnknown   Code = "acl-grantee-type-unknown"
	ACLGranteeTypeNamespace Code = "acl-grantee-type-namespace"
	ACLGranteeFieldMissing  Code = "acl-grantee-field-missing"
	ACLGranteeFieldExtra    Code = "acl-grantee-field-unexpected"
	ACLGranteeIDInvalid     Code = "acl-grantee-id-invalid"
	ACLGroupUnknown         Code = "acl-group-unknown"
	ACLGranteeDiscontinued  Code = "acl-grantee-discontinued"
	ACLPermissionMissing    Code = "acl-permission-missing"
	ACLPermissionUnknown    Code = "acl-permission-unknown"
	ACLCannedUnknown        Code = "acl-canned-unknown"
	ACLCannedWithGrants     Code = "acl-canned-with-grants"
	ACLHeadersMissing       Code = "acl-headers-missing"
	ACLHeaderSyntax         Code = "acl-header-syntax"
	ACLHeaderDuplicate      Code = "acl-header-duplicate"
	ACLHeaderUnknown        Code = "acl-header-unknown"
	ACLHeaderOtherProvider  Code = "acl-header-other-provider"
	ACLHeaderIgnored        Code = "acl-header-ignored"
	ACLGrantValueMalformed  Code = "acl-grant-value-malformed"
	ACLGrantKeyUnknown      Code = "acl-grant-key-unknown"
	ACLPublicReadWrite      Code = "acl-public-read-write"
	ACLPublicWrite          Code = "acl-public-write"
	ACLAuthenticatedWrite   Code = "acl-authenticated-write"
)

func init() { register(aclCodes) }

var aclCodes = []CodeInfo{
	{ACLOwnerMissing, Error, "the ACL body has no <Owner> with an <ID>"},
	{ACLOwnerIDInvalid, Error, "the owner id is not in the provider's id format"},
	{ACLGrantsMissing, Error, "the ACL body has no grant where the provider requires one"},
	{ACLEmpty, Info, "the ACL grants nothing: only the owner keeps access"},
	{ACLTooManyGrants, Error, "more grants than the provider accepts"},
	{ACLGrantDuplicate, Warning, "the same grantee gets the same permission twice"},
	{ACLGranteeMissing, Error, "a grant has no grantee"},
	{ACLGranteeTypeMissing, Error, "a grantee has no type"},
	{ACLGranteeTypeUnknown, Error, "a grantee type the provider does not define"},
	{ACLGranteeTypeNamespace, Error, "the grantee type is not written as xsi:type with the XML Schema instance namespace"},
	{ACLGranteeFieldMissing, Error, "a grantee lacks the field its type needs (ID, URI, EmailAddress, id, name)"},
	{ACLGranteeFieldExtra, Error, "a grantee field that does not belong to its type"},
	{ACLGranteeIDInvalid, Error, "a grantee id is not in the provider's id format"},
	{ACLGroupUnknown, Error, "a group URI or name the provider does not define"},
	{ACLGranteeDiscontinued, Error, "a grantee type the service no longer accepts (e-mail grantees on S3)"},
	{ACLPermissionMissing, Error, "a grant has no permission"},
	{ACLPermissionUnknown, Error, "a permission the provider does not define"},
	{ACLCannedUnknown, Error, "a canned ACL that is not one of the provider's bucket values"},
	{ACLCannedWithGrants, Error, "a canned ACL header together with grant headers, which the provider refuses"},
	{ACLHeadersMissing, Error, "the header form has neither a canned ACL nor a grant header"},
	{ACLHeaderSyntax, Error, "a line that is not a header line \"Name: value\""},
	{ACLHeaderDuplicate, Error, "an ACL header written twice"},
	{ACLHeaderUnknown, Error, "an ACL-like header the provider does not define"},
	{ACLHeaderOtherProvider, Error, "another provider's ACL header"},
	{ACLHeaderIgnored, Info, "a header that is not part of the ACL; it is left out of the wire"},
	{ACLGrantValueMalformed, Error, "a grant header value that is not key=\"value\" pairs separated by commas"},
	{ACLGrantKeyUnknown, Error, "a grantee key the provider does not define in grant headers"},
	{ACLPublicReadWrite, Warning, "the canned ACL lets anyone on the internet write to the bucket"},
	{ACLPublicWrite, Warning, "everyone (AllUsers, QS_ALL_USERS) may write or change the ACL"},
	{ACLAuthenticatedWrite, Warning, "any signed-in user of the provider may write or change the ACL"},
}
