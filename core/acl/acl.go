// Package acl is the provider-neutral model of a bucket ACL, its validation
// against each provider's rules, and its wire codecs: the XML
// AccessControlPolicy body (S3, COS), the header-only form (x-amz-acl /
// x-amz-grant-*, x-cos-acl / x-cos-grant-*) and QingStor's JSON. Validators
// see only the model and report against model paths; codecs record where
// each path was written.
package acl

// Content types of the bodies, as the providers' Go SDKs send them (the
// header form has no body).
const (
	XMLContentType  = "application/xml"
	JSONContentType = "application/json"
)

// ACL is a bucket ACL in any of its forms. Paths: /owner/id,
// /owner/displayName, /canned, /grants/N/grantee/type, /grants/N/grantee/id
// (uri, email, displayName, name), /grants/N/permission.
type ACL struct {
	// Owner is the body's <Owner>; nil when absent (and in the header and
	// JSON forms, which have none).
	Owner *Owner `json:"owner,omitempty"`
	// Canned is the header form's canned ACL (x-amz-acl, x-cos-acl).
	Canned string `json:"canned,omitempty"`
	// Grants in document order. In the XML form nil means the body has no
	// <AccessControlList>, an empty slice an empty one.
	Grants []Grant `json:"grants,omitempty"`
}

// Owner is the bucket owner named in a body.
type Owner struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName,omitempty"`
}

// Grant gives one permission to one grantee.
type Grant struct {
	// Grantee is nil when the grant names none.
	Grantee    *Grantee `json:"grantee"`
	Permission string   `json:"permission"`
}

// Grantee is who a grant is for. Type is as the provider spells it
// (CanonicalUser, Group, AmazonCustomerByEmail, RootAccount; user, group);
// the header form's keys map to types (id= ⇒ CanonicalUser, uri= ⇒ Group,
// emailAddress= ⇒ AmazonCustomerByEmail). Which other field is set depends
// on the type.
type Grantee struct {
	Type        string `json:"type"`
	ID          string `json:"id,omitempty"`
	URI         string `json:"uri,omitempty"`
	Email       string `json:"email,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	Name        string `json:"name,omitempty"`
}

// identityFields are the fields that say who a grantee is (DisplayName
// only decorates), with their model path names.
var identityFields = []string{"id", "uri", "email", "name"}

// allFields are every grantee field but the type.
var allFields = []string{"id", "uri", "email", "name", "displayName"}

// Field returns the field whose model path name is name.
func (g *Grantee) Field(name string) string {
	switch name {
	case "id":
		return g.ID
	case "uri":
		return g.URI
	case "email":
		return g.Email
	case "name":
		return g.Name
	case "displayName":
		return g.DisplayName
	}
	return ""
}

// setField sets the field whose model path name is name.
func (g *Grantee) setField(name, v string) {
	switch name {
	case "id":
		g.ID = v
	case "uri":
		g.URI = v
	case "email":
		g.Email = v
	case "name":
		g.Name = v
	case "displayName":
		g.DisplayName = v
	}
}
