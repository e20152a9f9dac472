package sign

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/nist"
	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"
)

// Options adjusts signing. The zero value (or nil) takes every default.
type Options struct {
	// Algorithm overrides the algorithm the key implies; it must fit the
	// key.
	Algorithm jwa.SignatureAlgorithm

	// Source is 98.004 SRC, the signing agency; "" means 1.008 ORI.
	Source string

	// Agent is the agent (AGT) of the 98.900 ALF entry; "" means
	// "biogate".
	Agent string

	// Time is 98.006 DCD; the zero value means now.
	Time time.Time

	// Replace removes a Biogate signature already in the transaction
	// instead of refusing to sign it.
	Replace bool
}

// Protected header parameters of this package's format (see the package
// documentation): copies of 98.004 SRC and 98.006 DCD.
const (
	headerSrc = "src"
	headerDCD = "dcd"
)

// Sign signs t with key: it sets xx.996 HAS on every image record, appends
// a Type-98 record (updating 1.003 CNT) and puts the JWS over the canonical
// form into its field 98.200. On error the Type-98 record is not added, but
// HAS fields already set stay, and so does the removal of a replaced
// signature.
func Sign(t *nist.Transaction, key jwk.Key, opts *Options) error {
	if opts == nil {
		opts = &Options{}
	}
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return errors.New("sign: the transaction has no Type-1 record")
	}
	if len(t.Trailing) > 0 {
		return fmt.Errorf("sign: the transaction has %d bytes after its last record, which a signature cannot cover", len(t.Trailing))
	}
	alg, kid, err := signingKey(key, opts.Algorithm)
	if err != nil {
		return err
	}
	if old := signatureRecords(t); len(old) > 0 {
		if !opts.Replace {
			return fmt.Errorf("%w: record %d", ErrSigned, old[0]+1)
		}
		for i := len(old) - 1; i >= 0; i-- {
			t.RemoveRecord(old[i])
		}
	}

	src := opts.Source
	if src == "" {
		src = t.Header().OriginatingAgency()
	}
	when := opts.Time
	if when.IsZero() {
		when = time.Now()
	}
	dcd := when.UTC().Format("20060102150405Z")
	agent := opts.Agent
	if agent == "" {
		agent = "biogate"
	}

	SetHashes(t)
	r := nist.NewRecord(98)
	r.Set(fieldDFO, FormatOwner)
	r.Set(fieldSRC, src)
	r.Set(fieldDFT, FormatType)
	r.Set(fieldDCD, dcd)
	t.AddRecord(r)
	idx := len(t.Records) - 1
	idc, _ := r.IDC()

	compact, err := signForm(t, idx, key, alg, kid, src, dcd)
	if err != nil {
		t.RemoveRecord(idx)
		return err
	}
	r.Set(fieldSig, string(compact))
	// ALF item layout: EVT, EVR, IID, AGT (SP 500-290 Ed. 2, 98.900).
	r.SetSubfields(fieldALF, []string{"added",
		fmt.Sprintf("JWS %s signature, kid %s", alg, kid),
		fmt.Sprintf("%d,98.200,NA,NA", idc), agent})
	return nil
}

// signingKey checks that key is a private key for want (when given) and
// returns its algorithm and its "kid", by default its thumbprint.
func signingKey(key jwk.Key, want jwa.SignatureAlgorithm) (jwa.SignatureAlgorithm, string, error) {
	if ok, _ := jwk.IsPrivateKey(key); !ok {
		return "", "", errors.New("sign: the key is not a private key")
	}
	alg, err := keyAlgorithm(key, want)
	if err != nil {
		return "", "", err
	}
	kid := key.KeyID()
	if kid == "" {
		kid = Thumbprint(key)
	}
	return alg, kid, nil
}

// signForm signs the canonical form of t for the signature in record idx
// and returns the detached compact JWS. The JWS signing input (RFC 7515
// §5.1 with RFC 7797 §3: ASCII(BASE64URL(header)) || "." || payload) is
// built in one buffer, the canonical form written straight after the
// header, so signing costs one pass over the bytes and their hash.
func signForm(t *nist.Transaction, idx int, key jwk.Key, alg jwa.SignatureAlgorithm, kid, src, dcd string) ([]byte, error) {
	protected, err := protectedHeader(alg, kid, headerParam{headerSrc, src}, headerParam{headerDCD, dcd})
	if err != nil {
		return nil, err
	}
	input, err := signingInput(t, idx, protected)
	if err != nil {
		return nil, err
	}
	return signInput(input, protected, key, alg)
}

// headerParam is one protected header parameter beyond those every
// signature of this package has.
type headerParam struct {
	k string
	v any
}

// protectedHeader returns the encoded protected header (BASE64URL of its
// JSON, RFC 7515 §7.1) of a signature of this package: "alg", "kid",
// "b64": false with "crit": ["b64"] (RFC 7797 §3, §6), then extra.
func protectedHeader(alg jwa.SignatureAlgorithm, kid string, extra ...headerParam) (string, error) {
	h := jws.NewHeaders()
	params := append([]headerParam{
		{jws.AlgorithmKey, alg},
		{jws.KeyIDKey, kid},
		{"b64", false}, // RFC 7797 §3: the payload is not base64url-encoded
		{jws.CriticalKey, []string{"b64"}},
	}, extra...)
	for _, p := range params {
		if err := h.Set(p.k, p.v); err != nil {
			return "", fmt.Errorf("sign: header %s: %w", p.k, err)
		}
	}
	hj, err := json.Marshal(h)
	if err != nil {
		return "", fmt.Errorf("sign: header: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(hj), nil
}

// signInput signs the JWS signing input and returns the detached compact
// serialization "protected..signature" (RFC 7515 Appendix F).
func signInput(input []byte, protected string, key jwk.Key, alg jwa.SignatureAlgorithm) ([]byte, error) {
	signer, err := jws.NewSigner(alg)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	sig, err := signer.Sign(input, key)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return []byte(protected + ".." + base64.RawURLEncoding.EncodeToString(sig)), nil
}
