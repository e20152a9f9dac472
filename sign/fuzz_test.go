package sign

import (
	"os"
	"testing"

	"github.com/biogate/biogate/nist"
	"github.com/lestrrat-go/jwx/v2/jwa"
)

// FuzzVerifyBytes feeds arbitrary bytes, seeded with a signed transaction,
// to VerifyBytes, which reads signatures partners send: it must never
// panic, and anything it accepts must carry exactly the content signed:
// the same canonical form as the seed (only 98.900 ALF, which grows as
// the transaction travels, lies outside the signature).
func FuzzVerifyBytes(f *testing.F) {
	key, err := GenerateKey(jwa.ES256)
	if err != nil {
		f.Fatal(err)
	}
	set, err := PublicSet(key)
	if err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile("../testdata/sample.an2")
	if err != nil {
		f.Fatal(err)
	}
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		f.Fatal(err)
	}
	if err := Sign(tr, key, nil); err != nil {
		f.Fatal(err)
	}
	signed, err := nist.Marshal(tr)
	if err != nil {
		f.Fatal(err)
	}
	want, err := CanonicalForm(tr, len(tr.Records)-1)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add(b)
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := VerifyBytes(in, set)
		if err != nil {
			return
		}
		got, _ := nist.DecodeBytes(in, &nist.DecodeOptions{Lenient: true})
		if got == nil {
			t.Fatal("verified bytes that do not decode")
		}
		c, err := CanonicalForm(got, res.Record)
		if err != nil || string(c) != string(want) {
			t.Fatalf("bytes whose signed content differs from the seed's verify")
		}
	})
}
