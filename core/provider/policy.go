package provider

// PolicyProfile holds the bucket-policy differences (RULES.md §2.2, §3.2,
// §4.2): how each provider spells the document, which principals, actions,
// resources and conditions it accepts, and its limits. The rules that read
// it live in core/policy; everything here is data.
type PolicyProfile struct {
	// Keys spells each element of the document; "" means the provider has
	// no such element.
	Keys PolicyKeys
	// CapitalisedKeys: each key may also be written with an upper-case first
	// letter ("Statement" for "statement").
	CapitalisedKeys bool
	// StatementObject: "Statement" may be one statement object instead of a list.
	StatementObject bool

	// Versions are the accepted values of the version element.
	Versions []string
	// VersionRequired: the version element must be present.
	VersionRequired bool
	// VariablesVersion is the version from which policy variables such as
	// ${aws:username} are expanded; "" when the provider has none.
	VariablesVersion string

	// Effects are the accepted effect values; EffectFoldCase: in any case.
	Effects        []string
	EffectFoldCase bool

	// SidRequired: every statement needs an id. SidUnique: ids must differ
	// (an error; otherwise a duplicate is a warning).
	SidRequired, SidUnique bool

	// PrincipalTypes are the keys of a principal object ("AWS", "qcs");
	// nil: the principal is a plain string or list of ids (QingStor "user").
	PrincipalTypes []string
	// PrincipalIDs is the format of the ids under each type ("" for the
	// plain form).
	PrincipalIDs map[string]IDFormat
	// PrincipalAny: the bare string "*" is a principal (everyone).
	PrincipalAny bool
	// PrincipalRequired: each statement needs a principal (its own or, with
	// PolicyPrincipal, the policy's).
	PrincipalRequired, PolicyPrincipal bool
	// AnyoneIDs are ids that mean everyone, anonymous callers included.
	AnyoneIDs []string
	// NotElements: NotPrincipal, NotAction and NotResource exist.
	NotElements bool

	// ActionPrefix starts every action ("s3:"); ActionAltPrefixes are also
	// accepted. ActionFoldCase: names match in any case. ActionWildcards:
	// '*' (and '?') may stand for part of a name.
	ActionPrefix      string
	ActionAltPrefixes []string
	ActionFoldCase    bool
	ActionWildcards   bool
	// Actions is the catalogue, without the prefix. ActionsClosed: a name
	// outside it is refused (an error); otherwise it is a warning, because
	// the catalogue we know is not complete.
	Actions       []PolicyAction
	ActionsClosed bool
	// ActionAliases map an API operation name people write by mistake to
	// the action that grants it ("ListObjects" → "ListBucket").
	ActionAliases map[string]string

	// Resource is the resource grammar.
	Resource ResourceSyntax
	// ResourceOptional: resources may be omitted when every action is a
	// bucket action (QingStor).
	ResourceOptional bool
	// OtherBucketRejected: resources naming two buckets are refused (an
	// error) rather than merely never matching (a warning).
	OtherBucketRejected bool
	// MismatchRejected: an action that fits none of the statement's
	// resources is refused rather than merely never matching.
	MismatchRejected bool

	// Operators are the condition operators; OperatorSuffix may follow any
	// operator not in NoSuffix ("IfExists"); OperatorPrefixes may precede
	// any ("ForAnyValue:"). Operators match as written.
	Operators        []PolicyOperator
	OperatorSuffix   string
	NoSuffix         []string
	OperatorPrefixes []string
	// ConditionKeys are the known keys; a name ending in "/" is a prefix
	// (aws:RequestTag/<key>). ConditionKeysFoldCase: keys match in any case.
	// ConditionKeysClosed: an unknown key is an error (the SDK cannot even
	// carry it), otherwise a warning.
	ConditionKeys         []ConditionKey
	ConditionKeysFoldCase bool
	ConditionKeysClosed   bool
	// NullLiteral: the null operator takes a JSON boolean, not a string.
	NullLiteral bool
	// RestrictingKeys pin who may call or from where (source IP, VPC,
	// organisation): a public statement limited by one of them is not
	// reported as public.
	RestrictingKeys []string
	// WildcardActionConditions: request-specific condition keys combined
	// with the all-actions wildcard break other requests (COS docs).
	WildcardActionConditions bool

	// MaxBytes is the size limit of the whole document as sent; 0 for none
	// documented. FirstByteBrace: the body's first byte must be '{'.
	MaxBytes       int
	FirstByteBrace bool
	// FieldLimits are per-element limits in characters, keyed by the
	// element's wire key.
	FieldLimits map[string]int
}

