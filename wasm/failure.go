package main

import "encoding/json"

// failure is a contract-shaped error answer for problems at the boundary
// itself (wrong argument types), before the core is reached.
func failure(code, msg string) []byte {
	b, _ := json.Marshal(map[string]any{
		"ok":          false,
		"error":       map[string]string{"code": code, "message": msg},
		"diagnostics": []any{},
	})
	return b
}
