package policy

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"bucketlab/core/provider"
)

// resource is what a resource string names.
type resource struct {
	// bucket identifies the bucket ("" when a wildcard leaves it open).
	bucket string
	// forBucket, forObject: the resource can match the bucket itself, an
	// object in it.
	forBucket, forObject bool
}

// resourceError is why a resource is refused, and the fix when there is
// an obvious one.
type resourceError struct {
	msg, fix string
}

func parseResource(r string, prof provider.PolicyProfile) (resource, *resourceError) {
	if strings.TrimSpace(r) == "" {
		return resource{}, &resourceError{msg: "the resource is empty; write " + resourceExample(prof)}
	}
	if strings.ContainsAny(r, " \t\r\n") && prof.Resource != provider.ResourceBucketPath {
		fixed := strings.Join(strings.Fields(r), "")
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q contains white space, which splits its segments; write %q", r, fixed), fix: fixed}
	}
	switch prof.Resource {
	case provider.ResourceARN:
		return parseARN(r)
	case provider.ResourceQCS:
		return parseQCS(r)
	case provider.ResourceBucketPath:
		return parseBucketPath(r)
	}
	return resource{forBucket: true, forObject: true}, nil
}

func resourceExample(prof provider.PolicyProfile) string {
	switch prof.Resource {
	case provider.ResourceARN:
		return `"arn:aws:s3:::<bucket>/*" for objects or "arn:aws:s3:::<bucket>" for the bucket`
	case provider.ResourceQCS:
		return `"qcs::cos:<region>:uid/<APPID>:<bucket>-<APPID>/*", e.g. "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"`
	}
	return `"<bucket>/*" for objects or "<bucket>" for the bucket, e.g. "mybucket/*"`
}

// S3 bucket names: 3–63 characters of letters, digits, '.', '-' and '_'
// (upper case and '_' only in legacy us-east-1 buckets, which the AWS docs'
// own DOC-EXAMPLE-BUCKET relies on).
var s3Bucket = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$`)

var s3Partitions = []string{"aws", "aws-cn", "aws-us-gov"}

// parseARN reads arn:<partition>:s3:::<bucket>[/<key>] (S3 user guide,
// "Amazon S3 resources"; RULES.md §2.2).
func parseARN(r string) (resource, *resourceError) {
	if r == "*" {
		return resource{}, &resourceError{msg: `resource "*" covers every resource, which a bucket policy may not; write "arn:aws:s3:::<bucket>/*" for objects or "arn:aws:s3:::<bucket>" for the bucket`}
	}
	if !strings.HasPrefix(r, "arn:") {
		fixed := "arn:aws:s3:::" + strings.TrimPrefix(r, "/")
		if strings.Contains(r, ":") {
			return resource{}, &resourceError{msg: fmt.Sprintf("resource %q is not an ARN; an S3 resource reads arn:aws:s3:::<bucket>/<key>", r)}
		}
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q is not an ARN; write %q", r, fixed), fix: fixed}
	}
	parts := strings.SplitN(r, ":", 6)
	if len(parts) < 6 {
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q is not a complete ARN; an S3 resource reads arn:aws:s3:::<bucket>/<key>", r)}
	}
	partition, service, region, account, rest := parts[1], parts[2], parts[3], parts[4], parts[5]
	if !contains(s3Partitions, partition) {
		return resource{}, &resourceError{msg: fmt.Sprintf("partition %q in %q is not one of %s", partition, r, quoteList(s3Partitions))}
	}
	if service != "s3" {
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q is not an S3 ARN (service %q); a bucket policy covers its bucket: arn:aws:s3:::<bucket>/…", r, service)}
	}
	if region != "" || account != "" {
		fixed := "arn:" + partition + ":s3:::" + rest
		return resource{}, &resourceError{msg: fmt.Sprintf("an S3 bucket or object ARN has no region or account; write %q", fixed), fix: fixed}
	}
	if strings.HasPrefix(rest, "/") {
		fixed := "arn:" + partition + ":s3:::" + strings.TrimLeft(rest, "/")
		return resource{}, &resourceError{msg: fmt.Sprintf("the bucket name in %q starts with '/'; write %q", r, fixed), fix: fixed}
	}
	bucket, _, hasKey := strings.Cut(rest, "/")
	wild := strings.ContainsAny(bucket, "*?")
	switch {
	case bucket == "":
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q names no bucket; write arn:aws:s3:::<bucket>/<key>", r)}
	case !wild && !s3Bucket.MatchString(bucket):
		return resource{}, &resourceError{msg: fmt.Sprintf("%q in %q is not a bucket name: 3–63 letters, digits, '.' and '-'", bucket, r)}
	}
	res := resource{forObject: hasKey || wild, forBucket: !hasKey}
	if !wild {
		res.bucket = partition + ":" + bucket
	}
	return res, nil
}

var (
	cosRegion = regexp.MustCompile(`^[a-z]+(-[a-z]+)+(-[0-9]+)?$`)
	cosBucket = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?-([0-9]+)$`)
)