// PolicyKeys are the wire keys of a policy's elements.
type PolicyKeys struct {
	Version, ID, PolicyPrincipal, Statement                 string
	Sid, Effect, Principal, NotPrincipal, Action, NotAction string
	Resource, NotResource, Condition                        string
}

// ResourceSyntax names a resource grammar.
type ResourceSyntax string

const (
	// ResourceARN: arn:<partition>:s3:::<bucket>[/<key>].
	ResourceARN ResourceSyntax = "arn"
	// ResourceQCS: qcs::cos:<region>:uid/<appid>:<bucket>-<appid>/<path>, or "*".
	ResourceQCS ResourceSyntax = "qcs"
	// ResourceBucketPath: <bucket>[/<key pattern>].
	ResourceBucketPath ResourceSyntax = "bucket-path"
)

// Action levels: what a statement's resources must name for the action to apply.
const (
	LevelBucket = "bucket"
	LevelObject = "object"
	LevelEither = "either" // bucket or object (tagging, QingStor list_objects)
	LevelNone   = "none"   // neither: account, access point, job … (no bucket policy grants it)
)

// Access levels, as the AWS Service Authorization Reference names them.
const (
	AccessRead        = "read"
	AccessList        = "list"
	AccessWrite       = "write"
	AccessPermissions = "permissions"
	AccessTagging     = "tagging"
)

// PolicyAction is one action of the catalogue.
type PolicyAction struct {
	Name   string // without the prefix
	Level  string // LevelBucket, LevelObject, LevelEither or LevelNone
	Access string // AccessRead … AccessTagging
}

// Operator value kinds.
const (
	ValueString  = "string"
	ValueNumeric = "numeric"
	ValueDate    = "date"
	ValueBool    = "bool"
	ValueIP      = "ip"
	ValueARN     = "arn"
	ValueBinary  = "binary"
	ValueNull    = "null"
)

// PolicyOperator is one condition operator.
type PolicyOperator struct {
	Name    string
	Value   string // ValueString … ValueNull: what its values must be
	Negated bool   // true when it matches what is NOT listed
}

// ConditionKey is one known condition key.
type ConditionKey struct {
	Name string
	// Operators, when set, are the only operators the key may be used with.
	Operators []string
	// AllRequests: the key is present on every request (IP, VPC, HTTPS).
	AllRequests bool
}

func policyProfile(id ID) PolicyProfile {
	switch id {
	case COS:
		return cosPolicy()
	case QingStor:
		return qingstorPolicy()
	case S3:
		return s3Policy()
	}
	return PolicyProfile{}
}

