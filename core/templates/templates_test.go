package templates

import "testing"

func TestFilter(t *testing.T) {
	t.Parallel()
	all, err := All()
	if err != nil || len(all) == 0 {
		t.Fatalf("All: %d, %v", len(all), err)
	}
	s3, _ := Filter("s3", "")
	policies, _ := Filter("", "policy")
	one, _ := Filter("qingstor", "acl")
	if len(s3) == 0 || len(policies) == 0 || len(one) == 0 || len(s3) >= len(all) {
		t.Errorf("Filter: s3 %d, policies %d, qingstor acl %d of %d", len(s3), len(policies), len(one), len(all))
	}
	for _, tpl := range one {
		if tpl.Provider != "qingstor" || tpl.Document != "acl" || tpl.Format != "json" {
			t.Errorf("%s: %s %s %s", tpl.ID, tpl.Provider, tpl.Document, tpl.Format)
		}
	}
	// Filtering does not disturb the list others hold.
	if again, _ := All(); len(again) != len(all) || again[0].ID != all[0].ID {
		t.Errorf("All changed after Filter")
	}
}
