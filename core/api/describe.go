package api

import (
	"sort"

	"bucketlab/core/provider"
)

// DescribeRequest is the request of the "describe" op. Both fields are
// optional: without them every provider and document is described.
type DescribeRequest struct {
	Provider string `json:"provider,omitempty"`
	Document string `json:"document,omitempty"`
}

// Catalogue is what the editor offers for one provider: completion, hover
// and form choices, all read from the provider table.
type Catalogue struct {
	Provider string            `json:"provider"`
	Name     string            `json:"name"`
	Formats  map[string]string `json:"formats"` // document → native format
	CORS     *CORSCatalogue    `json:"cors,omitempty"`
	Policy   *PolicyCatalogue  `json:"policy,omitempty"`
	ACL      *ACLCatalogue     `json:"acl,omitempty"`
}

// CORSCatalogue lists CORS choices and limits.
type CORSCatalogue struct {
	Methods      []string `json:"methods"`
	MaxRules     int      `json:"maxRules,omitempty"`
	SingleOrigin bool     `json:"singleOrigin"`
}

// PolicyCatalogue lists policy choices.
type PolicyCatalogue struct {
	Versions      []string         `json:"versions,omitempty"`
	Effects       []string         `json:"effects"`
	ActionPrefix  string           `json:"actionPrefix"`
	Actions       []CatalogueEntry `json:"actions"`
	Operators     []CatalogueEntry `json:"conditionOperators"`
	ConditionKeys []CatalogueEntry `json:"conditionKeys"`
	MaxBytes      int              `json:"maxBytes,omitempty"`
}

// ACLCatalogue lists ACL choices.
type ACLCatalogue struct {
	Permissions  []string `json:"permissions"`
	CannedACLs   []string `json:"cannedACLs,omitempty"`
	GranteeTypes []string `json:"granteeTypes"`
	Groups       []string `json:"groups,omitempty"`
	MaxGrants    int      `json:"maxGrants,omitempty"`
	HeaderPrefix string   `json:"headerPrefix,omitempty"`
}

// CatalogueEntry is one completion item with a short note for hover.
type CatalogueEntry struct {
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
}

func opDescribe(raw []byte) (result, error) {
	var req DescribeRequest
	if len(raw) > 0 {
		if err := decodeRequest(raw, &req); err != nil {
			return result{}, err
		}
	}
	var profiles []provider.Profile
	if req.Provider != "" {
		p, ok := provider.Get(provider.ID(req.Provider))
		if !ok {
			return result{}, badf("unknown provider %q; expected \"cos\", \"qingstor\" or \"s3\"", req.Provider)
		}
		profiles = []provider.Profile{p}
	} else {
		profiles = provider.All()
	}
	switch req.Document {
	case "", "cors", "policy", "acl":
	default:
		return result{}, badf("unknown document %q; expected \"cors\", \"policy\" or \"acl\"", req.Document)
	}
	want := func(d string) bool { return req.Document == "" || req.Document == d }
	out := make([]Catalogue, 0, len(profiles))
	for _, p := range profiles {
		c := Catalogue{Provider: string(p.ID), Name: p.Name, Formats: map[string]string{}}
		for d, f := range p.Native {
			c.Formats[string(d)] = string(f)
		}
		if want("cors") {
			c.CORS = &CORSCatalogue{Methods: p.CORS.Methods, MaxRules: p.CORS.MaxRules, SingleOrigin: p.CORS.SingleOrigin}
		}
		if want("policy") {
			pp := p.Policy
			pc := &PolicyCatalogue{Versions: pp.Versions, Effects: pp.Effects, ActionPrefix: pp.ActionPrefix, MaxBytes: pp.MaxBytes}
			for _, a := range pp.Actions {
				pc.Actions = append(pc.Actions, CatalogueEntry{Name: pp.ActionPrefix + a.Name, Detail: a.Access + " · " + a.Level})
			}
			for _, o := range pp.Operators {
				d := "values: " + o.Value
				if o.Negated {
					d += " · negated"
				}
				pc.Operators = append(pc.Operators, CatalogueEntry{Name: o.Name, Detail: d})
			}
			for _, k := range pp.ConditionKeys {
				pc.ConditionKeys = append(pc.ConditionKeys, CatalogueEntry{Name: k.Name})
			}
			c.Policy = pc
		}
		if want("acl") {
			ap := p.ACL
			ac := &ACLCatalogue{Permissions: ap.Permissions, CannedACLs: ap.Headers.CannedACLs, MaxGrants: ap.MaxGrants, HeaderPrefix: ap.Headers.Prefix}
			for _, g := range ap.GranteeTypes {
				ac.GranteeTypes = append(ac.GranteeTypes, g.Type)
			}
			for _, g := range ap.Groups {
				ac.Groups = append(ac.Groups, g.ID)
			}
			c.ACL = ac
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Provider < out[j].Provider })
	return result{value: map[string]any{"providers": out}}, nil
}
