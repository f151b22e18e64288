package api

import (
	"encoding/json"
	"testing"
)

func TestDescribe(t *testing.T) {
	t.Parallel()
	var resp struct {
		OK    bool
		Error *ErrorBody
		Value struct{ Providers []Catalogue }
	}
	if err := json.Unmarshal(Call("describe", []byte(`{}`)), &resp); err != nil || !resp.OK {
		t.Fatalf("describe: %v %+v", err, resp.Error)
	}
	if len(resp.Value.Providers) != 3 {
		t.Fatalf("%d providers", len(resp.Value.Providers))
	}
	for _, c := range resp.Value.Providers {
		if c.CORS == nil || len(c.CORS.Methods) == 0 || c.Policy == nil || len(c.Policy.Effects) == 0 ||
			c.ACL == nil || len(c.ACL.Permissions) == 0 || c.Formats["cors"] == "" {
			t.Errorf("%s: incomplete catalogue %+v", c.Provider, c)
		}
		if c.Provider == "s3" && (len(c.Policy.Actions) < 100 || c.Policy.Actions[0].Name[:3] != "s3:" || len(c.Policy.Operators) == 0) {
			t.Errorf("s3 policy catalogue: %d actions, %d operators", len(c.Policy.Actions), len(c.Policy.Operators))
		}
	}
	resp.Value.Providers = nil
	if err := json.Unmarshal(Call("describe", []byte(`{"provider":"cos","document":"acl"}`)), &resp); err != nil || len(resp.Value.Providers) != 1 || resp.Value.Providers[0].CORS != nil {
		t.Errorf("filtered describe: %+v", resp.Value)
	}
	if json.Unmarshal(Call("describe", []byte(`{"provider":"gcs"}`)), &resp); resp.OK || resp.Error.Code != "bad-request" {
		t.Errorf("unknown provider: %+v", resp)
	}
}
