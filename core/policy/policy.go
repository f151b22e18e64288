// Package policy is the provider-neutral model of a bucket policy, its
// validation against each provider's rules, and its wire codecs (S3 IAM
// JSON, COS CAM JSON, QingStor JSON). Validators see only the model and
// report against model paths such as /statements/0/actions/2; codecs
// record where each path was written.
package policy

// Policy is a bucket policy.
type Policy struct {
	// Version as written ("" when absent).
	Version string `json:"version,omitempty"`
	// ID is S3's policy "Id".
	ID string `json:"id,omitempty"`
	// Principal is COS's policy-level principal, which applies to every
	// statement that names none.
	Principal *Principal `json:"principal,omitempty"`
	// Statements is nil when the element is absent and empty when it is [].
	Statements []Statement `json:"statements"`

	// reported holds the paths whose value the decoder already reported
	// as unreadable (a wrong JSON type), so that validation does not also
	// call them missing.
	reported map[string]bool
}

// Statement is one statement. Paths: /statements/N/…
type Statement struct {
	// Sid is S3's "Sid", COS's "sid" and QingStor's "id".
	Sid    string `json:"sid,omitempty"`
	Effect string `json:"effect"`
	// Principal is S3's "Principal", COS's "principal", QingStor's "user".
	Principal    *Principal `json:"principal,omitempty"`
	NotPrincipal *Principal `json:"notPrincipal,omitempty"`
	// Actions and Resources are as written, a lone string being a list of
	// one. nil when absent.
	Actions      []string    `json:"actions,omitempty"`
	NotActions   []string    `json:"notActions,omitempty"`
	Resources    []string    `json:"resources,omitempty"`
	NotResources []string    `json:"notResources,omitempty"`
	Conditions   []Condition `json:"conditions,omitempty"`
}

// Principal is who a statement applies to: the bare "*" (Any), or ids
// grouped by type ("AWS", "Service", "qcs"). QingStor's plain list of user
// ids is one group with an empty type. Paths: …/principal/groups/N/ids/M.
type Principal struct {
	Any    bool             `json:"any,omitempty"`
	Groups []PrincipalGroup `json:"groups,omitempty"`
}

// PrincipalGroup is the ids under one principal type.
type PrincipalGroup struct {
	Type string   `json:"type,omitempty"`
	IDs  []string `json:"ids"`
}

// Condition is one operator block: operator → keys → values.
// Paths: …/conditions/N/operator (the operator's name),
// …/conditions/N/keys/M/key and …/conditions/N/keys/M/values/K.
type Condition struct {
	Operator string         `json:"operator"`
	Keys     []ConditionKey `json:"keys"`
}

// ConditionKey is one key of an operator block and its values.
type ConditionKey struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
	// Single: written as one bare value rather than a list.
	Single bool `json:"single,omitempty"`
	// Literal: the values are JSON numbers or booleans, kept as written
	// ("true", "5"), not strings.
	Literal bool `json:"literal,omitempty"`
}

// markReported records that path's value was unreadable.
func (p *Policy) markReported(path string) {
	if p.reported == nil {
		p.reported = map[string]bool{}
	}
	p.reported[path] = true
}

// principals returns the statement's principal and whether it is the
// NotPrincipal form; nil when it names none.
func (s *Statement) principals() (*Principal, bool) {
	if s.Principal != nil {
		return s.Principal, false
	}
	return s.NotPrincipal, s.NotPrincipal != nil
}
