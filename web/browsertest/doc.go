// Package browsertest drives the console (package web) in headless
// Chromium (Debian's /usr/bin/chromium, through chromedp) against a real
// api server with the corpus validator: sign-in, the Inspect view on
// corpus transactions, the security headers and the same-origin rule,
// /docs; and the Inspect view in Firefox ESR over WebDriver BiDi
// (bidi_test.go). The tests live in _test.go files; harness_test.go starts the
// server and the browser (startConsole). Screenshots go to
// $BIOGATE_SCREENSHOTS, or web/browsertest/screenshots.
package browsertest