// s3Policy: RULES.md §2.2. IAM JSON with PascalCase keys; Effect is
// Allow|Deny as written; 20 KB; actions and condition keys are
// case-insensitive, condition operators are matched as written.
func s3Policy() PolicyProfile {
	arnPrefix := `arn:aws(-cn|-us-gov)?:`
	return PolicyProfile{
		Keys: PolicyKeys{
			Version: "Version", ID: "Id", Statement: "Statement",
			Sid: "Sid", Effect: "Effect", Principal: "Principal", NotPrincipal: "NotPrincipal",
			Action: "Action", NotAction: "NotAction", Resource: "Resource", NotResource: "NotResource",
			Condition: "Condition",
		},
		StatementObject:  true,
		Versions:         []string{"2012-10-17", "2008-10-17"},
		VariablesVersion: "2012-10-17",
		Effects:          []string{"Allow", "Deny"},
		PrincipalTypes:   []string{"AWS", "Service", "CanonicalUser", "Federated"},
		// S3 user guide, "Principals" (s3-bucket-user-policy-specifying-principal-intro);
		// IAM "AWS JSON policy elements: Principal". No partial wildcards.
		PrincipalIDs: map[string]IDFormat{
			"AWS": {
				Pattern:  `^(\*|[0-9]{12}|` + arnPrefix + `(iam::([0-9]{12}:(root|user/.+|role/.+|federated-user/.+)|cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+)|sts::[0-9]{12}:(assumed-role|federated-user)/.+))$`,
				Describe: `"*", a 12-digit account id or an IAM ARN such as "arn:aws:iam::123456789012:root"`,
				Example:  "arn:aws:iam::123456789012:root",
			},
			"Service": {
				Pattern:  `^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`,
				Describe: `a service principal such as "logging.s3.amazonaws.com"`,
				Example:  "logging.s3.amazonaws.com",
			},
			"CanonicalUser": {
				Pattern:  `^[0-9a-fA-F]{64}$`,
				Describe: "a canonical user id (64 hex digits)",
				Example:  "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
			},
			"Federated": {
				Pattern:  `^(cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com|` + arnPrefix + `iam::[0-9]{12}:(saml-provider|oidc-provider)/.+)$`,
				Describe: `an identity provider such as "cognito-identity.amazonaws.com" or a SAML/OIDC provider ARN`,
				Example:  "cognito-identity.amazonaws.com",
			},
		},
		PrincipalAny:        true,
		PrincipalRequired:   true,
		AnyoneIDs:           []string{"*"},
		NotElements:         true,
		ActionPrefix:        "s3:",
		ActionFoldCase:      true,
		ActionWildcards:     true,
		Actions:             s3Actions(),
		ActionsClosed:       true,
		ActionAliases:       s3ActionAliases(),
		Resource:            ResourceARN,
		OtherBucketRejected: true,
		MismatchRejected:    true,
		// IAM "Condition operators" (reference_policies_elements_condition_operators).
		Operators: []PolicyOperator{
			{"StringEquals", ValueString, false}, {"StringNotEquals", ValueString, true},
			{"StringEqualsIgnoreCase", ValueString, false}, {"StringNotEqualsIgnoreCase", ValueString, true},
			{"StringLike", ValueString, false}, {"StringNotLike", ValueString, true},
			{"NumericEquals", ValueNumeric, false}, {"NumericNotEquals", ValueNumeric, true},
			{"NumericLessThan", ValueNumeric, false}, {"NumericLessThanEquals", ValueNumeric, false},
			{"NumericGreaterThan", ValueNumeric, false}, {"NumericGreaterThanEquals", ValueNumeric, false},
			{"DateEquals", ValueDate, false}, {"DateNotEquals", ValueDate, true},
			{"DateLessThan", ValueDate, false}, {"DateLessThanEquals", ValueDate, false},
			{"DateGreaterThan", ValueDate, false}, {"DateGreaterThanEquals", ValueDate, false},
			{"Bool", ValueBool, false}, {"BinaryEquals", ValueBinary, false},
			{"IpAddress", ValueIP, false}, {"NotIpAddress", ValueIP, true},
			{"ArnEquals", ValueARN, false}, {"ArnLike", ValueARN, false},
			{"ArnNotEquals", ValueARN, true}, {"ArnNotLike", ValueARN, true},
			{"Null", ValueNull, false},
		},
		OperatorSuffix:        "IfExists",
		NoSuffix:              []string{"Null"},
		OperatorPrefixes:      []string{"ForAnyValue:", "ForAllValues:"},
		ConditionKeys:         s3ConditionKeys(),
		ConditionKeysFoldCase: true,
		// "Blocking public access", "The meaning of public": a policy that
		// fixes one of these keys to specific values is not public.
		RestrictingKeys: []string{
			"aws:SourceIp", "aws:VpcSourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceArn",
			"aws:SourceAccount", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
			"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
			"aws:PrincipalServiceName", "aws:userid", "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
			"s3:AccessGrantsInstanceArn",
		},
		// S3 user guide: "bucket policies are limited to 20 KB in size".
		MaxBytes:       20 * 1024,
		FirstByteBrace: true,
	}
}

