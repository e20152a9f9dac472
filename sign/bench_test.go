package sign

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/nist"
)

// tenPrint is the ten-print the benchmarks sign: Type-4 and Type-14 slaps.
const tenPrint = "jnbis/ansi/references/type-4-14-slaps.an2"

func benchFile(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join(corpusDir, tenPrint))
	if err != nil {
		b.Skipf("corpus not available (%v); the benchmarks read ../shared/corpus", err)
	}
	return data
}

// BenchmarkSHA256 is the floor: one SHA-256 over the transaction's bytes.
func BenchmarkSHA256(b *testing.B) {
	data := benchFile(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sha256.Sum256(data)
	}
}

// BenchmarkSign signs the decoded ten-print again and again (Replace), so
// each iteration sets the HAS fields, builds the canonical form and signs.
func BenchmarkSign(b *testing.B) {
	data := benchFile(b)
	for _, alg := range Algorithms {
		b.Run(string(alg), func(b *testing.B) {
			t, err := nist.DecodeBytes(data, nil)
			if err != nil {
				b.Fatal(err)
			}
			key, _ := testKey(b, alg)
			opts := &Options{Replace: true}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := Sign(t, key, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify verifies a decoded signed ten-print: canonical form,
// signature, HAS of every image.
func BenchmarkVerify(b *testing.B) {
	data := benchFile(b)
	for _, alg := range Algorithms {
		b.Run(string(alg), func(b *testing.B) {
			signedBytes, set := signed(b, filepath.Join(corpusDir, tenPrint), alg)
			t, err := nist.DecodeBytes(signedBytes, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Verify(t, set); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyBytes adds decoding and the check that the bytes are the
// records' encoding, as `biogate verify` does.
func BenchmarkVerifyBytes(b *testing.B) {
	data := benchFile(b)
	signedBytes, set := signed(b, filepath.Join(corpusDir, tenPrint), Algorithms[0])
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := VerifyBytes(signedBytes, set); err != nil {
			b.Fatal(err)
		}
	}
}
