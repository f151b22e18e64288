package diag

// Codes of the policy evaluator (the "evaluate" op). The document's own
// problems are the policy codes; these say what a problem does to a decision.
const (
	PolicyEvaluateSkipped Code = "policy-evaluate-skipped"
)

func init() { register(evaluateCodes) }

var evaluateCodes = []CodeInfo{
	{PolicyEvaluateSkipped, Warning, "a statement that cannot be evaluated (unknown operator, no valid effect) is left out of the decision"},
}
