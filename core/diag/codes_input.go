package diag

// Codes about the input as a whole that guard the playground itself: text a
// decoder had to replace, and answers cut to a readable length.
const (
	DocumentReplacementChar Code = "document-replacement-character"
	DiagnosticsTruncated    Code = "diagnostics-truncated"
)

func init() { register(inputCodes) }

var inputCodes = []CodeInfo{
	{DocumentReplacementChar, Warning, "U+FFFD where the text had invalid UTF-8 or half a surrogate pair; it would be sent as is"},
	{DiagnosticsTruncated, Info, "more problems than one answer lists; the first ones are shown"},
}
