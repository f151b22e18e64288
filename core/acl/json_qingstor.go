package acl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"bucketlab/core/diag"
	"bucketlab/core/internal/jsondec"
	"bucketlab/core/syntax/jsonsyn"
)

// QingStor's PUT Bucket ACL body (RULES.md §4.3):
// {"acl":[{"grantee":{"type":"user","id":"usr-…"}|{"type":"group","name":"QS_ALL_USERS"},
//  "permission":"READ"|"WRITE"|"FULL_CONTROL"}]}

var (
	qsRootKeys    = []string{"acl"}
	qsGrantKeys   = []string{"grantee", "permission"}
	qsGranteeKeys = []string{"type", "id", "name"}
)

// DecodeQingStor reads QingStor's JSON into the model. Shape problems are
// diagnostics; a grant with a value of the wrong JSON type is reported and
// left out of the model, so it is not also reported as missing. The model
// is nil when the document is not an object or "acl" is not an array.
func DecodeQingStor(root *jsonsyn.Node) (*ACL, *diag.Locator, diag.List) {
	r := jsondec.New()
	top, ok := r.Object(root, "", diag.Span{}, "the ACL", qsRootKeys)
	if !ok {
		return nil, r.Loc, r.Diags
	}
	// No "acl" is an empty one: both clear the ACL (RULES.md §4.3).
	a := &ACL{Grants: []Grant{}}
	m, ok := top["acl"]
	if !ok {
		return a, r.Loc, r.Diags
	}
	elems, ok := r.Array(m, "/grants", `[{"grantee": {"type": "user", "id": "usr-…"}, "permission": "READ"}]`)
	if !ok {
		return nil, r.Loc, r.Diags // the ACL is that one value: nothing more to check
	}
	for _, e := range elems {
		path := "/grants/" + strconv.Itoa(len(a.Grants))
		if g, ok := decodeQSGrant(r, e, path); ok {
			a.Grants = append(a.Grants, g)
		}
	}
	return a, r.Loc, r.Diags
}

func decodeQSGrant(r *jsondec.Reader, e *jsonsyn.Node, path string) (Grant, bool) {
	var g Grant
	f, ok := r.Object(e, path, diag.Span{}, "a grant", qsGrantKeys)
	if !ok {
		return g, false
	}
	if m, ok := f["permission"]; ok {
		if g.Permission, ok = r.String(m, path+"/permission"); !ok {
			return g, false
		}
	}
	m, ok := f["grantee"]
	if !ok {
		return g, true
	}
	gf, ok := r.Object(m.Value, path+"/grantee", m.KeySpan, `"grantee"`, qsGranteeKeys)
	if !ok {
		return g, false
	}
	g.Grantee = &Grantee{}
	for _, key := range qsGranteeKeys {
		m, ok := gf[key]
		if !ok {
			continue
		}
		v, ok := r.String(m, path+"/grantee/"+key)
		if !ok {
			return g, false
		}
		if key == "type" {
			g.Grantee.Type = v
		} else {
			g.Grantee.setField(key, v)
		}
	}
	return g, true
}

// qsGrantee, qsGrant and qsBody mirror the QingStor Go SDK's ACLGranteeType,
// ACLType and PutBucketACLInput field for field (json tags, order,
// omitempty), so that encoding/json produces the bytes the SDK sends.
type qsGrantee struct {
	ID   *string `json:"id,omitempty"`
	Name *string `json:"name,omitempty"`
	Type *string `json:"type"`
}

type qsGrant struct {
	Grantee    *qsGrantee `json:"grantee"`
	Permission *string    `json:"permission"`
}

type qsBody struct {
	ACL []*qsGrant `json:"acl"`
}

// EncodeQingStor returns the exact body the QingStor Go SDK sends for a:
// compact JSON in its key order, HTML characters escaped as encoding/json
// does. An ACL without grants is written {"acl":[]}, which clears the ACL
// (the SDK itself refuses to send it).
func EncodeQingStor(a ACL) ([]byte, error) {
	if a.Owner != nil || a.Canned != "" {
		return nil, fmt.Errorf("QingStor's ACL has no owner and no canned ACL")
	}
	out := qsBody{ACL: make([]*qsGrant, len(a.Grants))}
	for i, g := range a.Grants {
		q := &qsGrant{Permission: ptr(g.Permission)}
		if ge := g.Grantee; ge != nil {
			if ge.URI != "" || ge.Email != "" || ge.DisplayName != "" {
				return nil, fmt.Errorf("grant %d: QingStor grantees have only a type, an id and a name", i)
			}
			q.Grantee = &qsGrantee{ID: ptr(ge.ID), Name: ptr(ge.Name), Type: &ge.Type}
		}
		out.ACL[i] = q
	}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// ptr is nil for "", as the model's empty string means "not written".
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
