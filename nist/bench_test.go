package nist

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// loadCorpus reads every readable traditional file of the corpus.
func loadCorpus(b *testing.B) (files [][]byte, total int64) {
	b.Helper()
	for _, name := range corpusFiles(b) {
		if failDecoder(name) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		total += int64(len(data))
	}
	return files, total
}

// BenchmarkDecode decodes every corpus transaction (lenient, as a service
// reading partner input would) per iteration; MB/s is over the input bytes.
func BenchmarkDecode(b *testing.B) {
	files, total := loadCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if t, _ := DecodeBytes(f, &DecodeOptions{Lenient: true}); t == nil {
				b.Fatal("decode failed")
			}
		}
	}
}

// BenchmarkEncode encodes the decoded corpus to io.Discard (the encoder's
// own work) and BenchmarkMarshal into a new buffer (with the copy).
func BenchmarkEncode(b *testing.B) {
	ts, total := decodedCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range ts {
			if err := Encode(io.Discard, t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	ts, total := decodedCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range ts {
			if _, err := Marshal(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRoundTrip is the figure the issue asks for: decode plus
// re-encode of the whole corpus into bytes, on one core. The Fresh variant
// allocates a new output for each transaction (Marshal); the Reused one
// appends into one buffer kept across transactions (Append), as a service
// converting a stream of transactions would.
func BenchmarkRoundTrip(b *testing.B) {
	files, total := loadCorpus(b)
	b.Run("Fresh", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range files {
				t, _ := DecodeBytes(f, &DecodeOptions{Lenient: true})
				if _, err := Marshal(t); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Reused", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			for _, f := range files {
				t, _ := DecodeBytes(f, &DecodeOptions{Lenient: true})
				var err error
				if buf, err = Append(buf[:0], t); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func decodedCorpus(b *testing.B) ([]*Transaction, int64) {
	files, total := loadCorpus(b)
	ts := make([]*Transaction, len(files))
	for i, f := range files {
		ts[i], _ = DecodeBytes(f, &DecodeOptions{Lenient: true})
	}
	return ts, total
}
