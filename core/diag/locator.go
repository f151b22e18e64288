package diag

import "strings"

// Loc is where a model path was written: the key (or element name) and the
// value. For list elements and the document root Key is zero.
type Loc struct {
	Key, Value Span
}

// Locator maps model paths ("/rules/0/allowedMethods/1") to where the
// decoder found them, so one validator serves every wire format.
type Locator struct{ m map[string]Loc }

// NewLocator returns an empty locator.
func NewLocator() *Locator { return &Locator{m: map[string]Loc{}} }

// Set records where path was written.
func (l *Locator) Set(path string, key, value Span) { l.m[path] = Loc{Key: key, Value: value} }

// Lookup returns where path was written.
func (l *Locator) Lookup(path string) (Loc, bool) {
	loc, ok := l.m[path]
	return loc, ok
}

// Resolve gives every diagnostic without a span one: its path's value, or
// for a missing field the key of the nearest written ancestor (or the first
// byte of its value), so "allowedMethods is missing" points at the rule.
func (l *Locator) Resolve(diags List) {
	for i := range diags {
		d := &diags[i]
		if d.Span != (Span{}) || d.Path == "" {
			continue
		}
		if loc, ok := l.m[d.Path]; ok {
			d.Span = loc.Value
			continue
		}
		for p := parent(d.Path); ; p = parent(p) {
			if loc, ok := l.m[p]; ok {
				if loc.Key != (Span{}) {
					d.Span = loc.Key
				} else {
					d.Span = Span{Start: loc.Value.Start, End: min(loc.Value.Start+1, loc.Value.End)}
				}
				break
			}
			if p == "" {
				break
			}
		}
	}
}

func parent(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[:i]
	}
	return ""
}