// s3Actions: every action of the s3 service prefix, with the resource it
// applies to and its access level. Source: AWS Service Authorization
// Reference, "Actions, resources, and condition keys for Amazon S3"
// (docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html),
// as transcribed in udondan/iam-floyd lib/generated/policy-statements/s3.ts
// (accessLevelList; the resource types from its condition-key notes), 2026.
// An action with several access levels is listed under the strongest.
func s3Actions() []PolicyAction {
	var out []PolicyAction
	add := func(level, access string, names ...string) {
		for _, n := range names {
			out = append(out, PolicyAction{Name: n, Level: level, Access: access})
		}
	}
	add(LevelObject, AccessWrite, "AbortMultipartUpload", "DeleteObject", "DeleteObjectAnnotation",
		"DeleteObjectVersion", "DeleteObjectVersionAnnotation", "PutObject", "PutObjectAnnotation",
		"PutObjectLegalHold", "PutObjectRetention", "PutObjectVersionAnnotation", "ReplicateDelete",
		"ReplicateObject", "ReplicateObjectAnnotation", "RestoreObject", "UpdateObjectEncryption")
	add(LevelObject, AccessPermissions, "BypassGovernanceRetention", "ObjectOwnerOverrideToBucketOwner",
		"PutObjectAcl", "PutObjectVersionAcl")
	add(LevelObject, AccessTagging, "DeleteObjectTagging", "DeleteObjectVersionTagging", "PutObjectTagging",
		"PutObjectVersionTagging", "ReplicateTags")
	add(LevelObject, AccessRead, "GetObject", "GetObjectAcl", "GetObjectAnnotation", "GetObjectAttributes",
		"GetObjectLegalHold", "GetObjectRetention", "GetObjectTagging", "GetObjectTorrent", "GetObjectVersion",
		"GetObjectVersionAcl", "GetObjectVersionAnnotation", "GetObjectVersionAnnotationForReplication",
		"GetObjectVersionAttributes", "GetObjectVersionForReplication", "GetObjectVersionTagging",
		"GetObjectVersionTorrent")
	add(LevelObject, AccessList, "ListMultipartUploadParts", "ListObjectAnnotations", "ListObjectVersionAnnotations")

	add(LevelBucket, AccessWrite, "CreateBucket", "CreateBucketMetadataTableConfiguration", "DeleteBucket",
		"DeleteBucketMetadataTableConfiguration", "DeleteBucketWebsite", "PutAccelerateConfiguration",
		"PutAnalyticsConfiguration", "PutBucketAbac", "PutBucketCORS", "PutBucketLogging", "PutBucketNotification",
		"PutBucketObjectLockConfiguration", "PutBucketRequestPayment", "PutBucketVersioning", "PutBucketWebsite",
		"PutEncryptionConfiguration", "PutIntelligentTieringConfiguration", "PutInventoryConfiguration",
		"PutLifecycleConfiguration", "PutMetricsConfiguration", "PutReplicationConfiguration",
		"UpdateBucketMetadataAnnotationTableConfiguration", "UpdateBucketMetadataInventoryTableConfiguration",
		"UpdateBucketMetadataJournalTableConfiguration")
	add(LevelBucket, AccessPermissions, "DeleteBucketPolicy", "PutBucketAcl", "PutBucketOwnershipControls",
		"PutBucketPolicy", "PutBucketPublicAccessBlock")
	add(LevelBucket, AccessTagging, "PutBucketTagging")
	add(LevelBucket, AccessRead, "AllowVendedLogDeliveryForResource", "GetAccelerateConfiguration",
		"GetAnalyticsConfiguration", "GetBucketAbac", "GetBucketAcl", "GetBucketCORS", "GetBucketLocation",
		"GetBucketLogging", "GetBucketMetadataTableConfiguration", "GetBucketNotification",
		"GetBucketObjectLockConfiguration", "GetBucketOwnershipControls", "GetBucketPolicy", "GetBucketPolicyStatus",
		"GetBucketPublicAccessBlock", "GetBucketRequestPayment", "GetBucketTagging", "GetBucketVersioning",
		"GetBucketWebsite", "GetEncryptionConfiguration", "GetIntelligentTieringConfiguration",
		"GetInventoryConfiguration", "GetLifecycleConfiguration", "GetMetricsConfiguration",
		"GetReplicationConfiguration")
	add(LevelBucket, AccessList, "ListBucket", "ListBucketMultipartUploads", "ListBucketVersions")

	add(LevelEither, AccessTagging, "TagResource", "UntagResource")
	add(LevelEither, AccessList, "ListTagsForResource")

	// Account, access point, job, Storage Lens, Access Grants and
	// Multi-Region Access Point actions: no bucket or object ARN fits them.
	add(LevelNone, AccessWrite, "CreateAccessPoint", "CreateAccessPointForObjectLambda", "CreateJob",
		"CreateMultiRegionAccessPoint", "CreateStorageLensGroup", "DeleteAccessPoint",
		"DeleteAccessPointForObjectLambda", "DeleteMultiRegionAccessPoint", "DeleteStorageLensConfiguration",
		"DeleteStorageLensGroup", "PutAccessPointConfigurationForObjectLambda", "PutStorageLensConfiguration",
		"SubmitMultiRegionAccessPointRoutes", "UpdateJobPriority", "UpdateJobStatus", "UpdateStorageLensGroup")
	add(LevelNone, AccessPermissions, "AssociateAccessGrantsIdentityCenter", "CreateAccessGrant",
		"CreateAccessGrantsInstance", "CreateAccessGrantsLocation", "DeleteAccessGrant", "DeleteAccessGrantsInstance",
		"DeleteAccessGrantsInstanceResourcePolicy", "DeleteAccessGrantsLocation", "DeleteAccessPointPolicy",
		"DeleteAccessPointPolicyForObjectLambda", "DissociateAccessGrantsIdentityCenter",
		"PutAccessGrantsInstanceResourcePolicy", "PutAccessPointPolicy", "PutAccessPointPolicyForObjectLambda",
		"PutAccessPointPublicAccessBlock", "PutAccountPublicAccessBlock", "PutMultiRegionAccessPointPolicy",
		"UpdateAccessGrantsLocation")
	add(LevelNone, AccessTagging, "DeleteJobTagging", "DeleteStorageLensConfigurationTagging", "PutJobTagging",
		"PutStorageLensConfigurationTagging")
	add(LevelNone, AccessRead, "DescribeJob", "DescribeMultiRegionAccessPointOperation", "GetAccessGrant",
		"GetAccessGrantsInstance", "GetAccessGrantsInstanceForPrefix", "GetAccessGrantsInstanceResourcePolicy",
		"GetAccessGrantsLocation", "GetAccessPoint", "GetAccessPointConfigurationForObjectLambda",
		"GetAccessPointForObjectLambda", "GetAccessPointPolicy", "GetAccessPointPolicyForObjectLambda",
		"GetAccessPointPolicyStatus", "GetAccessPointPolicyStatusForObjectLambda", "GetAccountPublicAccessBlock",
		"GetDataAccess", "GetJobTagging", "GetMultiRegionAccessPoint", "GetMultiRegionAccessPointPolicy",
		"GetMultiRegionAccessPointPolicyStatus", "GetMultiRegionAccessPointRoutes", "GetStorageLensConfiguration",
		"GetStorageLensConfigurationTagging", "GetStorageLensDashboard", "GetStorageLensGroup")
	add(LevelNone, AccessList, "ListAccessGrants", "ListAccessGrantsInstances", "ListAccessGrantsLocations",
		"ListAccessPoints", "ListAccessPointsForObjectLambda", "ListAllMyBuckets", "ListCallerAccessGrants",
		"ListJobs", "ListMultiRegionAccessPoints", "ListStorageLensConfigurations", "ListStorageLensGroups")
	return out
}

