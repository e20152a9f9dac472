package web

import "net/http"

// ContentSecurityPolicy is the policy of every response of the server:
// scripts only from this origin's files (no inline script, no eval), no
// plugins, no <base>, no framing, forms and fetches only to this origin,
// images from this origin or the blob:/data: URLs the console makes of
// rendered prints.
//
// style-src: swagger-ui-dist (the /docs page) sets element styles from
// JavaScript (React's style props, through the CSSOM), which CSP does not
// govern, and injects no <style> element or style attribute markup; the
// console's own pages use only the stylesheets under /static/css. So
// 'self' suffices and 'unsafe-inline' is not granted; the browser tests
// (web/browsertest) fail on any securitypolicyviolation event on the
// console and /docs pages, which is what would show if that changed.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; " +
	"img-src 'self' blob: data:; connect-src 'self'"

// securityHeaders are set on every response of the server (console,
// API, errors alike).
var securityHeaders = [...][2]string{
	{"Content-Security-Policy", ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
	// Powerful features the console never uses.
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
}

// SetSecurityHeaders sets the security headers on h.
func SetSecurityHeaders(h http.Header) {
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
}
