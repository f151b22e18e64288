package api

import (
	"bucketlab/core/cors"
	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/sign"
	"bucketlab/core/syntax/jsonsyn"
	"bucketlab/core/syntax/xmlsyn"
)

// The CORS codecs of COS and S3. Both take the XML CORSConfiguration;
// S3's console form (a JSON array of rules) is an editing convenience
// whose wire bytes are the same XML, since that is what PutBucketCors sends.
func init() {
	for _, id := range []provider.ID{provider.COS, provider.S3} {
		prof, _ := provider.Get(id)
		p := prof.CORS
		codecs[codecKey{id, provider.CORS, provider.XML}] = codec{
			decode: xmlDecoder(func(root *xmlsyn.Element) (any, *diag.Locator, diag.List) {
				cfg, loc, diags := cors.DecodeXML(root, p)
				if cfg == nil {
					return nil, loc, diags
				}
				return cfg, loc, diags
			}),
			validate: func(m any, p provider.Profile) diag.List {
				l := validateCORS(m, p)
				cors.XMLSuggestions(l)
				return l
			},
			encode: encodeCORSXML(p),
		}
	}
	prof, _ := provider.Get(provider.S3)
	codecs[codecKey{provider.S3, provider.CORS, provider.JSON}] = codec{
		decode: jsonDecoder(func(root *jsonsyn.Node) (any, *diag.Locator, diag.List) {
			cfg, loc, diags := cors.DecodeS3Console(root)
			if cfg == nil {
				return nil, loc, diags
			}
			return cfg, loc, diags
		}),
		validate: validateCORS,
		encode:   encodeCORSXML(prof.CORS),
	}
}

// validateCORS runs the model's rules, then the checks only the XML wire
// bytes show (their size).
func validateCORS(m any, p provider.Profile) diag.List {
	cfg := *m.(*cors.Config)
	return append(cors.Validate(cfg, p.CORS), cors.ValidateXMLBody(cfg, p.CORS)...)
}

// encodeCORSXML writes what the provider's Go SDK sends: Content-Type
// application/xml (cos-go-sdk-v5's contentTypeXML; aws-sdk-go-v2 sets the
// same default for an XML payload).
func encodeCORSXML(p provider.CORSProfile) func(any) (Wire, error) {
	return func(m any) (Wire, error) {
		b, err := cors.EncodeXML(*m.(*cors.Config), p)
		return Wire{ContentType: "application/xml", Body: string(b), Headers: []sign.Header{}}, err
	}
}

func xmlDecoder(fn func(*xmlsyn.Element) (any, *diag.Locator, diag.List)) func(string) (any, *diag.Locator, diag.List) {
	return func(source string) (any, *diag.Locator, diag.List) {
		root, diags := xmlsyn.Parse(source)
		if root == nil {
			return nil, nil, diags
		}
		model, loc, more := fn(root)
		return model, loc, append(diags, more...)
	}
}
