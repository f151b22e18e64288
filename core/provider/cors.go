package provider

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

func corsProfile(id ID) CORSProfile {
	switch id {
	case COS:
		return CORSProfile{Methods: []string{"PUT", "GET", "POST", "DELETE", "HEAD"}, MaxRules: 100}
	case QingStor:
		// RULES.md §4.1: methods from the API spec enum plus "*" (documented),
		// one allowed_origin string per rule, resp_vary, no documented limit.
		return CORSProfile{Methods: []string{"GET", "PUT", "POST", "DELETE", "HEAD", "*"}, SingleOrigin: true, RespVary: true}
	case S3:
		return CORSProfile{Methods: []string{"GET", "PUT", "HEAD", "POST", "DELETE"}, MaxRules: 100}
	}
	return CORSProfile{}
}