// s3ActionAliases: S3 API operations whose permission has another name
// (S3 API reference, "Permissions" of each operation; user guide
// "Amazon S3 actions").
func s3ActionAliases() map[string]string {
	return map[string]string{
		"ListObjects":                        "ListBucket",
		"ListObjectsV2":                      "ListBucket",
		"HeadBucket":                         "ListBucket",
		"ListObjectVersions":                 "ListBucketVersions",
		"ListMultipartUploads":               "ListBucketMultipartUploads",
		"ListParts":                          "ListMultipartUploadParts",
		"HeadObject":                         "GetObject",
		"SelectObjectContent":                "GetObject",
		"CopyObject":                         "PutObject",
		"CreateMultipartUpload":              "PutObject",
		"UploadPart":                         "PutObject",
		"UploadPartCopy":                     "PutObject",
		"CompleteMultipartUpload":            "PutObject",
		"DeleteObjects":                      "DeleteObject",
		"DeleteBucketCors":                   "PutBucketCORS",
		"DeleteBucketLifecycle":              "PutLifecycleConfiguration",
		"PutBucketLifecycle":                 "PutLifecycleConfiguration",
		"PutBucketLifecycleConfiguration":    "PutLifecycleConfiguration",
		"GetBucketLifecycle":                 "GetLifecycleConfiguration",
		"GetBucketLifecycleConfiguration":    "GetLifecycleConfiguration",
		"GetBucketEncryption":                "GetEncryptionConfiguration",
		"PutBucketEncryption":                "PutEncryptionConfiguration",
		"DeleteBucketEncryption":             "PutEncryptionConfiguration",
		"GetBucketReplication":               "GetReplicationConfiguration",
		"PutBucketReplication":               "PutReplicationConfiguration",
		"DeleteBucketReplication":            "PutReplicationConfiguration",
		"DeleteBucketTagging":                "PutBucketTagging",
		"GetBucketAccelerateConfiguration":   "GetAccelerateConfiguration",
		"PutBucketAccelerateConfiguration":   "PutAccelerateConfiguration",
		"GetBucketNotificationConfiguration": "GetBucketNotification",
		"PutBucketNotificationConfiguration": "PutBucketNotification",
		"GetObjectLockConfiguration":         "GetBucketObjectLockConfiguration",
		"PutObjectLockConfiguration":         "PutBucketObjectLockConfiguration",
		"GetPublicAccessBlock":               "GetBucketPublicAccessBlock",
		"PutPublicAccessBlock":               "PutBucketPublicAccessBlock",
		"DeletePublicAccessBlock":            "PutBucketPublicAccessBlock",
		"DeleteBucketOwnershipControls":      "PutBucketOwnershipControls",
		"GetBucketAnalyticsConfiguration":    "GetAnalyticsConfiguration",
		"PutBucketAnalyticsConfiguration":    "PutAnalyticsConfiguration",
		"GetBucketInventoryConfiguration":    "GetInventoryConfiguration",
		"PutBucketInventoryConfiguration":    "PutInventoryConfiguration",
		"GetBucketMetricsConfiguration":      "GetMetricsConfiguration",
		"PutBucketMetricsConfiguration":      "PutMetricsConfiguration",
		"ListBuckets":                        "ListAllMyBuckets",
	}
}

