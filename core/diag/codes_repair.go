package diag

// Codes of the slips that documentation examples carry when pasted: the
// JSON reader reads past each of them as if it were repaired and offers the
// repair as the diagnostic's Suggestion, so one "repair all" fixes a paste.
const (
	JSONComment       Code = "json-comment"
	JSONTrailingComma Code = "json-trailing-comma"
	JSONSmartQuotes   Code = "json-smart-quotes"
	JSONSingleQuotes  Code = "json-single-quotes"
	JSONUnquotedKey   Code = "json-unquoted-key"
	JSONFullwidth     Code = "json-fullwidth-punctuation"
)

func init() { register(repairCodes) }

var repairCodes = []CodeInfo{
	{JSONComment, Error, "a // or /* */ comment, which JSON does not allow (remove it)"},
	{JSONTrailingComma, Error, "a comma after the last member or element (remove it)"},
	{JSONSmartQuotes, Error, "typographic quotes (“ ” ‘ ’) where JSON needs straight double quotes"},
	{JSONSingleQuotes, Error, "a string in single quotes where JSON needs double quotes"},
	{JSONUnquotedKey, Error, "a key without quotes, as in JavaScript; JSON keys are strings"},
	{JSONFullwidth, Error, "a fullwidth ':' or ',' typed with a Chinese input method"},
}
