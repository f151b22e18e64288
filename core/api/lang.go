package api

import (
	"bytes"
	"encoding/json"

	"bucketlab/core/diag"
)

// Every op takes an optional "lang" (a BCP 47 tag such as "en" or "zh-CN")
// beside its own fields; Call reads it once, and the ops never see it. With
// Simplified Chinese ("zh", "zh-CN", "zh-Hans…"), each diagnostic's message
// becomes the Chinese text registered for its code followed by the values
// the English message quotes (diag.Localize says why and how), and the
// English message moves to "detail". Other languages, and codes without a
// Chinese text, keep the English message and no detail. Only diagnostics are
// translated: values (causes, reasons, summaries) and error messages stay
// English.

// requestLang reads "lang" from the top level of a request. A request that
// is not a JSON object is left for the op to reject; a lang that is not a
// string is a bad request.
func requestLang(req []byte) (diag.Lang, error) {
	if !bytes.Contains(req, []byte(`"lang"`)) {
		return diag.English, nil // the common case skips a second parse
	}
	var r struct {
		Lang json.RawMessage `json:"lang"`
	}
	if json.Unmarshal(req, &r) != nil || len(r.Lang) == 0 || string(r.Lang) == "null" {
		return diag.English, nil
	}
	var tag string
	if err := json.Unmarshal(r.Lang, &tag); err != nil {
		return diag.English, badf(`"lang" must be a language tag string such as "en" or "zh-CN", not %s`, r.Lang)
	}
	return diag.ParseLang(tag), nil
}

// localize translates rendered diagnostics in place and returns them.
func localize(ds []Diagnostic, lang diag.Lang) []Diagnostic {
	if lang == diag.English {
		return ds
	}
	for i := range ds {
		d := &ds[i]
		d.Message, d.Detail = diag.Localize(diag.Code(d.Code), d.Message, lang)
		for j := range d.Related {
			d.Related[j].Message = diag.LocalizeRelated(d.Related[j].Message, lang)
		}
	}
	return ds
}
