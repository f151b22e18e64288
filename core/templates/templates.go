// Package templates holds ready-made bucket documents for common jobs (a
// public static website, browser uploads with presigned URLs, an IP allow
// list, cross-account read, …), one per provider × document × format where
// the provider supports the idea, each with a title and description in
// English and Simplified Chinese.
//
// The documents are files in data/<provider>-<document>/<name>.<format>,
// listed in order in data/index.json; a test checks every one with the core
// and allows no error and no unexpected warning.
package templates

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"
)

//go:embed data
var files embed.FS

// Template is one ready-made document.
type Template struct {
	ID            string   `json:"id"` // <provider>-<document>-<name>
	Provider      string   `json:"provider"`
	Document      string   `json:"document"`
	Format        string   `json:"format"` // json, xml or headers
	Title         string   `json:"title"`
	TitleZh       string   `json:"titleZh"`
	Description   string   `json:"description"`
	DescriptionZh string   `json:"descriptionZh"`
	Tags          []string `json:"tags"`
	Source        string   `json:"source"`
}

// entry is one line of data/index.json; provider, document, format and id
// come from the file's path.
type entry struct {
	File          string   `json:"file"`
	Title         string   `json:"title"`
	TitleZh       string   `json:"titleZh"`
	Description   string   `json:"description"`
	DescriptionZh string   `json:"descriptionZh"`
	Tags          []string `json:"tags"`
}

var (
	loadOnce sync.Once
	all      []Template
	loadErr  error
)

func load() ([]Template, error) {
	raw, err := files.ReadFile("data/index.json")
	if err != nil {
		return nil, err
	}
	var entries []entry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("templates: data/index.json: %v", err)
	}
	out := make([]Template, 0, len(entries))
	for _, e := range entries {
		dir, file := path.Split(e.File)
		prov, doc, ok := strings.Cut(strings.TrimSuffix(dir, "/"), "-")
		ext := path.Ext(file)
		if !ok || ext == "" {
			return nil, fmt.Errorf("templates: %q is not <provider>-<document>/<name>.<format>", e.File)
		}
		src, err := files.ReadFile("data/" + e.File)
		if err != nil {
			return nil, fmt.Errorf("templates: %v", err)
		}
		out = append(out, Template{
			ID: prov + "-" + doc + "-" + strings.TrimSuffix(file, ext), Provider: prov, Document: doc,
			Format: ext[1:], Title: e.Title, TitleZh: e.TitleZh, Description: e.Description,
			DescriptionZh: e.DescriptionZh, Tags: e.Tags, Source: string(src),
		})
	}
	return out, nil
}

// All returns every template in the index's order. The data is embedded,
// so an error is a broken build, which the package's test catches.
func All() ([]Template, error) {
	loadOnce.Do(func() { all, loadErr = load() })
	return append([]Template(nil), all...), loadErr
}

// Filter returns the templates of a provider and document; "" matches any.
func Filter(provider, document string) ([]Template, error) {
	list, err := All()
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, t := range list {
		if (provider == "" || t.Provider == provider) && (document == "" || t.Document == document) {
			out = append(out, t)
		}
	}
	return out, nil
}
