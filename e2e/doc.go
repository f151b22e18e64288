// Package e2e drives the built playground (dist/) in a real headless
// Chromium with chromedp and checks what a user sees against what the Go
// core computes natively.
package e2e
