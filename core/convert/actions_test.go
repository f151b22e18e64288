package convert

import (
	"testing"

	"bucketlab/core/provider"
)

// TestActionTable: every action of the mapping table is one its provider's
// catalogue (core/provider) defines, once; every request it names is
// granted by an action of at least one other provider, but for the few
// listed only so that a wildcard writes them. It logs the coverage of each
// catalogue, for the report.
func TestActionTable(t *testing.T) {
	grantedBy := map[string]map[provider.ID]bool{}
	for _, p := range provider.All() {
		seen := map[string]bool{}
		for _, e := range actionTable[p.ID] {
			if seen[e.name] {
				t.Errorf("%s: %q listed twice", p.ID, e.name)
			}
			seen[e.name] = true
			if level(p, e.name) == "" {
				t.Errorf("%s: %q is not in the provider's catalogue", p.ID, e.name)
			}
			if len(e.ops) == 0 {
				t.Errorf("%s: %q grants no request", p.ID, e.name)
			}
			for _, op := range e.ops {
				if grantedBy[op] == nil {
					grantedBy[op] = map[provider.ID]bool{}
				}
				grantedBy[op][p.ID] = true
			}
		}
		mapped, applicable := 0, 0
		for _, a := range p.Policy.Actions {
			if a.Level == provider.LevelNone && p.ID != provider.COS {
				continue
			}
			applicable++
			if seen[a.Name] {
				mapped++
			}
		}
		t.Logf("%s: %d of %d bucket and object actions of the catalogue are mapped", p.ID, mapped, applicable)
	}
	// Listed so the all-actions wildcard writes them and messages name
	// them, though no other provider has them.
	oneProvider := map[string]bool{opAppendObject: true, opGetBucketStats: true, opOptionsObject: true}
	for op, by := range grantedBy {
		if len(by) < 2 && !oneProvider[op] {
			t.Errorf("request %q is granted by one provider only (%v); it maps nowhere", op, by)
		}
	}
}
