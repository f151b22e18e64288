package provider

import "testing"

func TestTableIsComplete(t *testing.T) {
	t.Parallel()
	all := All()
	if len(all) != 3 {
		t.Fatalf("%d providers", len(all))
	}
	for _, p := range all {
		if p.Name == "" || len(p.CORS.Methods) == 0 {
			t.Errorf("%s: incomplete profile %+v", p.ID, p)
		}
		for _, d := range []Document{CORS, Policy, ACL} {
			if p.Native[d] == "" {
				t.Errorf("%s: no native format for %s", p.ID, d)
			}
		}
	}
	// Get hands out copies: changing one does not change the table.
	p, _ := Get(QingStor)
	p.CORS.Methods[0] = "CHANGED"
	p.Native[CORS] = XML
	if q, _ := Get(QingStor); q.CORS.Methods[0] == "CHANGED" || q.Native[CORS] != JSON {
		t.Error("Get returned the table itself")
	}
	if _, ok := Get("gcs"); ok {
		t.Error("Get(gcs) succeeded")
	}
}
