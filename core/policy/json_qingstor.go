package policy

import (
	"encoding/json"
	"fmt"
	"strconv"

	"bucketlab/core/diag"
	"bucketlab/core/syntax/jsonsyn"
)

// QingStor's PUT Bucket policy body (RULES.md §4.2):
// {"statement":[{"id","user","action","effect","resource","condition"}]}.
// The docs let user, action and resource be a string or a list and
// condition values a string or a list; the Go SDK types them as lists.

// DecodeQingStor reads a QingStor bucket policy.
func DecodeQingStor(root *jsonsyn.Node) (*Policy, *diag.Locator, diag.List) {
	return Decode(root, qingstorProfile)
}

// qsStatement, qsCondition and the operator types mirror the QingStor Go
// SDK v4.4.1 service/types.go (StatementType, ConditionType, IPAddressType,
// NotIPAddressType, StringLikeType, StringNotLikeType, IsNullType) field
// for field — json tags, order and omitempty. The SDK's request builder
// marshals the "elements" of PutBucketPolicyInput as a map with
// encoding/json.Marshal: {"statement":[…]}, compact, HTML escaped.
type qsStatement struct {
	Action    []string     `json:"action"`
	Condition *qsCondition `json:"condition,omitempty"`
	Effect    string       `json:"effect"`
	ID        string       `json:"id"`
	Resource  []string     `json:"resource,omitempty"`
	User      []string     `json:"user"`
}

type qsCondition struct {
	IPAddress     *qsSourceIP `json:"ip_address,omitempty"`
	IsNull        *qsIsNull   `json:"is_null,omitempty"`
	NotIPAddress  *qsSourceIP `json:"not_ip_address,omitempty"`
	StringLike    *qsReferer  `json:"string_like,omitempty"`
	StringNotLike *qsReferer  `json:"string_not_like,omitempty"`
}

type qsSourceIP struct {
	SourceIP []string `json:"source_ip,omitempty"`
}

type qsIsNull struct {
	Referer *bool `json:"Referer,omitempty"`
}

type qsReferer struct {
	Referer []string `json:"Referer,omitempty"`
}

// EncodeQingStor returns the exact body the QingStor Go SDK sends for p:
// lone strings become lists, as the SDK's types require. The model must be
// one the SDK can hold (checked: Validate reports the rest as errors).
func EncodeQingStor(p Policy) ([]byte, error) {
	stmts := make([]qsStatement, len(p.Statements))
	for i, s := range p.Statements {
		if s.NotPrincipal != nil || s.NotActions != nil || s.NotResources != nil {
			return nil, fmt.Errorf("statement %d: QingStor has no NotPrincipal, NotAction or NotResource", i)
		}
		q := qsStatement{Action: s.Actions, Effect: s.Effect, ID: s.Sid, Resource: s.Resources}
		if s.Principal != nil {
			if s.Principal.Any {
				q.User = []string{"*"}
			}
			for _, g := range s.Principal.Groups {
				q.User = append(q.User, g.IDs...)
			}
		}
		if s.Conditions != nil {
			c, err := qsConditions(s.Conditions)
			if err != nil {
				return nil, fmt.Errorf("statement %d: %w", i, err)
			}
			q.Condition = c
		}
		stmts[i] = q
	}
	if p.Statements == nil {
		stmts = nil
	}
	return json.Marshal(map[string]any{"statement": stmts})
}

func qsConditions(cs []Condition) (*qsCondition, error) {
	out := &qsCondition{}
	for _, c := range cs {
		for _, k := range c.Keys {
			switch {
			case c.Operator == "ip_address" && k.Key == "source_ip":
				out.IPAddress = &qsSourceIP{SourceIP: append(sourceIPs(out.IPAddress), k.Values...)}
			case c.Operator == "not_ip_address" && k.Key == "source_ip":
				out.NotIPAddress = &qsSourceIP{SourceIP: append(sourceIPs(out.NotIPAddress), k.Values...)}
			case c.Operator == "string_like" && k.Key == "Referer":
				out.StringLike = &qsReferer{Referer: append(referers(out.StringLike), k.Values...)}
			case c.Operator == "string_not_like" && k.Key == "Referer":
				out.StringNotLike = &qsReferer{Referer: append(referers(out.StringNotLike), k.Values...)}
			case c.Operator == "is_null" && k.Key == "Referer" && len(k.Values) == 1:
				v, err := strconv.ParseBool(k.Values[0])
				if err != nil {
					return nil, fmt.Errorf("is_null takes true or false, not %q", k.Values[0])
				}
				out.IsNull = &qsIsNull{Referer: &v}
			default:
				return nil, fmt.Errorf("the QingStor SDK cannot carry %q under %q", k.Key, c.Operator)
			}
		}
	}
	return out, nil
}

func sourceIPs(s *qsSourceIP) []string {
	if s == nil {
		return nil
	}
	return s.SourceIP
}

func referers(r *qsReferer) []string {
	if r == nil {
		return nil
	}
	return r.Referer
}
