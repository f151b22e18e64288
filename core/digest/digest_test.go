package digest

import "testing"

// RFC 1321 appendix A.5 publishes MD5 vectors in hex ("" = d41d8cd9…,
// "abc" = 90015098…, "message digest" = f96b697d…); these are them in base64.
func TestContentMD5(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "1B2M2Y8AsgTpgAmY7PhCfg=="},
		{"abc", "kAFQmDzST7DWlj99KOF/cg=="},
		{"message digest", "+WtpfXy3k41SWi8xqvFh0A=="},
	}
	for _, tc := range tests {
		if got := ContentMD5([]byte(tc.in)); got != tc.want {
			t.Errorf("ContentMD5(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := SHA256Hex(nil); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("SHA256Hex(nil) = %s", got)
	}
}