// s3ConditionKeys: IAM global condition keys (reference_policies_condition-keys)
// and the s3 keys of the Service Authorization Reference (see s3Actions).
func s3ConditionKeys() []ConditionKey {
	names := []string{
		"aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CurrentTime", "aws:EpochTime",
		"aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
		"aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
		"aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalTag/", "aws:PrincipalType",
		"aws:Referer", "aws:RequestedRegion", "aws:RequestTag/", "aws:ResourceAccount", "aws:ResourceOrgID",
		"aws:ResourceOrgPaths", "aws:ResourceTag/", "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn",
		"aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceOwner",
		"aws:SourceVpc", "aws:SourceVpcArn", "aws:SourceVpce", "aws:TagKeys", "aws:TokenIssueTime", "aws:UserAgent",
		"aws:userid", "aws:username", "aws:ViaAWSService", "aws:VpcSourceIp", "aws:VpceAccount", "aws:VpceOrgID",
		"aws:VpceOrgPaths", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4",
		"s3:AccessGrantsInstanceArn", "s3:AccessPointNetworkOrigin", "s3:AccessPointTag/", "s3:authType",
		"s3:BucketTag/", "s3:DataAccessPointAccount", "s3:DataAccessPointArn", "s3:delimiter",
		"s3:ExistingJobOperation", "s3:ExistingJobPriority", "s3:ExistingObjectTag/", "s3:if-match",
		"s3:if-none-match", "s3:JobSuspendedCause", "s3:LocationConstraint", "s3:max-keys",
		"s3:object-lock-legal-hold", "s3:object-lock-mode", "s3:object-lock-remaining-retention-days",
		"s3:object-lock-retain-until-date", "s3:prefix", "s3:RequestJobOperation", "s3:RequestJobPriority",
		"s3:RequestObjectTag/", "s3:RequestObjectTagKeys", "s3:ResourceAccount", "s3:signatureAge",
		"s3:signatureversion", "s3:TlsVersion", "s3:VersionId", "s3:x-amz-acl", "s3:x-amz-content-sha256",
		"s3:x-amz-copy-source", "s3:x-amz-grant-full-control", "s3:x-amz-grant-read", "s3:x-amz-grant-read-acp",
		"s3:x-amz-grant-write", "s3:x-amz-grant-write-acp", "s3:x-amz-metadata-directive",
		"s3:x-amz-object-annotation-directive", "s3:x-amz-object-if-match", "s3:x-amz-object-ownership",
		"s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id",
		"s3:x-amz-server-side-encryption-customer-algorithm", "s3:x-amz-storage-class",
		"s3:x-amz-website-redirect-location",
	}
	out := make([]ConditionKey, len(names))
	for i, n := range names {
		out[i] = ConditionKey{Name: n}
	}
	return out
}

