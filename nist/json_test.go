package nist

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/schema"
)

func compileSchema(t testing.TB) *schema.Schema {
	t.Helper()
	s, err := schema.Compile(JSONSchema)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(t testing.TB, s *schema.Schema, doc []byte) error {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return err
	}
	return s.Validate(v)
}

// TestCorpusJSON converts every readable corpus transaction to the JSON
// form, validates the document against the JSON Schema, reads it back and
// checks that the traditional encoding is byte-identical to the file.
func TestCorpusJSON(t *testing.T) {
	schema := compileSchema(t)
	n := 0
	for _, name := range corpusFiles(t) {
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := DecodeBytes(b, &DecodeOptions{Lenient: true})
		if tr == nil {
			continue // fail_decoder: covered by TestCorpusRoundTrip
		}
		var doc bytes.Buffer
		if err := EncodeJSON(&doc, tr); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := validateJSON(t, schema, doc.Bytes()); err != nil {
			t.Errorf("%s: JSON form does not validate: %v", name, err)
			continue
		}
		back, err := DecodeJSON(bytes.NewReader(doc.Bytes()))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out, err := Marshal(back)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, b) {
			t.Errorf("%s: an2 -> json -> an2 differs at byte %d", name, firstDiff(out, b))
			continue
		}
		n++
	}
	t.Logf("%d corpus transactions: an2 -> json (schema-valid) -> an2 byte-identical", n)
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"not json", `{`, "unexpected EOF"},
		{"wrong format", `{"format":"x","formatVersion":1,"records":[]}`, `format "x"`},
		{"unknown member", `{"format":"biogate-an2","formatVersion":1,"records":[],"extra":1}`, "unknown field"},
		{"bad type", `{"format":"biogate-an2","formatVersion":1,"records":[{"type":0,"fields":[]}]}`, "records[0].type"},
		{"tag of other type", `{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[{"tag":"2.001","value":"1"}]}]}`, "records[0].fields[0].tag"},
		{"two values", `{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[{"tag":"1.001","value":"1","bytes":"AA=="}]}]}`, "exactly one"},
		{"separator in value", `{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[{"tag":"1.001","value":"1\u001d2"}]}]}`, "separator"},
		{"empty subfield", `{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[{"tag":"1.003","subfields":[[]]}]}]}`, "subfields[0]"},
		{"bad base64", `{"format":"biogate-an2","formatVersion":1,"records":[{"type":14,"fields":[{"tag":"14.999","binary":"!!"}]}]}`, "base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeJSON(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
