// Package provider is the one table of what differs, as data, between
// Tencent Cloud COS, QingStor and AWS S3: formats, names, limits and
// enumerations. Algorithms that really differ (the signature schemes) live
// in their own packages; everything else reads this table.
package provider

// ID names a provider on the wire of the JSON contract.
type ID string

const (
	COS      ID = "cos"
	QingStor ID = "qingstor"
	S3       ID = "s3"
)

// Document is a kind of bucket configuration document.
type Document string

const (
	CORS   Document = "cors"
	Policy Document = "policy"
	ACL    Document = "acl"
)

// Format is a wire format of a document.
type Format string

const (
	JSON    Format = "json"
	XML     Format = "xml"
	Headers Format = "headers"
)

// Profile is what one provider is, as data.
type Profile struct {
	ID   ID
	Name string
	CORS CORSProfile
	// Native formats of each document, the default for "format".
	Native map[Document]Format
}

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
}

// table is never handed out; Get returns copies of its entries.
var table = []Profile{
	{
		ID: COS, Name: "Tencent Cloud COS",
		CORS:   CORSProfile{Methods: []string{"PUT", "GET", "POST", "DELETE", "HEAD"}, MaxRules: 100},
		Native: map[Document]Format{CORS: XML, Policy: JSON, ACL: XML},
	},
	{
		// QingStor: RULES.md §4.1 — methods from the API spec enum plus "*"
		// (documented), one allowed_origin string per rule, resp_vary, no
		// documented rule limit.
		ID: QingStor, Name: "QingStor",
		CORS:   CORSProfile{Methods: []string{"GET", "PUT", "POST", "DELETE", "HEAD", "*"}, SingleOrigin: true, RespVary: true},
		Native: map[Document]Format{CORS: JSON, Policy: JSON, ACL: JSON},
	},
	{
		ID: S3, Name: "AWS S3",
		CORS:   CORSProfile{Methods: []string{"GET", "PUT", "HEAD", "POST", "DELETE"}, MaxRules: 100},
		Native: map[Document]Format{CORS: XML, Policy: JSON, ACL: XML},
	},
}

// Get returns the profile of id.
func Get(id ID) (Profile, bool) {
	for _, p := range table {
		if p.ID == id {
			return clone(p), true
		}
	}
	return Profile{}, false
}

// All returns every profile in a stable order.
func All() []Profile {
	out := make([]Profile, len(table))
	for i, p := range table {
		out[i] = clone(p)
	}
	return out
}

func clone(p Profile) Profile {
	p.CORS.Methods = append([]string(nil), p.CORS.Methods...)
	native := make(map[Document]Format, len(p.Native))
	for k, v := range p.Native {
		native[k] = v
	}
	p.Native = native
	return p
}
