package diag

// Codes of the "convert" op: what a document loses or changes on its way to
// another provider or form. Each is reported at the SOURCE element it
// concerns. Severities: info when the meaning is kept (a rewrite), warning
// when the output means something else (narrower or broader), error when
// the output cannot be what the source says (it is written anyway, with the
// untranslatable part as it was, so the target's check shows it too).
const (
	ConvertIDUnmapped          Code = "convert-id-unmapped"
	ConvertOwnerMissing        Code = "convert-owner-missing"
	ConvertResourceIncomplete  Code = "convert-resource-incomplete"
	ConvertElementDropped      Code = "convert-element-dropped"
	ConvertCORSOriginsSplit    Code = "convert-cors-origins-split"
	ConvertCORSMethodWildcard  Code = "convert-cors-method-wildcard"
	ConvertCORSExposeWildcard  Code = "convert-cors-expose-wildcard"
	ConvertCORSVary            Code = "convert-cors-vary"
	ConvertCORSRuleID          Code = "convert-cors-rule-id"
	ConvertCORSMaxAge          Code = "convert-cors-max-age"
	ConvertCORSTooManyRules    Code = "convert-cors-too-many-rules"
	ConvertCORSHeaderRenamed   Code = "convert-cors-header-renamed"
	ConvertCORSHeaderForeign   Code = "convert-cors-header-foreign"
	ConvertACLCannedExpanded   Code = "convert-acl-canned-expanded"
	ConvertACLCannedCollapsed  Code = "convert-acl-canned-collapsed"
	ConvertACLCannedNone       Code = "convert-acl-canned-unsupported"
	ConvertACLGroupNone        Code = "convert-acl-group-unsupported"
	ConvertACLPermissionNone   Code = "convert-acl-permission-unsupported"
	ConvertACLGranteeNone      Code = "convert-acl-grantee-unsupported"
	ConvertACLOwnerGrant       Code = "convert-acl-owner-grant"
	ConvertPolicyActionNone    Code = "convert-policy-action-unsupported"
	ConvertPolicyActionBroader Code = "convert-policy-action-broader"
	ConvertPolicyActionExpand  Code = "convert-policy-action-expanded"
	ConvertPolicyPrincipalNone Code = "convert-policy-principal-unsupported"
	ConvertPolicyConditionNone Code = "convert-policy-condition-unsupported"
	ConvertPolicyNotElement    Code = "convert-policy-not-element"
	ConvertPolicyResource      Code = "convert-policy-resource-changed"
	ConvertPolicyStatementLost Code = "convert-policy-statement-dropped"
	ConvertPolicyDenyFirst     Code = "convert-policy-deny-first"
	ConvertPolicyOrder         Code = "convert-policy-order"
)

func init() { register(convertCodes) }

var convertCodes = []CodeInfo{
	{ConvertIDUnmapped, Error, "an account or user id has no counterpart at the target; give it in ids (source id → target id)"},
	{ConvertOwnerMissing, Error, "the target form names the bucket owner; fill in the owner's id"},
	{ConvertResourceIncomplete, Error, "the target's resource needs the bucket, APPID or region, which the source does not say; fill them in"},
	{ConvertElementDropped, Info, "an element the target has no place for, left out without changing what the document allows"},
	{ConvertCORSOriginsSplit, Info, "a rule with several origins became one rule per origin (QingStor takes one)"},
	{ConvertCORSMethodWildcard, Info, "the method wildcard \"*\" became the five methods the target lists"},
	{ConvertCORSExposeWildcard, Warning, "an exposed header '*' the target does not support there, left out"},
	{ConvertCORSVary, Warning, "the target decides Vary: Origin differently (S3 always sends it; COS and QingStor when asked)"},
	{ConvertCORSRuleID, Info, "a rule ID the target has no place for or accepts shorter"},
	{ConvertCORSMaxAge, Warning, "a max age outside what the target takes, adjusted"},
	{ConvertCORSTooManyRules, Error, "more CORS rules than the target accepts"},
	{ConvertCORSHeaderRenamed, Info, "a provider-specific header name rewritten to the target's equivalent"},
	{ConvertCORSHeaderForeign, Info, "a header name of the source provider with no equivalent at the target, kept as written"},
	{ConvertACLCannedExpanded, Info, "a canned ACL written out as the grants it stands for"},
	{ConvertACLCannedCollapsed, Info, "grants written as the canned ACL they equal"},
	{ConvertACLCannedNone, Error, "a canned ACL the target has no counterpart for"},
	{ConvertACLGroupNone, Warning, "a grant to a group the target does not have, left out (fewer are allowed)"},
	{ConvertACLPermissionNone, Warning, "a permission the target does not have (READ_ACP, WRITE_ACP on QingStor), left out"},
	{ConvertACLGranteeNone, Error, "a grantee the target form cannot name"},
	{ConvertACLOwnerGrant, Info, "the owner's full control, implicit at one provider and a grant at the other"},
	{ConvertPolicyActionNone, Warning, "an action with no counterpart: left out of an Allow, kept (an error) in a Deny"},
	{ConvertPolicyActionBroader, Warning, "the target's nearest actions also cover requests the source action does not"},
	{ConvertPolicyActionExpand, Info, "an action wildcard written out as the actions it covers"},
	{ConvertPolicyPrincipalNone, Warning, "a principal type with no counterpart: left out of an Allow, kept (an error) in a Deny"},
	{ConvertPolicyConditionNone, Error, "a condition operator or key with no counterpart, kept as written"},
	{ConvertPolicyNotElement, Error, "NotPrincipal, NotAction or NotResource, which the target does not have, kept as written"},
	{ConvertPolicyResource, Warning, "a resource whose scope or pattern changed on the way"},
	{ConvertPolicyStatementLost, Warning, "an Allow statement left out because nothing of it could be carried over"},
	{ConvertPolicyDenyFirst, Info, "Deny statements moved first, so QingStor's first match gives S3's and COS's deny-wins result"},
	{ConvertPolicyOrder, Warning, "a Deny after an Allow: QingStor's first match and deny-wins can decide differently"},
}
