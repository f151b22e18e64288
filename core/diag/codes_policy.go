package diag

// Bucket-policy codes. Where a provider merely ignores what another refuses,
// the validator lowers the severity for it (the registry holds the default).
const (
	PolicyLeadingText       Code = "policy-leading-text"
	PolicyTooLarge          Code = "policy-too-large"
	PolicyFieldTooLong      Code = "policy-field-too-long"
	PolicyVersionMissing    Code = "policy-version-missing"
	PolicyVersionInvalid    Code = "policy-version-invalid"
	PolicyVariablesVersion  Code = "policy-variables-old-version"
	PolicyStatementMissing  Code = "policy-statement-missing"
	PolicySidMissing        Code = "policy-sid-missing"
	PolicySidDuplicate      Code = "policy-sid-duplicate"
	PolicyEffectMissing     Code = "policy-effect-missing"
	PolicyEffectInvalid     Code = "policy-effect-invalid"
	PolicyElementConflict   Code = "policy-element-conflict"
	PolicyPrincipalMissing  Code = "policy-principal-missing"
	PolicyPrincipalInvalid  Code = "policy-principal-invalid"
	PolicyActionMissing     Code = "policy-action-missing"
	PolicyActionInvalid     Code = "policy-action-invalid"
	PolicyActionUnknown     Code = "policy-action-unknown"
	PolicyResourceMissing   Code = "policy-resource-missing"
	PolicyResourceInvalid   Code = "policy-resource-invalid"
	PolicyResourceBuckets   Code = "policy-resource-other-bucket"
	PolicyActionResource    Code = "policy-action-resource-mismatch"
	PolicyOperatorUnknown   Code = "policy-condition-operator-unknown"
	PolicyConditionKey      Code = "policy-condition-key-unknown"
	PolicyConditionValue    Code = "policy-condition-value-invalid"
	PolicyConditionWildcard Code = "policy-condition-wildcard-action"
	PolicyPublicWrite       Code = "policy-public-write"
	PolicyPublicList        Code = "policy-public-list"
	PolicyAllowNotPrincipal Code = "policy-allow-not-principal"
	PolicyAllowNotAction    Code = "policy-allow-not-action"
	PolicyAllowNotResource  Code = "policy-allow-not-resource"
)

func init() { register(policyCodes) }

var policyCodes = []CodeInfo{
	{PolicyLeadingText, Error, "something precedes the policy's opening '{' (S3 requires it as the first byte)"},
	{PolicyTooLarge, Error, "the policy is larger than the provider accepts"},
	{PolicyFieldTooLong, Error, "a policy element is longer than the provider accepts"},
	{PolicyVersionMissing, Error, "the policy has no version"},
	{PolicyVersionInvalid, Error, "the policy version is not one the provider accepts"},
	{PolicyVariablesVersion, Warning, "policy variables such as ${aws:username} need Version 2012-10-17"},
	{PolicyStatementMissing, Error, "the policy has no statement"},
	{PolicySidMissing, Error, "a statement has no id"},
	{PolicySidDuplicate, Error, "two statements have the same id"},
	{PolicyEffectMissing, Error, "a statement has no effect"},
	{PolicyEffectInvalid, Error, "an effect other than allow or deny"},
	{PolicyElementConflict, Error, "an element and its Not… form in one statement"},
	{PolicyPrincipalMissing, Error, "a statement names no principal"},
	{PolicyPrincipalInvalid, Error, "a principal the provider does not accept"},
	{PolicyActionMissing, Error, "a statement has no action"},
	{PolicyActionInvalid, Error, "an action without the provider's prefix, of another service, or malformed"},
	{PolicyActionUnknown, Error, "an action the provider does not define"},
	{PolicyResourceMissing, Error, "a statement has no resource"},
	{PolicyResourceInvalid, Error, "a resource that does not name this kind of bucket or object"},
	{PolicyResourceBuckets, Error, "the resources name more than one bucket"},
	{PolicyActionResource, Error, "an action that applies to none of the statement's resources"},
	{PolicyOperatorUnknown, Error, "a condition operator the provider does not define"},
	{PolicyConditionKey, Warning, "a condition key the provider does not define"},
	{PolicyConditionValue, Error, "a condition value its operator cannot compare (IP, number, date, boolean)"},
	{PolicyConditionWildcard, Warning, "a request-specific condition key with the all-actions wildcard"},
	{PolicyPublicWrite, Warning, "everyone, anonymous callers included, may write, delete or change permissions"},
	{PolicyPublicList, Warning, "everyone, anonymous callers included, may list the bucket"},
	{PolicyAllowNotPrincipal, Warning, "Allow with NotPrincipal grants everyone not listed"},
	{PolicyAllowNotAction, Warning, "Allow with NotAction grants every action not listed"},
	{PolicyAllowNotResource, Warning, "Allow with NotResource grants every resource not listed"},
}
