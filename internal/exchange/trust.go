package exchange

import (
	"context"
	"errors"
	"strings"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
)

// Signer reports whether the service has a signing key.
func (s *Service) Signer() bool { return s.signKey != nil }

// SignOptions says in which form Sign returns the signed transaction:
// To "" for the input's own format (an2, xml in its dialect, json).
type SignOptions struct {
	To      string // an2, xml or json
	Dialect string // for xml; "" keeps the input's dialect (2011 otherwise)
}

// Sign signs a transaction (any transaction format) with the service's
// own key (package sign: a JWS in a Type-98 record, image hashes in
// xx.996) and writes it in its own format or as o asks. A transaction
// that already carries a Biogate signature is refused.
func (s *Service) Sign(ctx context.Context, b []byte, o SignOptions) (*Output, error) {
	if s.signKey == nil {
		return nil, errorf(KindUnavailable, "the service has no signing key (serve --sign-key KEY.jwk)")
	}
	if o.To != "" && !isTransactionFormat(o.To) {
		return nil, errorf(KindInvalid, "a signed transaction is written as an2, xml or json, not %q", o.To)
	}
	if o.Dialect != "" && !validDialect(o.Dialect) {
		return nil, errorf(KindInvalid, "dialect %q is not one of %v", o.Dialect, Dialects())
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sign.Sign(l.t, s.signKey, &sign.Options{Agent: "biogate", Time: s.now()}); err != nil {
		if errors.Is(err, sign.ErrSigned) {
			return nil, errorf(KindInvalid, "the transaction already carries a Biogate signature; verify it instead")
		}
		return nil, &Error{Kind: KindUnsupported, Msg: "the transaction cannot be signed", Err: err}
	}
	to, dialect := o.To, o.Dialect
	if to == "" {
		to = l.format
	}
	if dialect == "" && to == sniff.XML {
		dialect = string(l.dialect)
	}
	body, notes, err := encodeTransaction(l.t, to, dialect)
	if err != nil {
		return nil, err
	}
	return &Output{Body: body, Format: to, ContentType: ContentType(to), Notes: notes, TOT: l.t.Header().TypeOfTransaction()}, nil
}

// Verification is the result of Verify.
type Verification struct {
	Verified  bool   `json:"verified"`
	Reason    string `json:"reason,omitempty"` // why it does not verify: invalid, untrusted, unsigned, malformed, hash
	Detail    string `json:"detail,omitempty"`
	KeyID     string `json:"keyId,omitempty"`
	Algorithm string `json:"algorithm,omitempty"`
	Source    string `json:"source,omitempty"`  // 98.004 SRC
	Created   string `json:"created,omitempty"` // 98.006 DCD
	Covered   int    `json:"covered,omitempty"` // records covered
	Hashes    int    `json:"hashes,omitempty"`  // image hashes checked
	TOT       string `json:"-"`
}

// Verify checks the Biogate signature of a transaction against the
// trusted keys (the partners' and the service's own). A traditional file
// is checked byte for byte (sign.VerifyBytes); XML and JSON through the
// model. A signature that does not verify is an *Error of
// KindUnverified carrying the Verification with its reason.
func (s *Service) Verify(ctx context.Context, b []byte) (*Verification, error) {
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var res *sign.Result
	if l.format == sniff.AN2 {
		res, err = sign.VerifyBytes(b, s.trusted)
	} else {
		res, err = sign.Verify(l.t, s.trusted)
	}
	return verification(res, err, l.t.Header().TypeOfTransaction())
}

// VerifyDetached checks jws, a detached signature of b (sign.VerifyDetached:
// what a delivery whose form has no Type-98 carries, header
// Biogate-Signature), against the trusted keys, over b exactly as given.
// b need not be a transaction; when it is one, its TOT is audited.
func (s *Service) VerifyDetached(ctx context.Context, b []byte, jws string) (*Verification, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := sign.VerifyDetached(b, jws, s.trusted)
	tot := ""
	if l, lerr := loadTransaction(ctx, b); lerr == nil {
		tot = l.t.Header().TypeOfTransaction()
	}
	return verification(res, err, tot)
}

// verification reports what sign.Verify, VerifyBytes or VerifyDetached
// found: the Verification, and when the signature does not verify an
// *Error of KindUnverified carrying it with its reason.
func verification(res *sign.Result, err error, tot string) (*Verification, error) {
	v := &Verification{Verified: err == nil, TOT: tot}
	if res != nil {
		v.KeyID, v.Algorithm, v.Source, v.Created, v.Covered, v.Hashes = res.KeyID, res.Algorithm, res.Source, res.Created, res.Covered, res.Hashes
	}
	if err == nil {
		return v, nil
	}
	switch {
	case errors.Is(err, sign.ErrNoSignature):
		v.Reason = "unsigned"
	case errors.Is(err, sign.ErrUntrusted):
		v.Reason = "untrusted"
	case errors.Is(err, sign.ErrMalformed), errors.Is(err, sign.ErrTooLarge):
		v.Reason = "malformed"
	case errors.Is(err, sign.ErrHash):
		v.Reason = "hash"
	default:
		v.Reason = "invalid"
	}
	v.Detail = strings.TrimPrefix(err.Error(), "sign: ")
	return nil, &Error{Kind: KindUnverified, Msg: "the signature does not verify (" + v.Reason + "): " + v.Detail, Verification: v}
}

// signed reports whether t carries a Biogate signature.
func signed(t *nist.Transaction) bool {
	_, err := sign.Verify(t, sign.NewKeySet())
	return !errors.Is(err, sign.ErrNoSignature)
}
