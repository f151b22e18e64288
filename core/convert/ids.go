package convert

import (
	"regexp"
	"strings"
	"sync"

	"bucketlab/core/provider"
)

// Account and user ids do not translate between providers: an AWS account,
// a Tencent Cloud uin and a QingCloud user are different people to each
// service. The user gives the counterparts (Options.IDs); within one
// provider ids only change spelling (COS's CAM id and its header form).

var (
	cosShortID = regexp.MustCompile(`^([0-9]+)(?:/([0-9]+))?$`)
	cosLongID  = regexp.MustCompile(`^qcs::cam::uin/([0-9]+):uin/([0-9]+)$`)
	awsRootARN = regexp.MustCompile(`^arn:aws(?:-cn|-us-gov)?:iam::([0-9]{12}):root$`)
)

// cosLong writes a COS account as its CAM id: "A" → qcs::cam::uin/A:uin/A,
// "A/B" → qcs::cam::uin/A:uin/B; anything else is returned as it is.
func cosLong(id string) string {
	m := cosShortID.FindStringSubmatch(id)
	if m == nil {
		return id
	}
	sub := m[2]
	if sub == "" {
		sub = m[1]
	}
	return "qcs::cam::uin/" + m[1] + ":uin/" + sub
}

// cosShort writes a CAM id as the grant headers' id: "A" for a root
// account, "A/B" for a sub-account (COS "PUT Bucket acl").
func cosShort(id string) string {
	m := cosLongID.FindStringSubmatch(id)
	if m == nil {
		return id
	}
	if m[1] == m[2] {
		return m[1]
	}
	return m[1] + "/" + m[2]
}

// idKeys are the spellings of a source id the user may have used as a key
// of Options.IDs.
func idKeys(id string, from provider.ID) []string {
	keys := []string{id}
	switch from {
	case provider.COS:
		if l := cosLong(id); l != id {
			keys = append(keys, l)
		}
		if s := cosShort(id); s != id {
			keys = append(keys, s)
		}
	case provider.S3:
		if m := awsRootARN.FindStringSubmatch(id); m != nil {
			keys = append(keys, m[1])
		}
	}
	return keys
}

// mapID finds the target's id for a source id: the one the user gave, or
// itself within one provider. ok is false when there is none.
func mapID(id string, from, to provider.ID, ids map[string]string) (string, bool) {
	for _, k := range idKeys(id, from) {
		if v, ok := ids[k]; ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v), true
		}
	}
	return id, from == to
}

var patterns sync.Map // pattern → *regexp.Regexp

// fits reports whether id has the format (an empty pattern fits all).
func fits(f provider.IDFormat, id string) bool {
	if f.Pattern == "" {
		return true
	}
	re, ok := patterns.Load(f.Pattern)
	if !ok {
		re, _ = patterns.LoadOrStore(f.Pattern, regexp.MustCompile(f.Pattern))
	}
	return re.(*regexp.Regexp).MatchString(id)
}

// idsHint says how to give a missing id, for messages.
func idsHint(id string, to provider.Profile, example string) string {
	return `add "` + id + `": "<` + to.Name + ` id, e.g. ` + example + `>" to the id map`
}
