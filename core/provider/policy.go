package provider

// PolicyProfile holds the bucket-policy differences.
type PolicyProfile struct{}

func policyProfile(id ID) PolicyProfile { return PolicyProfile{} }
