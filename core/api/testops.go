//go:build bucketlab_testops

package api

// A "panic" op that exists only in builds with the bucketlab_testops tag, so
// tests can prove a panic in the core answers "internal" and the runtime
// lives on. Release builds never contain it.
func init() {
	ops["panic"] = func([]byte) (result, error) { panic("test-only panic op") }
}
