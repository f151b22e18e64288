package diag

import (
	"sort"
	"sync"
)

// Code is a stable, self-explaining identifier of a kind of problem, such as
// "cors-method-unknown". Codes are never renamed or reused: tests, share
// links and documentation refer to them.
type Code string

// CodeInfo describes a code in the registry.
type CodeInfo struct {
	Code     Code
	Severity Severity // default severity
	Title    string   // one line for the README table
}

// Codes of the input as a whole and of JSON. Each area (CORS, policy, ACL,
// signing) keeps its codes in its own codes_<area>.go; registry gathers them.
const (
	// Input as a whole.
	DocumentTooLarge Code = "document-too-large"
	DocumentEmpty    Code = "document-empty"
	Unsupported      Code = "unsupported"

	// JSON syntax and shape.
	JSONSyntax       Code = "json-syntax"
	JSONTrailing     Code = "json-trailing-content"
	JSONTooDeep      Code = "json-too-deep"
	JSONInvalidUTF8  Code = "json-invalid-utf8"
	JSONDuplicateKey Code = "json-duplicate-key"
	JSONUnknownKey   Code = "json-unknown-key"
	JSONKeyCase      Code = "json-key-case"
	JSONWrongType    Code = "json-wrong-type"

	// XML syntax and shape.
	XMLSyntax      Code = "xml-syntax"
	XMLDoctype     Code = "xml-doctype"
	XMLTooDeep     Code = "xml-too-deep"
	XMLTrailing    Code = "xml-trailing-content"
	XMLUnknownElem Code = "xml-unknown-element"
	XMLElementCase Code = "xml-element-case"
	XMLMissingElem Code = "xml-missing-element"
	XMLDuplicate   Code = "xml-duplicate-element"
	XMLWrongValue  Code = "xml-wrong-value"
	XMLNamespace   Code = "xml-namespace"
)

// registry is every code, gathered from the codes_*.go files, one per area,
// each of which registers its list in an init func.
var registry []CodeInfo

func register(list []CodeInfo) { registry = append(registry, list...) }

func init() { register(commonCodes) }

var commonCodes = []CodeInfo{
	{DocumentTooLarge, Error, "the document is larger than the core accepts"},
	{DocumentEmpty, Error, "the document is empty"},
	{Unsupported, Error, "this provider × document × format is not supported yet"},

	{JSONSyntax, Error, "the text is not valid JSON"},
	{JSONTrailing, Error, "something follows the JSON value"},
	{JSONTooDeep, Error, "the JSON nests deeper than any configuration needs"},
	{JSONInvalidUTF8, Error, "the text is not valid UTF-8"},
	{JSONDuplicateKey, Error, "a key appears twice in one object"},
	{JSONUnknownKey, Warning, "a key the provider does not know (the service ignores or rejects it)"},
	{JSONKeyCase, Error, "a known key written in the wrong case"},
	{JSONWrongType, Error, "a value of the wrong JSON type"},

	{XMLSyntax, Error, "the text is not well-formed XML"},
	{XMLDoctype, Error, "a DOCTYPE or entity declaration, which the services refuse"},
	{XMLTooDeep, Error, "the XML nests deeper than any configuration needs"},
	{XMLTrailing, Error, "something follows the root element"},
	{XMLUnknownElem, Warning, "an element the provider does not know"},
	{XMLElementCase, Error, "a known element written in the wrong case"},
	{XMLMissingElem, Error, "a required element is missing"},
	{XMLDuplicate, Error, "an element that may appear once appears twice"},
	{XMLWrongValue, Error, "an element's text is not of the expected kind (number, enumeration)"},
	{XMLNamespace, Warning, "an unexpected XML namespace"},
}

var (
	bySeverityOnce sync.Once
	bySeverity     map[Code]Severity
)

// Severity is the code's registered severity; an unregistered code is an error.
func (c Code) Severity() Severity {
	bySeverityOnce.Do(func() {
		bySeverity = make(map[Code]Severity, len(registry))
		for _, i := range registry {
			bySeverity[i.Code] = i.Severity
		}
	})
	if s, ok := bySeverity[c]; ok {
		return s
	}
	return Error
}

// Lookup returns the registry entry for c.
func Lookup(c Code) (CodeInfo, bool) {
	for _, i := range registry {
		if i.Code == c {
			return i, true
		}
	}
	return CodeInfo{}, false
}

// All returns the registry sorted by code.
func All() []CodeInfo {
	out := append([]CodeInfo(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