// cosPolicy: RULES.md §3.2. CAM JSON: version "2.0", lower-case keys (the
// PUT Bucket policy API doc and the Python SDK's live test write them
// capitalised, so both are read; the Go SDK sends lower-case), effect
// allow|deny (newer docs write "Allow"), principal {"qcs": […]} or "*",
// snake_case condition operators with the "_if_exist" suffix.
func cosPolicy() PolicyProfile {
	return PolicyProfile{
		Keys: PolicyKeys{
			Version: "version", PolicyPrincipal: "principal", Statement: "statement",
			Sid: "sid", Effect: "effect", Principal: "principal", Action: "action", Resource: "resource",
			Condition: "condition",
		},
		CapitalisedKeys: true,
		Versions:        []string{"2.0"},
		VersionRequired: true,
		Effects:         []string{"allow", "deny"},
		EffectFoldCase:  true,
		PrincipalTypes:  []string{"qcs"},
		// COS "Access policy language overview" (436/18023); CAM element
		// reference (598/10603): root and sub-accounts, groups, roles, anyone.
		PrincipalIDs: map[string]IDFormat{
			"qcs": {
				Pattern:  `^(\*|qcs::cam::(uin/[0-9]+:(uin/[0-9]+|groupid/[0-9]+|roleName/[^\s:]+)|anyone:anyone|anonymous:anonymous))$`,
				Describe: `a CAM id such as "qcs::cam::uin/<OwnerUin>:uin/<SubUin>" or "qcs::cam::anyone:anyone"`,
				Example:  "qcs::cam::uin/100000000001:uin/100000000011",
			},
		},
		PrincipalAny:      true,
		PrincipalRequired: true,
		PolicyPrincipal:   true,
		AnyoneIDs:         []string{"*", "qcs::cam::anyone:anyone", "qcs::cam::anonymous:anonymous"},
		ActionPrefix:      "name/cos:",
		// Newer overview pages write "cos:GetObject" (RULES.md §3.2, §6.4).
		ActionAltPrefixes: []string{"cos:"},
		ActionWildcards:   true,
		Actions:           cosActions(),
		ActionAliases: map[string]string{
			"ListObjects": "GetBucket", "ListBucket": "GetBucket", "ListObjectVersions": "GetBucketObjectVersions",
			"ListBuckets": "GetService", "DeleteObjects": "DeleteMultipleObjects", "CopyObject": "PutObject",
			"CreateMultipartUpload": "InitiateMultipartUpload",
			"RestoreObject":         "PostObjectRestore",
		},
		Resource: ResourceQCS,
		// COS "Conditions" (436/46205). bool_equal is CAM's operator for the
		// boolean cos:secure-transport key; the for_any_value:/for_all_value:
		// qualifiers are CAM's (598/10603).
		Operators: []PolicyOperator{
			{"string_equal", ValueString, false}, {"string_not_equal", ValueString, true},
			{"string_like", ValueString, false},
			{"ip_equal", ValueIP, false}, {"ip_not_equal", ValueIP, true},
			{"numeric_equal", ValueNumeric, false}, {"numeric_not_equal", ValueNumeric, true},
			{"numeric_greater_than", ValueNumeric, false}, {"numeric_greater_than_equal", ValueNumeric, false},
			{"numeric_less_than", ValueNumeric, false}, {"numeric_less_than_equal", ValueNumeric, false},
			{"bool_equal", ValueBool, false},
		},
		OperatorSuffix:   "_if_exist",
		OperatorPrefixes: []string{"for_any_value:", "for_all_value:"},
		// COS "Conditions" (436/46205) and "Descriptions and use cases of
		// condition keys" (436/46206).
		ConditionKeys: []ConditionKey{
			{Name: "qcs:ip", AllRequests: true}, {Name: "qcs:vpc", AllRequests: true},
			{Name: "vpc:requester_vpc", AllRequests: true}, {Name: "cos:secure-transport", AllRequests: true},
			{Name: "cos:tls-version", AllRequests: true},
			{Name: "cos:x-cos-storage-class"}, {Name: "cos:versionid"}, {Name: "cos:prefix"},
			{Name: "cos:x-cos-acl"}, {Name: "cos:content-length"}, {Name: "cos:content-type"},
			{Name: "cos:response-content-type"}, {Name: "qcs:request_tag"},
		},
		RestrictingKeys:          []string{"qcs:ip", "qcs:vpc", "vpc:requester_vpc"},
		WildcardActionConditions: true,
	}
}

// cosActions: COS "Working with COS API authorization policies"
// (intl.cloud.tencent.com/document/product/436/30580) and "Access policy
// language overview" (436/18023). Not every COS API is listed, so an
// unknown name is a warning, not an error.
func cosActions() []PolicyAction {
	var out []PolicyAction
	add := func(level, access string, names ...string) {
		for _, n := range names {
			out = append(out, PolicyAction{Name: n, Level: level, Access: access})
		}
	}
	add(LevelNone, AccessList, "GetService")
	add(LevelBucket, AccessWrite, "PutBucket", "DeleteBucket", "PutBucketCORS", "DeleteBucketCORS",
		"PutBucketLifecycle", "DeleteBucketLifecycle", "PutBucketVersioning", "PutBucketReplication",
		"DeleteBucketReplication", "PutBucketReferer", "PutBucketWebsite", "DeleteBucketWebsite",
		"PutBucketLogging", "PutBucketInventory", "DeleteBucketInventory", "PutBucketDomain", "DeleteBucketDomain",
		"PutBucketEncryption", "DeleteBucketEncryption", "PutBucketIntelligentTiering")
	add(LevelBucket, AccessPermissions, "PutBucketACL", "PutBucketPolicy", "DeleteBucketPolicy")
	add(LevelBucket, AccessTagging, "PutBucketTagging", "DeleteBucketTagging")
	add(LevelBucket, AccessRead, "HeadBucket", "GetBucketACL", "GetBucketCORS", "GetBucketPolicy",
		"GetBucketLifecycle", "GetBucketVersioning", "GetBucketReplication", "GetBucketTagging", "GetBucketReferer",
		"GetBucketWebsite", "GetBucketLogging", "GetBucketInventory", "GetBucketDomain", "GetBucketEncryption",
		"GetBucketIntelligentTiering")
	add(LevelBucket, AccessList, "GetBucket", "GetBucketObjectVersions", "ListMultipartUploads")
	add(LevelObject, AccessWrite, "PutObject", "PostObject", "AppendObject", "DeleteObject", "PostObjectRestore",
		"InitiateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload", "AbortMultipartUpload")
	add(LevelEither, AccessWrite, "DeleteMultipleObjects")
	add(LevelObject, AccessPermissions, "PutObjectACL")
	add(LevelObject, AccessTagging, "PutObjectTagging", "DeleteObjectTagging")
	add(LevelObject, AccessRead, "GetObject", "HeadObject", "OptionsObject", "GetObjectACL", "GetObjectTagging",
		"SelectObjectContent")
	add(LevelObject, AccessList, "ListParts")
	return out
}

