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

// Profile is what one provider is, as data. The table is kept in one file
// per document kind (cors.go, policy.go, acl.go) so each stays readable;
// Get assembles a provider's row from them.
type Profile struct {
	ID     ID
	Name   string
	Native map[Document]Format // the default format of each document
	CORS   CORSProfile
	Policy PolicyProfile
	ACL    ACLProfile
}

// ids in the stable order every table-driven test uses.
var ids = []ID{COS, QingStor, S3}

var names = map[ID]string{COS: "Tencent Cloud COS", QingStor: "QingStor", S3: "AWS S3"}

var natives = map[ID]map[Document]Format{
	COS:      {CORS: XML, Policy: JSON, ACL: XML},
	QingStor: {CORS: JSON, Policy: JSON, ACL: JSON},
	S3:       {CORS: XML, Policy: JSON, ACL: XML},
}

// Get returns the profile of id. Each call builds a fresh copy, so callers
// can never change the table.
func Get(id ID) (Profile, bool) {
	name, ok := names[id]
	if !ok {
		return Profile{}, false
	}
	native := make(map[Document]Format, len(natives[id]))
	for k, v := range natives[id] {
		native[k] = v
	}
	return Profile{ID: id, Name: name, Native: native, CORS: corsProfile(id), Policy: policyProfile(id), ACL: aclProfile(id)}, true
}

// All returns every profile in a stable order.
func All() []Profile {
	out := make([]Profile, 0, len(ids))
	for _, id := range ids {
		p, _ := Get(id)
		out = append(out, p)
	}
	return out
}
