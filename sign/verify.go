package sign

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/biogate/biogate/nist"
	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"
)

// Sentinel errors Verify and Sign wrap, for callers that branch on the
// outcome with errors.Is.
var (
	ErrNoSignature = errors.New("sign: no Biogate signature (Type-98 record with DFO BIOGATE, DFT JWS1)")
	ErrSigned      = errors.New("sign: the transaction already carries a Biogate signature")
	ErrMalformed   = errors.New("sign: malformed signature record")
	ErrUntrusted   = errors.New("sign: the signing key is not trusted")
	ErrInvalid     = errors.New("sign: the signature does not match the transaction")
	ErrHash        = errors.New("sign: image hash mismatch")
)

// Result describes a signature that Verify checked.
type Result struct {
	Record    int    // index in Transaction.Records of the Type-98 record
	IDC       int    // its IDC
	KeyID     string // "kid" of the protected header
	Algorithm string // "alg" of the protected header
	Source    string // 98.004 SRC
	Created   string // 98.006 DCD, YYYYMMDDhhmmssZ
	Covered   int    // records covered (all but the Type-98)
	Bytes     int    // length of the canonical form
	Hashes    int    // xx.996 HAS fields checked
	Key       jwk.Key
}

// Time returns Created as a time, or the zero time when it does not parse.
func (r *Result) Time() time.Time {
	t, _ := time.Parse("20060102150405Z", r.Created)
	return t
}

// Verify checks the Biogate signature of t against the trusted keys, which
// are looked up by the "kid" of the signature. It fails when t carries no
// signature or more than one, when the key is not in trusted, when any
// byte of a covered record differs from what was signed (a record added,
// removed or moved included), when 98.004 or 98.006 differ from the signed
// header, and when an xx.996 HAS differs from its image. The Result, when
// not nil, names the signature and key even on failure.
func Verify(t *nist.Transaction, trusted jwk.Set) (*Result, error) {
	if len(t.Trailing) > 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last record are not covered", ErrInvalid, len(t.Trailing))
	}
	sigs := signatureRecords(t)
	switch len(sigs) {
	case 0:
		return nil, ErrNoSignature
	case 1:
	default:
		return nil, fmt.Errorf("%w: records %d and %d both carry a Biogate signature; only one is supported", ErrMalformed, sigs[0]+1, sigs[1]+1)
	}
	idx := sigs[0]
	r := t.Records[idx]
	res := &Result{Record: idx, Source: r.Text(fieldSRC), Created: r.Text(fieldDCD), Covered: len(t.Records) - 1}
	res.IDC, _ = r.IDC()
	f := r.Field(fieldSig)
	if f == nil {
		return res, fmt.Errorf("%w: record %d has no 98.200", ErrMalformed, idx+1)
	}
	compact := f.Value
	alg, key, err := checkHeader(compact, r, res, trusted)
	if err != nil {
		return res, err
	}
	// The signing input as the signer built it (RFC 7515 §5.2 step 8 with
	// RFC 7797 §3), the header exactly as received; jws.Verify with the
	// canonical form as detached payload gives the same answer (see the
	// tests) but copies the payload twice more.
	protected, _, sig64, _ := jws.SplitCompact(compact)
	sig, err := base64.RawURLEncoding.DecodeString(string(sig64))
	if err != nil {
		return res, fmt.Errorf("%w: 98.200: the signature is not base64url", ErrMalformed)
	}
	input, err := signingInput(t, idx, string(protected))
	if err != nil {
		return res, err
	}
	res.Bytes = len(input) - len(protected) - 1
	verifier, err := jws.NewVerifier(alg)
	if err != nil {
		return res, err
	}
	if err := verifier.Verify(input, sig, key); err != nil {
		return res, fmt.Errorf("%w (record %d, kid %s): %v", ErrInvalid, idx+1, res.KeyID, err)
	}
	res.Key = key
	if res.Hashes, err = CheckHashes(t); err != nil {
		return res, err
	}
	return res, nil
}

// checkHeader reads the protected header of the JWS in record r, checks it
// against this package's format and the record, and finds the trusted key.
func checkHeader(compact []byte, r *nist.Record, res *Result, trusted jwk.Set) (jwa.SignatureAlgorithm, jwk.Key, error) {
	alg, h, err := readHeader(compact, "98.200", res)
	if err != nil {
		return "", nil, err
	}
	for _, p := range []struct {
		name  string
		field int
	}{{headerSrc, fieldSRC}, {headerDCD, fieldDCD}} {
		v, _ := h.Get(p.name)
		if s, ok := v.(string); !ok || s != r.Text(p.field) {
			return "", nil, fmt.Errorf("%w: 98.%03d is %q but the signed header says %v", ErrInvalid, p.field, r.Text(p.field), v)
		}
	}
	key, err := trustedKey(alg, res, trusted)
	return alg, key, err
}

