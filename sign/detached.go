package sign

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/lestrrat-go/jwx/v2/jws"
)

// Detached signatures of bytes. A delivery whose form has no place for a
// Type-98 record (INT-I XML: int-i.xsd defines none) travels with a
// signature beside it: a compact JWS (RFC 7515 §7.1) whose payload is
// detached (Appendix F) and unencoded (RFC 7797 "b64": false, "crit":
// ["b64"]), over exactly the bytes delivered. Its protected header holds
// "alg" and "kid" as Sign's does, and nothing else, so any JWS library
// checks it given the bytes as the detached payload.

// The limits of SignDetached and VerifyDetached. A compact JWS of this
// package is a protected header of about 150 characters and a signature
// of at most 683 (RS256 with a 4096-bit key); MaxDetachedJWS leaves ample
// room. MaxDetachedBody is the largest body, as the service's largest
// request body can be configured in gigabytes.
const (
	MaxDetachedJWS  = 4096
	MaxDetachedBody = 1 << 30
)

// ErrTooLarge is wrapped when a body or a JWS exceeds its limit.
var ErrTooLarge = errors.New("sign: input too large")

// maxDetachedBody is MaxDetachedBody, lowered by tests.
var maxDetachedBody = MaxDetachedBody

// SignDetached signs body with key and returns the detached compact JWS
// "HEADER..SIGNATURE" over exactly body's bytes. Of opts (nil for the
// defaults) only Algorithm applies.
func SignDetached(body []byte, key Key, opts *Options) (string, error) {
	if len(body) > maxDetachedBody {
		return "", fmt.Errorf("%w: a body of %d bytes (the limit is %d)", ErrTooLarge, len(body), maxDetachedBody)
	}
	var want Algorithm
	if opts != nil {
		want = opts.Algorithm
	}
	alg, kid, err := signingKey(key, want)
	if err != nil {
		return "", err
	}
	protected, err := protectedHeader(alg, kid)
	if err != nil {
		return "", err
	}
	compact, err := signInput(detachedInput(protected, body), protected, key, alg)
	return string(compact), err
}

// VerifyDetached checks compact, a JWS made by SignDetached, over body
// against the trusted keys, looked up by its "kid". It fails with
// ErrMalformed when compact is not such a JWS (an attached payload, a
// header without "b64": false and "crit": ["b64"], an algorithm outside
// Algorithms), ErrUntrusted when the key is not trusted, ErrInvalid when
// body is not what was signed and ErrTooLarge beyond the limits. The
// Result names the key and algorithm (even on failure, once the header
// was read) and the length of body in Bytes; Record is -1 and the fields
// of a Type-98 record are empty.
func VerifyDetached(body []byte, compact string, trusted KeySet) (*Result, error) {
	if len(compact) > MaxDetachedJWS {
		return nil, fmt.Errorf("%w: a detached signature of %d characters (the limit is %d)", ErrTooLarge, len(compact), MaxDetachedJWS)
	}
	if len(body) > maxDetachedBody {
		return nil, fmt.Errorf("%w: a body of %d bytes (the limit is %d)", ErrTooLarge, len(body), maxDetachedBody)
	}
	res := &Result{Record: -1, Bytes: len(body)}
	alg, _, err := readHeader([]byte(compact), "the detached signature", res)
	if err != nil {
		return res, err
	}
	key, err := trustedKey(alg, res, trusted)
	if err != nil {
		return res, err
	}
	protected, _, sig64, _ := jws.SplitCompact([]byte(compact))
	sig, err := base64.RawURLEncoding.DecodeString(string(sig64))
	if err != nil {
		return res, fmt.Errorf("%w: the detached signature is not base64url", ErrMalformed)
	}
	verifier, err := jws.NewVerifier(alg)
	if err != nil {
		return res, err
	}
	if err := verifier.Verify(detachedInput(string(protected), body), sig, key); err != nil {
		return res, fmt.Errorf("%w (detached, kid %s): %v", ErrInvalid, res.KeyID, err)
	}
	res.Key = key
	return res, nil
}

// detachedInput is the JWS signing input with an unencoded payload (RFC
// 7797 §3): ASCII(BASE64URL(header)) || "." || body.
func detachedInput(protected string, body []byte) []byte {
	in := make([]byte, 0, len(protected)+1+len(body))
	in = append(in, protected...)
	in = append(in, '.')
	return append(in, body...)
}
