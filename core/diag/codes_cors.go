package diag

// CORS codes.
const (
	CORSRulesMissing      Code = "cors-rules-missing"
	CORSOriginMissing     Code = "cors-origin-missing"
	CORSOriginWildcards   Code = "cors-origin-wildcards"
	CORSOriginInvalid     Code = "cors-origin-invalid"
	CORSMethodsMissing    Code = "cors-methods-missing"
	CORSMethodUnknown     Code = "cors-method-unknown"
	CORSMethodDuplicate   Code = "cors-method-duplicate"
	CORSHeaderInvalid     Code = "cors-header-invalid"
	CORSHeaderWildcards   Code = "cors-header-wildcards"
	CORSMaxAgeNegative    Code = "cors-max-age-negative"
	CORSRespVaryInvalid   Code = "cors-resp-vary-invalid"
	CORSRespVarySpelling  Code = "cors-resp-vary-spelling"
	CORSAnyOriginWrite    Code = "cors-any-origin-write"
	CORSExposeETagMissing Code = "cors-expose-etag-missing"
	CORSTooManyRules      Code = "cors-too-many-rules"
	CORSEmptyHeaderEntry  Code = "cors-header-empty"
	CORSExposeWildcard    Code = "cors-expose-wildcard"
	CORSMaxAgeTooLarge    Code = "cors-max-age-too-large"
	CORSIDTooLong         Code = "cors-id-too-long"
	CORSBodyTooLarge      Code = "cors-body-too-large"
)

func init() { register(corsCodes) }

var corsCodes = []CodeInfo{
	{CORSRulesMissing, Error, "the configuration has no CORS rule"},
	{CORSOriginMissing, Error, "a CORS rule has no allowed origin"},
	{CORSOriginWildcards, Error, "an allowed origin has more than one '*'"},
	{CORSOriginInvalid, Error, "an allowed origin is empty or malformed"},
	{CORSMethodsMissing, Error, "a CORS rule has no allowed method"},
	{CORSMethodUnknown, Error, "an allowed method the provider does not accept"},
	{CORSMethodDuplicate, Warning, "an allowed method is listed twice"},
	{CORSHeaderInvalid, Error, "a header name with characters HTTP does not allow"},
	{CORSHeaderWildcards, Error, "a header name has more than one '*'"},
	{CORSMaxAgeNegative, Error, "max age is negative"},
	{CORSRespVaryInvalid, Error, "resp_vary is neither enabled nor disabled"},
	{CORSRespVarySpelling, Warning, "resp_vary written as the docs example's \"enable\" instead of \"enabled\""},
	{CORSAnyOriginWrite, Warning, "any origin may send writes (PUT/POST/DELETE)"},
	{CORSExposeETagMissing, Warning, "PUT/POST allowed but ETag not exposed: browser uploads cannot read it"},
	{CORSTooManyRules, Error, "more CORS rules than the provider accepts"},
	{CORSEmptyHeaderEntry, Error, "an empty header name"},
	{CORSExposeWildcard, Error, "an expose header uses '*', which the provider does not support there"},
	{CORSMaxAgeTooLarge, Error, "max age is larger than the provider's API can hold"},
	{CORSIDTooLong, Error, "a rule ID is longer than the provider accepts"},
	{CORSBodyTooLarge, Error, "the configuration's wire body is larger than the provider accepts"},
}