// readHeader parses compact, a detached compact JWS (RFC 7515 Appendix F)
// found at where, and checks its protected header against this package's
// format: one of Algorithms, "b64": false with "crit": ["b64"] (RFC 7797
// §3, §6) and nothing else critical, a "kid". It sets res.KeyID and
// res.Algorithm.
func readHeader(compact []byte, where string, res *Result) (jwa.SignatureAlgorithm, jws.Headers, error) {
	protected, payload, _, err := jws.SplitCompact(compact)
	if err != nil || len(payload) != 0 {
		return "", nil, fmt.Errorf("%w: %s is not a detached compact JWS", ErrMalformed, where)
	}
	msg, err := jws.Parse(compact)
	if err != nil || len(msg.Signatures()) != 1 || len(protected) == 0 {
		return "", nil, fmt.Errorf("%w: %s: %v", ErrMalformed, where, err)
	}
	h := msg.Signatures()[0].ProtectedHeaders()
	res.KeyID, res.Algorithm = h.KeyID(), h.Algorithm().String()
	alg := h.Algorithm()
	if !slices.Contains(Algorithms, alg) {
		return "", nil, fmt.Errorf("%w: %s: algorithm %q is not one of ES256, EdDSA, RS256", ErrMalformed, where, alg)
	}
	if b64, ok := h.Get("b64"); !ok || b64 != false || !slices.Equal(h.Critical(), []string{"b64"}) {
		return "", nil, fmt.Errorf(`%w: %s: the header must have "b64": false and "crit": ["b64"] and nothing else critical`, ErrMalformed, where)
	}
	if res.KeyID == "" {
		return "", nil, fmt.Errorf("%w: %s: the header has no kid", ErrMalformed, where)
	}
	return alg, h, nil
}

// trustedKey finds the key of res.KeyID among trusted and checks that it
// signs with alg.
func trustedKey(alg jwa.SignatureAlgorithm, res *Result, trusted jwk.Set) (jwk.Key, error) {
	if trusted == nil {
		return nil, fmt.Errorf("%w: kid %s (no trusted keys given)", ErrUntrusted, res.KeyID)
	}
	key, ok := trusted.LookupKeyID(res.KeyID)
	if !ok {
		return nil, fmt.Errorf("%w: kid %s is not among the %d trusted keys", ErrUntrusted, res.KeyID, trusted.Len())
	}
	if _, err := keyAlgorithm(key, alg); err != nil {
		return nil, fmt.Errorf("%w: kid %s: %v", ErrUntrusted, res.KeyID, err)
	}
	return key, nil
}

// structural reports whether a decoding problem concerns the layout of
// records and fields (ANSI/NIST-ITL 1-2011 §7.1-7.2) rather than a value.
func structural(p *nist.FormatError) bool {
	for _, e := range []error{nist.ErrTruncated, nist.ErrLength, nist.ErrCount, nist.ErrTag,
		nist.ErrSeparator, nist.ErrBinaryHeader, nist.ErrTrailingData, nist.ErrIDC} {
		if errors.Is(p, e) {
			return true
		}
	}
	return false
}

// VerifyBytes decodes a transaction in the traditional encoding and
// verifies it. Beyond Verify, it requires b to be exactly the encoding of
// the records it decodes to (every LEN right, nothing the decoder had to
// repair or drop) and without a structural decoding problem (tag, length,
// separator, CNT, IDC), so the bytes checked are the bytes received.
// Problems with values (character encoding, say) do not make it fail. A nil
// Result and an error that wraps none of this package's sentinels mean b
// could not be read at all.
func VerifyBytes(b []byte, trusted jwk.Set) (*Result, error) {
	t, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
	if t == nil {
		return nil, err
	}
	var problems nist.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			if structural(p) {
				return nil, fmt.Errorf("%w: the transaction's structure is damaged (%v)", ErrInvalid, p)
			}
		}
	}
	enc, err := nist.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if !bytes.Equal(enc, b) {
		return nil, fmt.Errorf("%w: the bytes are not the encoding of the records they hold (a LEN or separator was altered)", ErrInvalid)
	}
	return Verify(t, trusted)
}
