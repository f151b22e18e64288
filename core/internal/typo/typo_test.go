package typo

import "testing"

func TestClosest(t *testing.T) {
	t.Parallel()
	names := []string{"allowed_origin", "allowed_methods", "allowed_headers", "expose_headers", "max_age_seconds"}
	tests := []struct{ in, want string }{
		{"allowed_method", "allowed_methods"},
		{"AllowedOrigin", "allowed_origin"},
		{"alowed_headers", "allowed_headers"},
		{"max_age", ""},
		{"colour", ""},
		{"exopse_headers", "expose_headers"},
	}
	for _, tc := range tests {
		if got := Closest(tc.in, names); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
