package policy

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"bucketlab/core/provider"
)

// checkValue returns why val cannot be compared by op, or "".
func checkValue(op provider.PolicyOperator, val string, literal bool, prof provider.PolicyProfile) string {
	switch op.Value {
	case provider.ValueIP:
		if !validIP(val) {
			return fmt.Sprintf("%q is not an IP address or CIDR range; write e.g. \"192.0.2.0/24\" or \"2001:db8::/32\"", val)
		}
	case provider.ValueNumeric:
		if _, err := strconv.ParseFloat(val, 64); err != nil {
			return fmt.Sprintf("%q is not a number; %s compares numbers", val, op.Name)
		}
	case provider.ValueDate:
		if !validDate(val) {
			return fmt.Sprintf("%q is not a date; write ISO 8601 such as \"2026-01-01T00:00:00Z\" or seconds since 1970", val)
		}
	case provider.ValueBool:
		if !strings.EqualFold(val, "true") && !strings.EqualFold(val, "false") {
			return fmt.Sprintf("%q is not a boolean; write \"true\" or \"false\"", val)
		}
	case provider.ValueNull:
		switch {
		case prof.NullLiteral && !literal:
			if val == "true" || val == "false" {
				return fmt.Sprintf("%s takes a JSON boolean: write %s without quotes", op.Name, val)
			}
			return fmt.Sprintf("%s takes true or false (without quotes), not %q", op.Name, val)
		case !strings.EqualFold(val, "true") && !strings.EqualFold(val, "false"):
			return fmt.Sprintf("%s takes true (the key is absent) or false (present), not %q", op.Name, val)
		}
	case provider.ValueBinary:
		if _, err := base64.StdEncoding.DecodeString(val); err != nil {
			return fmt.Sprintf("%q is not base64; %s compares base64-encoded bytes", val, op.Name)
		}
	}
	return ""
}

func validIP(s string) bool {
	if strings.Contains(s, "/") {
		_, err := netip.ParsePrefix(s)
		return err == nil
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

func validDate(s string) bool {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return true
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
