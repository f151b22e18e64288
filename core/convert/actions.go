package convert

import (
	"strings"

	"bucketlab/core/provider"
)

// The policy actions of the three providers do not line up one to one: S3's
// s3:GetObject also grants HEAD, COS and QingStor name HEAD apart; S3's
// s3:PutObject also grants POST uploads and the multipart calls, which COS
// and QingStor name one by one. So each action is mapped to the requests
// (operations) it grants, and a conversion picks the target actions whose
// requests meet the source's: when they grant more (or less) than the
// source, the conversion says so.
//
// Sources: S3 "Actions, resources, and condition keys for Amazon S3" and
// the API reference's Permissions section of each operation (HeadObject
// needs s3:GetObject, HeadBucket s3:ListBucket, the multipart calls and
// POST s3:PutObject, DeleteObjects s3:DeleteObject); COS "Working with COS
// API authorization policies" (one action per API); QingStor put_policy.md
// (its action list). Actions of one provider only (S3 Object Lock, COS
// referer or domain settings, QingStor bucket statistics) have no entry
// here or no counterpart, and are reported as such.

// Requests (operations), as messages name them.
const (
	opGetObject        = "GET Object"
	opHeadObject       = "HEAD Object"
	opOptionsObject    = "OPTIONS Object"
	opPutObject        = "PUT Object"
	opPostObject       = "POST Object (form upload)"
	opAppendObject     = "Append Object"
	opDeleteObject     = "DELETE Object"
	opDeleteObjects    = "Delete Multiple Objects"
	opRestoreObject    = "Restore Object"
	opInitiateUpload   = "Initiate Multipart Upload"
	opUploadPart       = "Upload Part"
	opUploadPartCopy   = "Upload Part - Copy"
	opCompleteUpload   = "Complete Multipart Upload"
	opAbortUpload      = "Abort Multipart Upload"
	opListParts        = "List Parts"
	opGetObjectACL     = "GET Object acl"
	opPutObjectACL     = "PUT Object acl"
	opGetObjectTagging = "GET Object tagging"
	opPutObjectTagging = "PUT Object tagging"
	opDelObjectTagging = "DELETE Object tagging"
	opListObjects      = "List Objects"
	opHeadBucket       = "HEAD Bucket"
	opListVersions     = "List Object Versions"
	opListUploads      = "List Multipart Uploads"
	opCreateBucket     = "PUT Bucket (create)"
	opDeleteBucket     = "DELETE Bucket"
	opGetBucketStats   = "GET Bucket statistics"
	opListBuckets      = "List Buckets"
)

// bucketOps are the get/put/delete of a bucket sub-resource, named alike
// at every provider that has it.
func bucketOp(verb, sub string) string { return verb + " Bucket " + sub }

// actionEntry is one action and the requests it grants.
type actionEntry struct {
	name string // without the prefix, as the provider's catalogue spells it
	ops  []string
}

func entry(name string, ops ...string) actionEntry { return actionEntry{name, ops} }

// sub maps a bucket sub-resource to the actions that get, put and delete
// it; "" where the provider has no such action (the put grants the delete).
func sub(get, put, del, resource string) []actionEntry {
	g, p, d := bucketOp("GET", resource), bucketOp("PUT", resource), bucketOp("DELETE", resource)
	out := []actionEntry{entry(get, g)}
	if del == "" {
		out = append(out, entry(put, p, d))
	} else {
		out = append(out, entry(put, p), entry(del, d))
	}
	return out
}

