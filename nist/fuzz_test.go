package nist

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode checks on arbitrary input that decoding never panics or hangs
// and that what decodes survives the round trips: a lenient decode
// re-encodes to the input itself (or, where a wrong LEN was corrected, to
// bytes that decode to the same tree), and the JSON form gives the same
// bytes again. Seeds: the sample, every corpus transaction up to 16 KiB
// and the first 2 KiB of the larger ones (their headers: the fuzzer spends
// its time on structure rather than on image bytes).
func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile(samplePath); err == nil {
		f.Add(b)
	}
	if _, err := os.Stat(corpusDir); err == nil {
		for _, name := range corpusFiles(f) {
			b, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				f.Fatal(err)
			}
			if len(b) > 16<<10 {
				b = b[:2<<10]
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		strict, strictErr := DecodeBytes(in, nil)
		tr, err := DecodeBytes(in, &DecodeOptions{Lenient: true})
		if (strict == nil) == (strictErr == nil) {
			t.Fatalf("strict decode returned (%v, %v)", strict != nil, strictErr)
		}
		if tr == nil {
			if strict != nil {
				t.Fatal("strict decode succeeded where lenient failed")
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a FormatError: %v", err, err)
			}
			return
		}
		var problems Problems
		if err != nil && !errors.As(err, &problems) {
			t.Fatalf("lenient error %T is not Problems", err)
		}
		if (strict != nil) != (len(problems) == 0) {
			t.Fatalf("strict decode ok=%v but lenient found %d problems", strict != nil, len(problems))
		}
		out, err := Marshal(tr)
		if err != nil {
			t.Fatalf("encode after decode: %v", err)
		}
		if !bytes.Equal(out, in) {
			if !errors.Is(problems, ErrLength) {
				t.Fatalf("re-encoded bytes differ at %d with no LEN problem; problems: %v", firstDiff(out, in), problems)
			}
			tr2, _ := DecodeBytes(out, &DecodeOptions{Lenient: true})
			if tr2 == nil || !sameTree(tr, tr2) {
				t.Fatalf("re-encoded transaction does not decode to the same tree")
			}
			out2, err := Marshal(tr2)
			if err != nil || !bytes.Equal(out2, out) {
				t.Fatalf("second encode differs: %v", err)
			}
		}
		var doc bytes.Buffer
		if err := EncodeJSON(&doc, tr); err != nil {
			t.Fatal(err)
		}
		back, err := DecodeJSON(&doc)
		if err != nil {
			t.Fatalf("JSON form does not read back: %v", err)
		}
		out3, err := Marshal(back)
		if err != nil || !bytes.Equal(out3, out) {
			t.Fatalf("an2 -> json -> an2 differs (%v)", err)
		}
	})
}

// sameTree compares two transactions field by field, ignoring LEN values
// and offsets.
func sameTree(a, b *Transaction) bool {
	if len(a.Records) != len(b.Records) || !bytes.Equal(a.Trailing, b.Trailing) {
		return false
	}
	for i, ra := range a.Records {
		rb := b.Records[i]
		if ra.Type != rb.Type || len(ra.Fields) != len(rb.Fields) {
			return false
		}
		for k, fa := range ra.Fields {
			fb := rb.Fields[k]
			if fa.Number != fb.Number || fa.Binary != fb.Binary || fa.Tag != fb.Tag {
				return false
			}
			if fa.Number != 1 && !bytes.Equal(fa.Value, fb.Value) {
				return false
			}
		}
	}
	return true
}
