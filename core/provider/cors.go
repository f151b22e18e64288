package provider

import "math"

// CORSProfile holds the CORS differences.
type CORSProfile struct {
	// Methods the service accepts in a rule, upper-case.
	Methods []string
	// SingleOrigin: one origin string per rule (QingStor) instead of a list.
	SingleOrigin bool
	// MaxRules is the documented rule limit; 0 means none is documented.
	MaxRules int
	// RespVary: the document may switch on "Vary: Origin" (QingStor resp_vary).
	RespVary bool
	// ResponseVary: the XML document may hold <ResponseVary>true|false</ResponseVary>
	// after its rules (COS); elsewhere the element is unknown.
	ResponseVary bool
	// MethodsExample is how messages show a list of methods ("" for the
	// plain list of Methods).
	MethodsExample string
	// MetaPrefix is the provider's user-metadata header prefix, used in
	// examples of a header pattern.
	MetaPrefix string

	// XMLNamespaces are the namespaces the XML root may carry, "" meaning
	// none; the first is the one the provider's Go SDK writes. Nil for a
	// provider without an XML form.
	XMLNamespaces []string
	// XMLRuleOrder is the order in which the Go SDK writes a rule's
	// elements; the encoder follows it so the bytes match.
	XMLRuleOrder []string
	// XMLEscapeLineSeparators: the SDK's XML writer also writes U+0085 and
	// U+2028 as character references (smithy-go does, encoding/xml does not).
	XMLEscapeLineSeparators bool
	// MaxBodyBytes is the largest body the service takes; 0 means none is
	// documented.
	MaxBodyBytes int

	// NoExposeWildcard: the docs say '*' is not supported in an expose header.
	NoExposeWildcard bool
	// EmptyOriginAccepted: the service stores an empty origin (it never
	// matches), so it is a warning rather than an error.
	EmptyOriginAccepted bool
	// NegativeMaxAgeAccepted: the service stores a negative max age (which
	// browsers ignore), so it is a warning rather than an error.
	NegativeMaxAgeAccepted bool
	// MaxAgeMax is the largest max age the API's integer type holds (its
	// least is -MaxAgeMax-1); 0 means no bound.
	MaxAgeMax int64
	// MaxIDLength is the longest rule ID in characters; 0 means no bound.
	MaxIDLength int
	// MethodError is the service's own message for an unsupported method,
	// with %s for the method, when it is recorded.
	MethodError string
}

// Element names of an XML CORSRule, shared by COS and S3.
const (
	XMLID            = "ID"
	XMLAllowedOrigin = "AllowedOrigin"
	XMLAllowedMethod = "AllowedMethod"
	XMLAllowedHeader = "AllowedHeader"
	XMLExposeHeader  = "ExposeHeader"
	XMLMaxAgeSeconds = "MaxAgeSeconds"
)

// S3Namespace is the namespace of S3's XML documents.
const S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

func corsProfile(id ID) CORSProfile {
	switch id {
	case COS:
		// RULES.md §3.1: no namespace, ResponseVary, method enum, ≤100
		// rules, body ≤64 KB, '*' not supported in ExposeHeader. Element
		// order and omissions as cos-go-sdk-v5 v0.7.75's BucketCORSRule,
		// marshalled with encoding/xml.
		return CORSProfile{
			Methods: []string{"PUT", "GET", "POST", "DELETE", "HEAD"}, MaxRules: 100,
			ResponseVary: true, MetaPrefix: "x-cos-meta-",
			XMLNamespaces: []string{""},
			XMLRuleOrder:  []string{XMLID, XMLAllowedMethod, XMLAllowedOrigin, XMLAllowedHeader, XMLMaxAgeSeconds, XMLExposeHeader},
			MaxBodyBytes:  64 << 10, NoExposeWildcard: true,
		}
	case QingStor:
		// RULES.md §4.1: methods from the API spec enum plus "*" (documented),
		// one allowed_origin string per rule, resp_vary, no documented limit.
		return CORSProfile{
			Methods: []string{"GET", "PUT", "POST", "DELETE", "HEAD", "*"}, SingleOrigin: true, RespVary: true,
			MethodsExample: `["GET", "HEAD"]`, MetaPrefix: "x-qs-meta-",
		}
	case S3:
		// RULES.md §2.1: namespace optional, ≤100 rules, body ≤64 KB, ID
		// ≤255, MaxAgeSeconds an Integer (32 bits) with negatives and
		// empty origins stored. Element order as aws-sdk-go-v2's restxml
		// serializer writes types.CORSRule (alphabetical), with the
		// namespace on the root.
		return CORSProfile{
			Methods: []string{"GET", "PUT", "HEAD", "POST", "DELETE"}, MaxRules: 100, MetaPrefix: "x-amz-meta-",
			XMLNamespaces:           []string{S3Namespace, ""},
			XMLRuleOrder:            []string{XMLAllowedHeader, XMLAllowedMethod, XMLAllowedOrigin, XMLExposeHeader, XMLID, XMLMaxAgeSeconds},
			XMLEscapeLineSeparators: true,
			MaxBodyBytes:            64 << 10,
			EmptyOriginAccepted:     true, NegativeMaxAgeAccepted: true,
			MaxAgeMax: math.MaxInt32, MaxIDLength: 255,
			MethodError: "Found unsupported HTTP method in CORS config. Unsupported method is %s",
		}
	}
	return CORSProfile{}
}
