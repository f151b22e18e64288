package policy

import (
	"regexp"
	"testing"

	"bucketlab/core/provider"
)

// TestProfilesAreConsistent: the policy table in core/provider holds
// together — no duplicate actions, aliases that lead to real actions,
// levels and access levels from the known sets, compilable id formats
// whose examples they accept, and keys and operators that exist.
func TestProfilesAreConsistent(t *testing.T) {
	t.Parallel()
	levels := []string{provider.LevelBucket, provider.LevelObject, provider.LevelEither, provider.LevelNone}
	access := []string{provider.AccessRead, provider.AccessList, provider.AccessWrite, provider.AccessPermissions, provider.AccessTagging}
	values := []string{provider.ValueString, provider.ValueNumeric, provider.ValueDate, provider.ValueBool,
		provider.ValueIP, provider.ValueARN, provider.ValueBinary, provider.ValueNull}
	for _, p := range provider.All() {
		prof := p.Policy
		if prof.Keys.Statement == "" || prof.Keys.Effect == "" || prof.Keys.Action == "" || len(prof.Effects) != 2 {
			t.Errorf("%s: incomplete keys or effects", p.ID)
		}
		seen := map[string]bool{}
		for _, a := range prof.Actions {
			if seen[a.Name] {
				t.Errorf("%s: action %q listed twice", p.ID, a.Name)
			}
			seen[a.Name] = true
			if !contains(levels, a.Level) || !contains(access, a.Access) {
				t.Errorf("%s: action %q has level %q, access %q", p.ID, a.Name, a.Level, a.Access)
			}
		}
		cat := newCatalogue(prof)
		for from, to := range prof.ActionAliases {
			if _, ok := cat.lookup(to); !ok {
				t.Errorf("%s: alias %q leads to unknown action %q", p.ID, from, to)
			}
			if _, ok := cat.fold(from); ok {
				t.Errorf("%s: alias %q is itself an action", p.ID, from)
			}
		}
		for typ, f := range prof.PrincipalIDs {
			re, err := regexp.Compile(f.Pattern)
			if err != nil {
				t.Errorf("%s: principal format %q: %v", p.ID, typ, err)
				continue
			}
			if !re.MatchString(f.Example) {
				t.Errorf("%s: principal format %q refuses its own example %q", p.ID, typ, f.Example)
			}
			if typ != "" && !contains(prof.PrincipalTypes, typ) {
				t.Errorf("%s: format for undeclared principal type %q", p.ID, typ)
			}
		}
		var ops []string
		for _, o := range prof.Operators {
			if !contains(values, o.Value) {
				t.Errorf("%s: operator %q compares %q", p.ID, o.Name, o.Value)
			}
			ops = append(ops, o.Name)
		}
		for _, k := range prof.ConditionKeys {
			for _, o := range k.Operators {
				if !contains(ops, o) {
					t.Errorf("%s: key %q names unknown operator %q", p.ID, k.Name, o)
				}
			}
		}
		for _, r := range prof.RestrictingKeys {
			found := false
			for _, k := range prof.ConditionKeys {
				found = found || keyMatches(k.Name, r, true)
			}
			if !found {
				t.Errorf("%s: restricting key %q is not a known condition key", p.ID, r)
			}
		}
	}
}
