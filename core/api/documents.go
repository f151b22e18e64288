package api

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"bucketlab/core/cors"
	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/sign"
	"bucketlab/core/syntax/jsonsyn"
)

// Wire is a document as the provider receives it.
type Wire struct {
	ContentType string        `json:"contentType"`
	Body        string        `json:"body"`
	Headers     []sign.Header `json:"headers"`
}

// codec is what the core knows of one provider × document × format: how to
// read it into the model with positions, check it, and write wire bytes.
type codec struct {
	decode   func(source string) (model any, loc *diag.Locator, diags diag.List)
	validate func(model any, p provider.Profile) diag.List
	encode   func(model any) (Wire, error)
	// forBucket, when set, checks the document against the bucket it is put
	// on (a policy's resources must name that bucket); only a request
	// that names the bucket runs it.
	forBucket func(model any, p provider.Profile, bucket string) diag.List
}

type codecKey struct {
	provider provider.ID
	document provider.Document
	format   provider.Format
}

var codecs = map[codecKey]codec{
	{provider.QingStor, provider.CORS, provider.JSON}: {
		decode: jsonDecoder(func(root *jsonsyn.Node) (any, *diag.Locator, diag.List) {
			cfg, loc, diags := cors.DecodeQingStor(root)
			if cfg == nil {
				return nil, loc, diags
			}
			return cfg, loc, diags
		}),
		validate: func(m any, p provider.Profile) diag.List { return cors.Validate(*m.(*cors.Config), p.CORS) },
		encode: func(m any) (Wire, error) {
			b, err := cors.EncodeQingStor(*m.(*cors.Config))
			return Wire{ContentType: "application/json", Body: string(b), Headers: []sign.Header{}}, err
		},
	},
}

func jsonDecoder(fn func(*jsonsyn.Node) (any, *diag.Locator, diag.List)) func(string) (any, *diag.Locator, diag.List) {
	return func(source string) (any, *diag.Locator, diag.List) {
		root, diags := jsonsyn.Parse(source)
		if root == nil {
			return nil, nil, diags
		}
		model, loc, more := fn(root)
		return model, loc, append(diags, more...)
	}
}

// target resolves and checks the provider, document and format of a request.
func target(p, d, f string) (provider.Profile, codecKey, error) {
	prof, ok := provider.Get(provider.ID(p))
	if !ok {
		return prof, codecKey{}, badf("unknown provider %q; expected \"cos\", \"qingstor\" or \"s3\"", p)
	}
	doc := provider.Document(d)
	native, ok := prof.Native[doc]
	if !ok {
		return prof, codecKey{}, badf("unknown document %q; expected \"cors\", \"policy\" or \"acl\"", d)
	}
	format := provider.Format(f)
	switch format {
	case "":
		format = native
	case provider.JSON, provider.XML, provider.Headers:
	default:
		return prof, codecKey{}, badf("unknown format %q; expected \"json\", \"xml\" or \"headers\"", f)
	}
	return prof, codecKey{prof.ID, doc, format}, nil
}

// checked is the outcome of reading and checking a document.
type checked struct {
	model any
	wire  *Wire
	diags diag.List
}

func checkDocument(prof provider.Profile, key codecKey, source, bucket string) (out checked, err error) {
	if len(source) <= MaxSource {
		defer func() {
			if err == nil {
				out.diags = append(out.diags, replacementChars(source)...)
			}
		}()
	}
	if len(source) > MaxSource {
		return checked{diags: diag.List{diag.At(diag.DocumentTooLarge, diag.Span{},
			fmt.Sprintf("the document is %d bytes; the playground reads at most %d (1 MiB), far above any real configuration", len(source), MaxSource))}}, nil
	}
	c, ok := codecs[key]
	if !ok {
		return checked{diags: diag.List{diag.At(diag.Unsupported, diag.Span{},
			fmt.Sprintf("%s %s in %s is not supported; pick another format (the native one is %s)", prof.Name, strings.ToUpper(string(key.document)), key.format, prof.Native[key.document]))}}, nil
	}
	model, loc, diags := c.decode(source)
	if model == nil || diags.HasErrors() && hasSyntaxError(diags) {
		return checked{diags: diags}, nil
	}
	more := c.validate(model, prof)
	if bucket != "" && c.forBucket != nil {
		more = append(more, c.forBucket(model, prof, bucket)...)
	}
	loc.Resolve(more)
	diags = append(diags, more...)
	res := checked{model: model, diags: diags}
	if !diags.HasErrors() {
		w, err := c.encode(model)
		if err != nil {
			return checked{}, err
		}
		res.wire = &w
	}
	return res, nil
}

func hasSyntaxError(l diag.List) bool {
	for _, d := range l {
		if d.Code == diag.JSONSyntax || d.Code == diag.JSONTrailing {
			return true
		}
	}
	return false
}

// replacementChars points at each U+FFFD (at most 20) in source. Requests are
// JSON, whose decoders replace invalid UTF-8 and half surrogate pairs (a
// browser string can hold one) with U+FFFD, so this is where such bytes show:
// the wire would carry EF BF BD where the user meant something else.
func replacementChars(source string) diag.List {
	var l diag.List
	for i := 0; len(l) < 20; {
		j := strings.IndexRune(source[i:], utf8.RuneError)
		if j < 0 {
			break
		}
		i += j
		l = append(l, diag.At(diag.DocumentReplacementChar, diag.Span{Start: i, End: i + utf8.RuneLen(utf8.RuneError)},
			"U+FFFD (\"\uFFFD\") stands here for invalid UTF-8 or half of a surrogate pair, and is what would be sent (bytes EF BF BD); retype the character you meant"))
		i += utf8.RuneLen(utf8.RuneError)
	}
	return l
}
