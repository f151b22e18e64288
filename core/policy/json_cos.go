package policy

import (
	"encoding/json"
	"fmt"
	"strconv"

	"bucketlab/core/diag"
	"bucketlab/core/syntax/jsonsyn"
)

// COS's PUT Bucket policy body is CAM JSON (RULES.md §3.2):
// {"version":"2.0","principal":{"qcs":[…]},"statement":[{"principal",
// "effect","action","resource","condition","sid"}]}. The service reads
// the keys lower-case or capitalised; the Go SDK always sends lower-case.

// DecodeCOS reads a COS bucket policy.
func DecodeCOS(root *jsonsyn.Node) (*Policy, *diag.Locator, diag.List) {
	return Decode(root, cosProfile)
}

// cosStatement and cosPolicy mirror cos-go-sdk-v5 v0.7.75 bucket_policy.go
// (BucketStatement, BucketPutPolicyOptions) field for field — json tags,
// order and omitempty — so that encoding/json produces the bytes its
// PutPolicy sends (json.Marshal: compact, HTML characters escaped, map
// keys sorted). One difference: the SDK types the principal as
// map[string][]string and so cannot send the bare "*" that CAM accepts;
// here the principal is written as "*" when the model says so.
type cosStatement struct {
	Principal any                       `json:"principal,omitempty"`
	Action    []string                  `json:"action,omitempty"`
	Effect    string                    `json:"effect,omitempty"`
	Resource  []string                  `json:"resource,omitempty"`
	Condition map[string]map[string]any `json:"condition,omitempty"`
	Sid       string                    `json:"sid,omitempty"`
}

type cosPolicy struct {
	Statement []cosStatement `json:"statement,omitempty"`
	Version   string         `json:"version,omitempty"`
	Principal any            `json:"principal,omitempty"`
}

// EncodeCOS returns the exact body cos-go-sdk-v5's Bucket.PutPolicy sends
// for p. The model must be one COS can hold (no Not… elements).
func EncodeCOS(p Policy) ([]byte, error) {
	out := cosPolicy{Version: p.Version, Principal: cosPrincipal(p.Principal)}
	for i, s := range p.Statements {
		if s.NotPrincipal != nil || s.NotActions != nil || s.NotResources != nil {
			return nil, fmt.Errorf("statement %d: COS has no NotPrincipal, NotAction or NotResource", i)
		}
		cs := cosStatement{
			Principal: cosPrincipal(s.Principal),
			Action:    s.Actions,
			Effect:    s.Effect,
			Resource:  s.Resources,
			Sid:       s.Sid,
		}
		if len(s.Conditions) > 0 {
			cs.Condition = map[string]map[string]any{}
			for _, c := range s.Conditions {
				keys := cs.Condition[c.Operator]
				if keys == nil {
					keys = map[string]any{}
					cs.Condition[c.Operator] = keys
				}
				for _, k := range c.Keys {
					keys[k.Key] = conditionValue(k)
				}
			}
		}
		out.Statement = append(out.Statement, cs)
	}
	return json.Marshal(out)
}

// cosPrincipal is the value the SDK's map[string][]string holds: nil when
// there is no principal (omitted), "*" for the bare wildcard.
func cosPrincipal(p *Principal) any {
	if p == nil {
		return nil
	}
	if p.Any {
		return "*"
	}
	if len(p.Groups) == 0 {
		return nil // an empty map, which omitempty drops
	}
	m := map[string][]string{}
	for _, g := range p.Groups {
		m[g.Type] = append(m[g.Type], g.IDs...)
	}
	return m
}

// conditionValue is what a caller of the SDK puts in its
// map[string]interface{}: a string, a boolean or number, or a list.
func conditionValue(k ConditionKey) any {
	one := func(v string) any {
		if !k.Literal {
			return v
		}
		if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
			return b
		}
		return json.Number(v)
	}
	if k.Single && len(k.Values) == 1 {
		return one(k.Values[0])
	}
	list := make([]any, len(k.Values))
	for i, v := range k.Values {
		list[i] = one(v)
	}
	return list
}
