package api

import (
	"fmt"
	"regexp"
	"strings"

	"bucketlab/core/provider"
)

// endpoint is where a request goes and how the bucket is addressed.
type endpoint struct {
	scheme string
	host   string
	path   string // decoded, starts with "/"
	// vhostBucket is set for QingStor virtual-host requests: its signature
	// puts the bucket in the canonicalized resource.
	vhostBucket string
}

var (
	// QingStor: 6–63 lower-case letters, digits and '-', starting and ending
	// with a letter or digit.
	qsBucket = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]$`)
	// COS: <name>-<appid>, the name of lower-case letters, digits and '-',
	// the APPID digits; at most 50 characters in all.
	cosBucket = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*-[0-9]{5,}$`)
	// S3: 3–63 lower-case letters, digits, '.' and '-', starting and ending
	// with a letter or digit.
	s3Bucket   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	regionName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

// address resolves bucket, region and an optional endpoint for a provider.
// key is the object key ("" for bucket sub-resources such as ?cors).
func address(p provider.ID, bucket, region, ep, key string, pathStyle bool) (endpoint, error) {
	var out endpoint
	out.scheme = "https"
	custom := ""
	if ep != "" {
		s, h, err := splitEndpoint(ep)
		if err != nil {
			return out, err
		}
		out.scheme, custom = s, h
	}
	if region == "" || !regionName.MatchString(region) {
		return out, fmt.Errorf("region %q is not a region name; write e.g. %s", region, map[provider.ID]string{provider.COS: "ap-guangzhou", provider.QingStor: "pek3a", provider.S3: "us-east-1"}[p])
	}
	objectPath := "/" + key
	switch p {
	case provider.QingStor:
		if !qsBucket.MatchString(bucket) {
			return out, fmt.Errorf("bucket %q is not a QingStor bucket name: 6–63 lower-case letters, digits and '-', starting and ending with a letter or digit", bucket)
		}
		domain := "qingstor.com"
		if custom != "" {
			domain = custom
		}
		out.host, out.path, out.vhostBucket = bucket+"."+region+"."+domain, objectPath, bucket
	case provider.COS:
		if !cosBucket.MatchString(bucket) || len(bucket) > 50 {
			return out, fmt.Errorf("bucket %q is not a COS bucket name: write <name>-<APPID>, e.g. examplebucket-1250000000 (at most 50 characters)", bucket)
		}
		domain := "cos." + region + ".myqcloud.com"
		if custom != "" {
			domain = custom
		}
		out.host, out.path = bucket+"."+domain, objectPath
	case provider.S3:
		if !s3Bucket.MatchString(bucket) || strings.Contains(bucket, "..") {
			return out, fmt.Errorf("bucket %q is not an S3 bucket name: 3–63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit", bucket)
		}
		domain := "s3." + region + ".amazonaws.com"
		if custom != "" {
			domain = custom
		}
		// Virtual-hosted style, as the SDKs send it, unless asked for path
		// style (S3-compatible stores) or the bucket has dots (TLS names).
		if pathStyle || strings.Contains(bucket, ".") {
			out.host, out.path = domain, "/"+bucket+objectPath
			if key == "" {
				out.path = "/" + bucket
			}
		} else {
			out.host, out.path = bucket+"."+domain, objectPath
		}
	default:
		return out, fmt.Errorf("unknown provider %q", p)
	}
	return out, nil
}

// splitEndpoint reads "https://host[:port]" or a bare host.
func splitEndpoint(ep string) (scheme, host string, err error) {
	scheme = "https"
	if i := strings.Index(ep, "://"); i >= 0 {
		scheme, ep = strings.ToLower(ep[:i]), ep[i+3:]
		if scheme != "https" && scheme != "http" {
			return "", "", fmt.Errorf("endpoint scheme %q must be http or https", scheme)
		}
	}
	ep = strings.TrimSuffix(ep, "/")
	if ep == "" || strings.ContainsAny(ep, "/?#@ \t\r\n") {
		return "", "", fmt.Errorf("endpoint %q must be a host name such as s3.example.com:9000, without a path", ep)
	}
	return scheme, ep, nil
}
