package xml

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/nist"
)

func benchInput(b *testing.B) []byte {
	p := filepath.Join(corpus, "interpol-inti/XMLsamples/Sample-NPS-INT-ITransaction.xml")
	x, err := os.ReadFile(p)
	if err != nil {
		b.Skipf("corpus sample absent: %v", err)
	}
	return x
}

// BenchmarkUnmarshal measures XML decoding in MB/s of XML.
func BenchmarkUnmarshal(b *testing.B) {
	x := benchInput(b)
	b.SetBytes(int64(len(x)))
	for b.Loop() {
		if _, err := Unmarshal(x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshal measures XML encoding in MB/s of XML written.
func BenchmarkMarshal(b *testing.B) {
	doc, err := Unmarshal(benchInput(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	var t *nist.Transaction = doc.Transaction
	out, _, err := Marshal(t, &EncodeOptions{Dialect: DialectINTI})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	for b.Loop() {
		if _, _, err := Marshal(t, &EncodeOptions{Dialect: DialectINTI}); err != nil {
			b.Fatal(err)
		}
	}
}