// qingstorPolicy: RULES.md §4.2 and the QingStor API docs
// (bucket/policy/put_policy.md, policy_condition.md). Lower-case keys and
// values; the statement id is required and unique; statements are applied
// in order (first match decides).
func qingstorPolicy() PolicyProfile {
	return PolicyProfile{
		Keys: PolicyKeys{
			Statement: "statement", Sid: "id", Effect: "effect", Principal: "user",
			Action: "action", Resource: "resource", Condition: "condition",
		},
		Effects:           []string{"allow", "deny"},
		SidRequired:       true,
		SidUnique:         true,
		PrincipalIDs:      map[string]IDFormat{"": {Pattern: `^\S+$`, Describe: `a QingCloud user id such as "usr-1mvNCzZu", or "*"`, Example: "usr-1mvNCzZu"}},
		PrincipalRequired: true,
		AnyoneIDs:         []string{"*"},
		// Bucket actions, object actions, and list_objects which is both.
		// The API spec (swagger) names the multipart actions differently
		// from the docs; both spellings are accepted (RULES.md §4.2, §6.6).
		Actions: []PolicyAction{
			{"list_objects", LevelEither, AccessList},
			{"head_bucket", LevelBucket, AccessRead},
			{"get_bucket_stats", LevelBucket, AccessRead},
			{"get_object", LevelObject, AccessRead},
			{"head_object", LevelObject, AccessRead},
			{"create_object", LevelObject, AccessWrite},
			{"delete_object", LevelObject, AccessWrite},
			{"list_object_parts", LevelObject, AccessList},
			{"upload_object_part", LevelObject, AccessWrite},
			{"initiate_multipart_upload", LevelObject, AccessWrite},
			{"complete_multipart_upload", LevelObject, AccessWrite},
			{"abort_multipart_upload", LevelObject, AccessWrite},
			{"list_multipart", LevelObject, AccessList},
			{"upload_multipart", LevelObject, AccessWrite},
			{"initiate_multipart", LevelObject, AccessWrite},
			{"complete_multipart", LevelObject, AccessWrite},
			{"abort_multipart", LevelObject, AccessWrite},
		},
		ActionsClosed: true,
		ActionAliases: map[string]string{
			"put_object": "create_object", "upload_object": "create_object", "list_bucket": "list_objects",
			"get_bucket": "list_objects", "list_parts": "list_object_parts",
		},
		Resource:            ResourceBucketPath,
		ResourceOptional:    true,
		MismatchRejected:    true,
		OtherBucketRejected: false,
		Operators: []PolicyOperator{
			{"string_like", ValueString, false}, {"string_not_like", ValueString, true},
			{"ip_address", ValueIP, false}, {"not_ip_address", ValueIP, true},
			{"is_null", ValueNull, false},
		},
		// The Go SDK's ConditionType carries exactly these pairs.
		ConditionKeys: []ConditionKey{
			{Name: "Referer", Operators: []string{"string_like", "string_not_like", "is_null"}},
			{Name: "source_ip", Operators: []string{"ip_address", "not_ip_address"}},
		},
		ConditionKeysClosed: true,
		NullLiteral:         true,
		RestrictingKeys:     []string{"source_ip"},
		FieldLimits:         map[string]int{"id": 100, "user": 300, "action": 500, "resource": 2048, "condition": 2048},
	}
}
