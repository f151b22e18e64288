package api

import (
	"bucketlab/core/acl"
	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/sign"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

// The ACL codecs: the AccessControlPolicy body and the header form for COS
// and S3, QingStor's JSON. One codec per form, parameterised by the
// provider's ACL profile.
func init() {
	for _, id := range []provider.ID{provider.COS, provider.S3} {
		prof, _ := provider.Get(id)
		p := prof.ACL
		codecs[codecKey{id, provider.ACL, provider.XML}] = codec{
			decode: func(source string) (any, *diag.Locator, diag.List) {
				root, diags := xmlsyn.Parse(source)
				if root == nil {
					return nil, nil, diags
				}
				a, loc, more := acl.DecodeXML(root, p)
				diags = append(diags, more...)
				if a == nil {
					return nil, loc, diags
				}
				return a, loc, diags
			},
			validate: aclValidator(provider.XML),
			encode: func(m any) (Wire, error) {
				b, err := acl.EncodeXML(*m.(*acl.ACL), p)
				return Wire{ContentType: acl.XMLContentType, Body: string(b), Headers: []sign.Header{}}, err
			},
		}
		codecs[codecKey{id, provider.ACL, provider.Headers}] = codec{
			decode: func(source string) (any, *diag.Locator, diag.List) {
				a, loc, diags := acl.DecodeHeaders(source, p)
				if a == nil {
					return nil, loc, diags
				}
				return a, loc, diags
			},
			validate: aclValidator(provider.Headers),
			encode: func(m any) (Wire, error) {
				hs, err := acl.EncodeHeaders(*m.(*acl.ACL), p)
				w := Wire{ContentType: p.Headers.ContentType, Headers: make([]sign.Header, len(hs))}
				for i, h := range hs {
					w.Headers[i] = sign.Header{Name: h.Name, Value: h.Value}
				}
				return w, err
			},
		}
	}
	codecs[codecKey{provider.QingStor, provider.ACL, provider.JSON}] = codec{
		decode: jsonDecoder(func(root *jsonsyn.Node) (any, *diag.Locator, diag.List) {
			a, loc, diags := acl.DecodeQingStor(root)
			if a == nil {
				return nil, loc, diags
			}
			return a, loc, diags
		}),
		validate: aclValidator(provider.JSON),
		encode: func(m any) (Wire, error) {
			b, err := acl.EncodeQingStor(*m.(*acl.ACL))
			return Wire{ContentType: acl.JSONContentType, Body: string(b), Headers: []sign.Header{}}, err
		},
	}
}

func aclValidator(f provider.Format) func(any, provider.Profile) diag.List {
	return func(m any, p provider.Profile) diag.List { return acl.Validate(*m.(*acl.ACL), p.ACL, f) }
}
