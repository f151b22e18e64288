package api

import (
	"encoding/json"
	"strings"
	"testing"

	"bucketlab/core/templates"
)

// The buckets the page starts with (web/src/samples.ts): a policy's
// resources must name the bucket it is put on.
var templateBuckets = map[string]string{"s3": "examplebucket", "cos": "examplebucket-1250000000", "qingstor": "mybucket"}

// expectedWarnings are the warnings a template carries on purpose, by
// template id. None today: a public-read template is public on purpose, but
// the core warns only about public writes and listing, and the templates
// that allow listing restrict it (by IP). An entry here must say why.
var expectedWarnings = map[string][]string{}

// TestTemplatesCheck: every template reads without an error and without a
// warning beyond the expected ones, in its own format, also when put on the
// page's default bucket.
func TestTemplatesCheck(t *testing.T) {
	t.Parallel()
	list, err := templates.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range list {
		t.Run(tpl.ID, func(t *testing.T) {
			for _, bucket := range []string{"", templateBuckets[tpl.Provider]} {
				req, _ := json.Marshal(CheckRequest{Provider: tpl.Provider, Document: tpl.Document, Format: tpl.Format, Source: tpl.Source, Bucket: bucket})
				var resp struct {
					OK          bool
					Error       *ErrorBody
					Diagnostics []Diagnostic
					Value       CheckValue
				}
				if err := json.Unmarshal(Call("check", req), &resp); err != nil || !resp.OK {
					t.Fatalf("check: %v %+v", err, resp.Error)
				}
				var got []string
				for _, d := range resp.Diagnostics {
					got = append(got, d.Code)
					if d.Severity == "error" || !allowed(tpl.ID, d.Code) {
						t.Errorf("bucket %q: %d:%d %s %s: %s", bucket, d.Line, d.Column, d.Severity, d.Code, d.Message)
					}
				}
				if want := expectedWarnings[tpl.ID]; strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("bucket %q: diagnostics %v, expected %v (drop the allow-list entry if the core no longer warns)", bucket, got, want)
				}
				if resp.Value.Wire == nil {
					t.Errorf("no wire body")
				}
			}
		})
	}
}

func allowed(id, code string) bool {
	for _, c := range expectedWarnings[id] {
		if c == code {
			return true
		}
	}
	return false
}

func TestTemplatesIndex(t *testing.T) {
	t.Parallel()
	list, err := templates.All()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	count := map[string]int{}
	for _, tpl := range list {
		if ids[tpl.ID] {
			t.Errorf("duplicate id %s", tpl.ID)
		}
		ids[tpl.ID] = true
		count[tpl.Provider+"-"+tpl.Document]++
		if tpl.Title == "" || tpl.TitleZh == "" || tpl.Description == "" || tpl.DescriptionZh == "" || len(tpl.Tags) == 0 {
			t.Errorf("%s: title, description (en, zh) and tags are required", tpl.ID)
		}
		if !strings.HasSuffix(tpl.Source, "\n") {
			t.Errorf("%s: the file should end with a newline", tpl.ID)
		}
	}
	for _, p := range []string{"s3", "cos", "qingstor"} {
		for _, d := range []string{"cors", "policy", "acl"} {
			if count[p+"-"+d] < 3 {
				t.Errorf("%s %s: %d templates, want at least 3", p, d, count[p+"-"+d])
			}
		}
	}
	var resp struct {
		OK    bool
		Value struct{ Templates []templates.Template }
	}
	if json.Unmarshal(Call("templates", []byte(`{"provider":"cos","document":"cors"}`)), &resp); !resp.OK || len(resp.Value.Templates) < 3 {
		t.Errorf("templates op: %+v", resp)
	}
	for _, tpl := range resp.Value.Templates {
		if tpl.Provider != "cos" || tpl.Document != "cors" {
			t.Errorf("filter let %s through", tpl.ID)
		}
	}
	if json.Unmarshal(Call("templates", []byte(`{"provider":"gcs"}`)), &resp); resp.OK {
		t.Errorf("unknown provider accepted")
	}
}

func TestVocabulary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		req        string
		keys       []string
		principals []string
		perms      []string
	}{
		{`{"provider":"s3","document":"policy"}`, []string{"Statement", "Action", "NotPrincipal", "AWS", "Condition"}, []string{"*"}, nil},
		{`{"provider":"cos","document":"policy"}`, []string{"statement", "principal", "qcs", "condition"}, []string{"qcs::cam::anyone:anyone"}, nil},
		{`{"provider":"qingstor","document":"policy"}`, []string{"statement", "user", "id"}, []string{"*"}, nil},
		{`{"provider":"s3","document":"cors"}`, []string{"CORSConfiguration", "CORSRule", "AllowedOrigin", "ExposeHeader", "MaxAgeSeconds"}, nil, nil},
		{`{"provider":"s3","document":"cors","format":"json"}`, []string{"AllowedOrigins", "ExposeHeaders"}, nil, nil},
		{`{"provider":"cos","document":"cors"}`, []string{"ResponseVary", "AllowedHeader"}, nil, nil},
		{`{"provider":"qingstor","document":"cors"}`, []string{"cors_rules", "allowed_origin", "resp_vary"}, nil, nil},
		{`{"provider":"cos","document":"acl","format":"headers"}`, []string{"x-cos-acl", "x-cos-grant-read"}, nil, []string{"READ", "FULL_CONTROL"}},
		{`{"provider":"s3","document":"acl"}`, []string{"AccessControlPolicy", "Grantee", "URI", "Permission"}, nil, []string{"READ_ACP"}},
		{`{"provider":"qingstor","document":"acl"}`, []string{"acl", "grantee", "permission", "name"}, nil, []string{"WRITE"}},
	}
	for _, tc := range tests {
		var resp struct {
			OK    bool
			Error *ErrorBody
			Value VocabularyValue
		}
		if err := json.Unmarshal(Call("vocabulary", []byte(tc.req)), &resp); err != nil || !resp.OK {
			t.Fatalf("%s: %v %+v", tc.req, err, resp.Error)
		}
		has := func(list []Word, name string) bool {
			for _, w := range list {
				if w.Name == name {
					return true
				}
			}
			return false
		}
		for _, k := range tc.keys {
			if !has(resp.Value.Keys, k) {
				t.Errorf("%s: no key %q in %v", tc.req, k, resp.Value.Keys)
			}
		}
		for _, k := range tc.principals {
			if !has(resp.Value.Principals, k) {
				t.Errorf("%s: no principal %q in %v", tc.req, k, resp.Value.Principals)
			}
		}
		for _, k := range tc.perms {
			if !has(resp.Value.Permissions, k) {
				t.Errorf("%s: no permission %q in %v", tc.req, k, resp.Value.Permissions)
			}
		}
	}
	var resp struct{ OK bool }
	if json.Unmarshal(Call("vocabulary", []byte(`{"provider":"s3","document":"website"}`)), &resp); resp.OK {
		t.Errorf("unknown document accepted")
	}
}
