// Package cors is the provider-neutral model of a bucket's CORS
// configuration, its validation against each provider's rules, and its
// wire codecs. Validators see only the model and report against model
// paths; codecs record where each path was written.
package cors

// Config is a bucket CORS configuration.
type Config struct {
	Rules []Rule `json:"rules"`
	// RespVary is QingStor's resp_vary as written ("" when absent).
	RespVary string `json:"respVary,omitempty"`
	// ResponseVary is COS's <ResponseVary> (nil when absent): true makes
	// the service answer with "Vary: Origin".
	ResponseVary *bool `json:"responseVary,omitempty"`
}

// Rule is one CORS rule. Paths: /rules/N/allowedOrigins/M and so on.
type Rule struct {
	ID             string   `json:"id,omitempty"`
	AllowedOrigins []string `json:"allowedOrigins"`
	AllowedMethods []string `json:"allowedMethods"`
	AllowedHeaders []string `json:"allowedHeaders,omitempty"`
	ExposeHeaders  []string `json:"exposeHeaders,omitempty"`
	MaxAgeSeconds  *int64   `json:"maxAgeSeconds,omitempty"`
}
