// Package typo suggests the name a user probably meant.
package typo

import "strings"

// Closest returns the candidate nearest to word (ignoring case, '-' and '_'),
// or "" when none is close enough to be a plausible typo.
func Closest(word string, candidates []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(s))
	}
	w := norm(word)
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		d := distance(w, norm(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(1, len(w)/3)
	if bestDist <= limit {
		return best
	}
	return ""
}

// distance is the Levenshtein distance, with an adjacent swap costing one.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
