package provider

// ACLProfile holds the ACL differences.
type ACLProfile struct{}

func aclProfile(id ID) ACLProfile { return ACLProfile{} }
