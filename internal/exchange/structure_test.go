package exchange

import (
	"bytes"
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/nist"
)

// shortCNT is testdata/sample.an2 with its last record left out of 1.003
// CNT, in the traditional encoding (LEN values right) and in the JSON form
// with every tagged record's LEN "0".
func shortCNT(t *testing.T) (an2, js []byte) {
	t.Helper()
	tr := sampleTransaction(t)
	cnt := tr.Records[0].Field(3)
	subs := bytes.Split(cnt.Value, []byte{nist.RS})
	subs[0] = []byte("1\x1f" + string(rune('0'+len(subs)-2)))
	cnt.Value = bytes.Join(subs[:len(subs)-1], []byte{nist.RS})
	an2, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tr.Records {
		if !nist.IsBinaryType(r.Type) {
			r.Field(1).Value = []byte("0")
		}
	}
	var buf bytes.Buffer
	if err := nist.EncodeJSON(&buf, tr); err != nil {
		t.Fatal(err)
	}
	return an2, buf.Bytes()
}

func errorIDs(fs []conformance.Finding) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if f.Severity == conformance.Error && !seen[f.Assertion] {
			seen[f.Assertion] = true
			out = append(out, f.Assertion)
		}
	}
	sort.Strings(out)
	return out
}

// TestJSONFormStructureChecked: a JSON transaction whose CNT lists fewer
// records than it carries, with LEN "0", was reported conformant and
// accepted, and the an2 delivered from it did not decode. Its verdict is
// now that of the same transaction in the traditional encoding, plus the
// LEN values, and Submit refuses it.
func TestJSONFormStructureChecked(t *testing.T) {
	an2, js := shortCNT(t)
	s := newService(t)
	ctx := context.Background()
	trad, err := s.Validate(ctx, an2, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := s.Validate(ctx, js, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if trad.Conformant || fromJSON.Conformant {
		t.Fatalf("conformant: traditional %v, JSON form %v; want both refused", trad.Conformant, fromJSON.Conformant)
	}
	want, got := errorIDs(trad.Findings), errorIDs(fromJSON.Findings)
	for _, id := range want {
		if !strings.Contains(strings.Join(got, " "), id) {
			t.Errorf("the JSON form lacks the traditional verdict's error %s (JSON: %v, traditional: %v)", id, got, want)
		}
	}
	lens := 0
	for _, f := range fromJSON.Findings {
		if f.Assertion == "JSON.len" && f.Severity == conformance.Error {
			lens++
		}
	}
	if lens == 0 {
		t.Errorf("no finding says the LEN values are wrong: %+v", fromJSON.Findings)
	}
	if _, err := s.Submit(ctx, Caller{Partner: "ipsg"}, js); KindOf(err) != KindNonconformant {
		t.Errorf("Submit of the JSON form: %v, want nonconformant", err)
	}
}

// TestJSONFormInvalidUTF8 checks that a value that is not UTF-8 is
// refused with where it is, not replaced by U+FFFD.
func TestJSONFormInvalidUTF8(t *testing.T) {
	b, err := os.ReadFile("../../testdata/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(`"BIOGATE-SAMPLE-0001"`))
	if i < 0 {
		t.Fatal("sample.json has no TCN to spoil")
	}
	bad := append(append(append([]byte{}, b[:i+1]...), 0xff), b[i+1:]...)
	rep, err := newService(t).Validate(context.Background(), bad, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Conformant || len(rep.Findings) == 0 {
		t.Fatalf("invalid UTF-8 accepted: %+v", rep.Findings)
	}
	msg := rep.Findings[0].Message
	if !strings.Contains(msg, "UTF-8") || !strings.Contains(msg, "/records/0/fields/") || !strings.Contains(msg, "byte") {
		t.Errorf("finding %q does not say where the invalid UTF-8 is", msg)
	}
}
