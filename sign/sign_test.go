package sign

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"
)

const sample = "../testdata/sample.an2"

// keys caches one generated key per algorithm (RSA generation is slow).
var keys sync.Map

func testKey(t testing.TB, alg jwa.SignatureAlgorithm) (jwk.Key, jwk.Set) {
	t.Helper()
	if k, ok := keys.Load(alg); ok {
		key := k.(jwk.Key)
		set, _ := PublicSet(key)
		return key, set
	}
	key, err := GenerateKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	keys.Store(alg, key)
	set, err := PublicSet(key)
	if err != nil {
		t.Fatal(err)
	}
	return key, set
}

func decodeFile(t testing.TB, name string) *nist.Transaction {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Skipf("sample not available (%v)", err)
	}
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tr
}

// signed returns the traditional encoding of the file name signed with a
// key for alg, and the trusted set holding that key.
func signed(t testing.TB, name string, alg jwa.SignatureAlgorithm) ([]byte, jwk.Set) {
	t.Helper()
	tr := decodeFile(t, name)
	key, set := testKey(t, alg)
	if err := Sign(tr, key, &Options{Time: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	b, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	return b, set
}

func TestSignVerifyEachAlgorithm(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(string(alg), func(t *testing.T) {
			b, set := signed(t, sample, alg)
			res, err := VerifyBytes(b, set)
			if err != nil {
				t.Fatal(err)
			}
			if res.Algorithm != string(alg) || res.KeyID == "" || res.Created != "20250301120000Z" {
				t.Errorf("result %+v", res)
			}
			// Another key of the same algorithm is not trusted.
			other, err := GenerateKey(alg)
			if err != nil {
				t.Fatal(err)
			}
			otherSet, _ := PublicSet(other)
			if _, err := VerifyBytes(b, otherSet); !errors.Is(err, ErrUntrusted) {
				t.Errorf("untrusted key: %v", err)
			}
			// A trusted key whose kid is reused for another key fails.
			pub, _ := other.PublicKey()
			_ = pub.Set(jwk.KeyIDKey, res.KeyID)
			forged := jwk.NewSet()
			_ = forged.AddKey(pub)
			if _, err := VerifyBytes(b, forged); !errors.Is(err, ErrInvalid) {
				t.Errorf("same kid, other key: %v", err)
			}
		})
	}
}

func TestVerifyStandalone(t *testing.T) {
	// The signature checks with a JWS library alone, given the canonical
	// form (RFC 7515 Appendix F, RFC 7797).
	for _, alg := range Algorithms {
		b, set := signed(t, sample, alg)
		tr, err := nist.DecodeBytes(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		sig := len(tr.Records) - 1
		form, err := CanonicalForm(tr, sig)
		if err != nil {
			t.Fatal(err)
		}
		key, _ := set.Key(0)
		compact := tr.Records[sig].Field(200).Value
		if _, err := jws.Verify(compact, jws.WithKey(alg, key), jws.WithDetachedPayload(form)); err != nil {
			t.Errorf("%s: jws.Verify: %v", alg, err)
		}
		if _, err := jws.Verify(compact, jws.WithKeySet(set), jws.WithDetachedPayload(form)); err != nil {
			t.Errorf("%s: jws.Verify with the key set: %v", alg, err)
		}
		form[len(form)/2] ^= 1
		if _, err := jws.Verify(compact, jws.WithKey(alg, key), jws.WithDetachedPayload(form)); err == nil {
			t.Errorf("%s: jws.Verify accepts a changed form", alg)
		}
	}
}

func TestSignedRecordFields(t *testing.T) {
	b, _ := signed(t, sample, jwa.ES256)
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := tr.Records[len(tr.Records)-1]
	if r.Type != 98 || r.Text(3) != FormatOwner || r.Text(5) != FormatType || r.Text(4) != tr.Header().OriginatingAgency() {
		t.Fatalf("Type-98: %q %q %q", r.Text(3), r.Text(4), r.Text(5))
	}
	if alf := r.Field(900).Subfields(); len(alf) != 1 || alf[0][0] != "added" || !strings.HasSuffix(alf[0][2], ",98.200,NA,NA") {
		t.Errorf("98.900 ALF %q", alf)
	}
	if c, ok := tr.Header().Content(); !ok || c[len(c)-1].Type != 98 {
		t.Errorf("1.003 CNT does not list the Type-98: %v", c)
	}
	for _, im := range tr.Images() {
		rec := im.Record()
		if hasTypes[rec.Type] && rec.Field(999) != nil && rec.Text(996) != ImageHash(im.Data()) {
			t.Errorf("Type-%d: HAS %q", rec.Type, rec.Text(996))
		}
	}
}

func TestAddRemoveRecord(t *testing.T) {
	b, set := signed(t, sample, jwa.EdDSA)
	load := func() *nist.Transaction {
		tr, err := nist.DecodeBytes(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	tests := []struct {
		name   string
		change func(tr *nist.Transaction)
	}{
		{"add a Type-2 at the end", func(tr *nist.Transaction) {
			r := nist.NewRecord(2)
			r.Set(3, "X")
			tr.AddRecord(r)
		}},
		{"remove record 2", func(tr *nist.Transaction) { tr.RemoveRecord(1) }},
		{"remove the last covered record", func(tr *nist.Transaction) { tr.RemoveRecord(len(tr.Records) - 2) }},
		{"move the signature first", func(tr *nist.Transaction) {
			n := len(tr.Records)
			sig := tr.Records[n-1]
			copy(tr.Records[2:], tr.Records[1:n-1])
			tr.Records[1] = sig
			tr.SyncCNT()
		}},
		{"remove a record without updating CNT", func(tr *nist.Transaction) {
			tr.Records = append(tr.Records[:1], tr.Records[2:]...)
		}},
		{"trailing bytes", func(tr *nist.Transaction) { tr.Trailing = []byte("2.001:17\x1d2.002:9\x1c") }},
		{"change 98.006", func(tr *nist.Transaction) { tr.Records[len(tr.Records)-1].Set(6, "20250301120001Z") }},
		{"change 98.004", func(tr *nist.Transaction) { tr.Records[len(tr.Records)-1].Set(4, "XX0000000") }},
		{"remove the signature", func(tr *nist.Transaction) { tr.RemoveRecord(len(tr.Records) - 1) }},
	}
	if _, err := Verify(load(), set); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := load()
			tt.change(tr)
			if res, err := Verify(tr, set); err == nil {
				t.Fatalf("verified: %+v", res)
			}
		})
	}
	// An ALF entry appended on the way (98.900 is an audit log) is allowed.
	tr := load()
	alf := tr.Records[len(tr.Records)-1].Field(900)
	alf.SetSubfields(append(alf.Subfields(), []string{"modified", "forwarded", "NA", "relay"})...)
	if _, err := Verify(tr, set); err != nil {
		t.Errorf("after an ALF entry: %v", err)
	}
}

func TestSignTwice(t *testing.T) {
	tr := decodeFile(t, sample)
	key, set := testKey(t, jwa.ES256)
	if err := Sign(tr, key, nil); err != nil {
		t.Fatal(err)
	}
	n := len(tr.Records)
	if err := Sign(tr, key, nil); !errors.Is(err, ErrSigned) {
		t.Fatalf("second Sign: %v", err)
	}
	if len(tr.Records) != n {
		t.Fatal("a refused Sign changed the transaction")
	}
	tr.Header().SetControlNumber("CHANGED")
	if _, err := Verify(tr, set); !errors.Is(err, ErrInvalid) {
		t.Fatalf("changed TCN: %v", err)
	}
	if err := Sign(tr, key, &Options{Replace: true}); err != nil {
		t.Fatal(err)
	}
	if len(tr.Records) != n {
		t.Errorf("%d records after replacing, want %d", len(tr.Records), n)
	}
	if _, err := Verify(tr, set); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyNoSignature(t *testing.T) {
	tr := decodeFile(t, sample)
	_, set := testKey(t, jwa.ES256)
	if _, err := Verify(tr, set); !errors.Is(err, ErrNoSignature) {
		t.Fatal(err)
	}
}

func TestKeyChecks(t *testing.T) {
	tr := decodeFile(t, sample)
	key, _ := testKey(t, jwa.ES256)
	if err := Sign(tr, key, &Options{Algorithm: jwa.RS256}); err == nil {
		t.Error("an EC key signs RS256")
	}
	pub, _ := key.PublicKey()
	if err := Sign(tr, pub, nil); err == nil {
		t.Error("a public key signs")
	}
	hmac, _ := jwk.FromRaw([]byte("0123456789abcdef0123456789abcdef"))
	if err := Sign(tr, hmac, nil); err == nil {
		t.Error("a symmetric key signs")
	}
	if _, err := ParseAlgorithm("HS256"); err == nil {
		t.Error("HS256 accepted")
	}
}

func TestXMLRoundTrip(t *testing.T) {
	for _, alg := range Algorithms {
		b, set := signed(t, sample, alg)
		tr, err := nist.DecodeBytes(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		x, _, err := nistxml.Marshal(tr, nil)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := nistxml.Unmarshal(x, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(doc.Transaction, set); err != nil {
			t.Errorf("%s: after XML: %v", alg, err)
		}
		back, err := nist.Marshal(doc.Transaction)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := VerifyBytes(back, set); err != nil {
			t.Errorf("%s: after XML and back to an2: %v", alg, err)
		}
	}
}