func join(lists ...[]actionEntry) []actionEntry {
	var out []actionEntry
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// actionTable lists, per provider, the actions that have a counterpart
// somewhere, in the order a converted statement lists them.
var actionTable = map[provider.ID][]actionEntry{
	provider.S3: join([]actionEntry{
		entry("GetObject", opGetObject, opHeadObject),
		entry("PutObject", opPutObject, opPostObject, opInitiateUpload, opUploadPart, opUploadPartCopy, opCompleteUpload),
		entry("DeleteObject", opDeleteObject, opDeleteObjects),
		entry("AbortMultipartUpload", opAbortUpload),
		entry("ListMultipartUploadParts", opListParts),
		entry("RestoreObject", opRestoreObject),
		entry("GetObjectAcl", opGetObjectACL),
		entry("PutObjectAcl", opPutObjectACL),
		entry("GetObjectTagging", opGetObjectTagging),
		entry("PutObjectTagging", opPutObjectTagging),
		entry("DeleteObjectTagging", opDelObjectTagging),
		entry("ListBucket", opListObjects, opHeadBucket),
		entry("ListBucketVersions", opListVersions),
		entry("ListBucketMultipartUploads", opListUploads),
		entry("CreateBucket", opCreateBucket),
		entry("DeleteBucket", opDeleteBucket),
		entry("ListAllMyBuckets", opListBuckets),
		entry("GetBucketAcl", bucketOp("GET", "acl")),
		entry("PutBucketAcl", bucketOp("PUT", "acl")),
		entry("GetBucketPolicy", bucketOp("GET", "policy")),
		entry("PutBucketPolicy", bucketOp("PUT", "policy")),
		entry("DeleteBucketPolicy", bucketOp("DELETE", "policy")),
		entry("GetBucketVersioning", bucketOp("GET", "versioning")),
		entry("PutBucketVersioning", bucketOp("PUT", "versioning")),
		entry("GetBucketLogging", bucketOp("GET", "logging")),
		entry("PutBucketLogging", bucketOp("PUT", "logging")),
		entry("GetIntelligentTieringConfiguration", bucketOp("GET", "intelligent tiering")),
		entry("PutIntelligentTieringConfiguration", bucketOp("PUT", "intelligent tiering")),
	},
		sub("GetBucketCORS", "PutBucketCORS", "", "cors"),
		sub("GetLifecycleConfiguration", "PutLifecycleConfiguration", "", "lifecycle"),
		sub("GetReplicationConfiguration", "PutReplicationConfiguration", "", "replication"),
		sub("GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite", "website"),
		sub("GetInventoryConfiguration", "PutInventoryConfiguration", "", "inventory"),
		sub("GetEncryptionConfiguration", "PutEncryptionConfiguration", "", "encryption"),
		sub("GetBucketTagging", "PutBucketTagging", "", "tagging"),
	),
	provider.COS: join([]actionEntry{
		entry("GetObject", opGetObject),
		entry("HeadObject", opHeadObject),
		entry("OptionsObject", opOptionsObject),
		entry("PutObject", opPutObject),
		entry("PostObject", opPostObject),
		entry("AppendObject", opAppendObject),
		entry("InitiateMultipartUpload", opInitiateUpload),
		entry("UploadPart", opUploadPart),
		entry("UploadPartCopy", opUploadPartCopy),
		entry("CompleteMultipartUpload", opCompleteUpload),
		entry("DeleteObject", opDeleteObject),
		entry("DeleteMultipleObjects", opDeleteObjects),
		entry("AbortMultipartUpload", opAbortUpload),
		entry("ListParts", opListParts),
		entry("PostObjectRestore", opRestoreObject),
		entry("GetObjectACL", opGetObjectACL),
		entry("PutObjectACL", opPutObjectACL),
		entry("GetObjectTagging", opGetObjectTagging),
		entry("PutObjectTagging", opPutObjectTagging),
		entry("DeleteObjectTagging", opDelObjectTagging),
		entry("GetBucket", opListObjects),
		entry("HeadBucket", opHeadBucket),
		entry("GetBucketObjectVersions", opListVersions),
		entry("ListMultipartUploads", opListUploads),
		entry("PutBucket", opCreateBucket),
		entry("DeleteBucket", opDeleteBucket),
		entry("GetService", opListBuckets),
		entry("GetBucketACL", bucketOp("GET", "acl")),
		entry("PutBucketACL", bucketOp("PUT", "acl")),
		entry("GetBucketPolicy", bucketOp("GET", "policy")),
		entry("PutBucketPolicy", bucketOp("PUT", "policy")),
		entry("DeleteBucketPolicy", bucketOp("DELETE", "policy")),
		entry("GetBucketVersioning", bucketOp("GET", "versioning")),
		entry("PutBucketVersioning", bucketOp("PUT", "versioning")),
		entry("GetBucketLogging", bucketOp("GET", "logging")),
		entry("PutBucketLogging", bucketOp("PUT", "logging")),
		entry("GetBucketIntelligentTiering", bucketOp("GET", "intelligent tiering")),
		entry("PutBucketIntelligentTiering", bucketOp("PUT", "intelligent tiering")),
	},
		sub("GetBucketCORS", "PutBucketCORS", "DeleteBucketCORS", "cors"),
		sub("GetBucketLifecycle", "PutBucketLifecycle", "DeleteBucketLifecycle", "lifecycle"),
		sub("GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication", "replication"),
		sub("GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite", "website"),
		sub("GetBucketInventory", "PutBucketInventory", "DeleteBucketInventory", "inventory"),
		sub("GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption", "encryption"),
		sub("GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging", "tagging"),
	),
	// QingStor: the documentation's spellings first (written on output);
	// the API spec's multipart spellings read the same.
	provider.QingStor: {
		entry("get_object", opGetObject),
		entry("head_object", opHeadObject),
		entry("create_object", opPutObject, opPostObject),
		entry("initiate_multipart_upload", opInitiateUpload),
		entry("upload_object_part", opUploadPart, opUploadPartCopy),
		entry("complete_multipart_upload", opCompleteUpload),
		entry("delete_object", opDeleteObject, opDeleteObjects),
		entry("abort_multipart_upload", opAbortUpload),
		entry("list_object_parts", opListParts),
		entry("list_objects", opListObjects),
		entry("head_bucket", opHeadBucket),
		entry("get_bucket_stats", opGetBucketStats),
		entry("initiate_multipart", opInitiateUpload),
		entry("upload_multipart", opUploadPart, opUploadPartCopy),
		entry("complete_multipart", opCompleteUpload),
		entry("abort_multipart", opAbortUpload),
		entry("list_multipart", opListParts),
	},
}

// actionAliases are spellings a provider reads but a conversion does not
// write (QingStor's API-spec multipart names).
var actionAliases = map[provider.ID]map[string]bool{
	provider.QingStor: {"initiate_multipart": true, "upload_multipart": true, "complete_multipart": true, "abort_multipart": true, "list_multipart": true},
}

// lookupAction finds a provider's action by name, in any case where the
// provider matches names so (S3).
func lookupAction(p provider.Profile, name string) (actionEntry, bool) {
	for _, a := range actionTable[p.ID] {
		if a.name == name || p.Policy.ActionFoldCase && strings.EqualFold(a.name, name) {
			return a, true
		}
	}
	return actionEntry{}, false
}