// parseQCS reads qcs::cos:<region>:uid/<APPID>:<bucket>-<APPID>/<path>, the
// region-wide qcs::cos:<region>:uid/<APPID>:*, or "*" (COS "Access policy
// language overview"; "Working with COS API authorization policies").
func parseQCS(r string) (resource, *resourceError) {
	if r == "*" {
		return resource{forBucket: true, forObject: true}, nil
	}
	form := "qcs::cos:<region>:uid/<APPID>:<bucket>-<APPID>/<path>"
	parts := strings.SplitN(r, ":", 6)
	if len(parts) < 6 || parts[0] != "qcs" {
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q is not a COS resource; write %s", r, form)}
	}
	project, service, region, account, rest := parts[1], parts[2], parts[3], parts[4], parts[5]
	if service != "cos" {
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q is not a COS resource (service %q); write %s", r, service, form)}
	}
	if project != "" {
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q has a project segment %q; COS resources leave it empty: %s", r, project, form)}
	}
	if !cosRegion.MatchString(region) {
		return resource{}, &resourceError{msg: fmt.Sprintf("%q in %q is not a COS region such as \"ap-guangzhou\"", region, r)}
	}
	appid, ok := strings.CutPrefix(account, "uid/")
	if !ok || appid == "" || strings.Trim(appid, "0123456789") != "" {
		if uin, isUin := strings.CutPrefix(account, "uin/"); isUin {
			fixed := strings.Replace(r, ":uin/"+uin+":", ":uid/"+uin+":", 1)
			return resource{}, &resourceError{msg: fmt.Sprintf("COS resources name the owner by APPID as \"uid/<APPID>\", not %q; write %q if %s is the APPID", account, fixed, uin), fix: fixed}
		}
		return resource{}, &resourceError{msg: fmt.Sprintf("%q in %q must be \"uid/<APPID>\", e.g. \"uid/1250000000\"", account, r)}
	}
	if rest == "*" {
		return resource{forBucket: true, forObject: true}, nil
	}
	if strings.HasPrefix(rest, "prefix//") {
		return resource{}, &resourceError{msg: fmt.Sprintf("%q is the old prefix// form; write %s", r, form)}
	}
	bucketPart, key, hasKey := strings.Cut(rest, "/")
	if host, _, isDomain := strings.Cut(bucketPart, "."); isDomain {
		fixed := strings.Replace(r, ":"+bucketPart, ":"+host, 1)
		return resource{}, &resourceError{msg: fmt.Sprintf("the resource names the bucket by its domain %q; write the bucket as \"<bucket>-<APPID>\": %q", bucketPart, fixed), fix: fixed}
	}
	if strings.ContainsAny(bucketPart, "*?") {
		return resource{forBucket: true, forObject: true}, nil
	}
	m := cosBucket.FindStringSubmatch(bucketPart)
	switch {
	case m == nil:
		fixed := strings.Replace(r, ":"+bucketPart, ":"+bucketPart+"-"+appid, 1)
		return resource{}, &resourceError{msg: fmt.Sprintf("bucket %q lacks its APPID suffix; COS buckets are named \"<bucket>-<APPID>\": %q", bucketPart, fixed), fix: fixed}
	case m[2] != appid:
		return resource{}, &resourceError{msg: fmt.Sprintf("bucket %q belongs to APPID %s, but the resource says uid/%s; the two must be the same APPID", bucketPart, m[2], appid)}
	}
	res := resource{bucket: region + ":" + bucketPart}
	switch {
	case !hasKey || key == "":
		res.forBucket = true
	case key == "*":
		res.forBucket, res.forObject = true, true
	default:
		res.forObject = true
	}
	return res, nil
}

// QingStor bucket names: 6–63 characters of lower-case letters, digits and
// '-', starting and ending with a letter or digit (QingStor API docs).
var qsBucket = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]$`)

// parseBucketPath reads QingStor's <bucket> or <bucket>/<key pattern>
// (put_policy.md: bucket actions take the bucket name, object actions
// "bucketname/"-prefixed patterns).
func parseBucketPath(r string) (resource, *resourceError) {
	if strings.Contains(r, ":") {
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q looks like an ARN; QingStor resources are \"<bucket>/<key pattern>\", such as \"mybucket/*\"", r)}
	}
	if strings.HasPrefix(r, "/") {
		fixed := strings.TrimLeft(r, "/")
		return resource{}, &resourceError{msg: fmt.Sprintf("resource %q starts with '/'; write %q", r, fixed), fix: fixed}
	}
	bucket, _, hasKey := strings.Cut(r, "/")
	if strings.ContainsAny(bucket, "*?") {
		return resource{}, &resourceError{msg: fmt.Sprintf("the bucket part of %q cannot be a wildcard; write the bucket's name, e.g. \"mybucket/*\"", r)}
	}
	if !qsBucket.MatchString(bucket) {
		return resource{}, &resourceError{msg: fmt.Sprintf("%q in %q is not a QingStor bucket name: 6–63 lower-case letters, digits and '-'", bucket, r)}
	}
	return resource{bucket: bucket, forBucket: !hasKey, forObject: hasKey}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) (string, bool) {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x, true
		}
	}
	return "", false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// quoteOr renders ["a","b","c"] as `"a", "b" or "c"`.
func quoteOr(list []string) string {
	if len(list) <= 1 {
		return quoteList(list)
	}
	return quoteList(list[:len(list)-1]) + " or " + strconv.Quote(list[len(list)-1])
}
