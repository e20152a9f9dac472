package exchange

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/biogate/biogate/iso"
)

// TestLoadSameModel: a transaction read from XML or the JSON form is the
// model the traditional encoding gives, LEN values included, on the one
// path the CLI and the service share (the core used to keep XML and JSON
// input as decoded, without 1.001 and the other LEN fields, while the
// CLI read them back).
func TestLoadSameModel(t *testing.T) {
	an2, err := os.ReadFile("../../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want, err := Load(ctx, an2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"xml", "json"} {
		out, err := Convert(ctx, an2, ConvertOptions{To: to})
		if err != nil {
			t.Fatalf("to %s: %v", to, err)
		}
		got, err := Load(ctx, out.Body, nil)
		if err != nil {
			t.Fatalf("%s: %v", to, err)
		}
		if len(got.Transaction.Records) != len(want.Transaction.Records) {
			t.Fatalf("%s: %d records, want %d", to, len(got.Transaction.Records), len(want.Transaction.Records))
		}
		for i, r := range want.Transaction.Records {
			g := got.Transaction.Records[i]
			if len(g.Fields) != len(r.Fields) {
				t.Errorf("%s: record %d has %d fields, want %d", to, i+1, len(g.Fields), len(r.Fields))
				continue
			}
			if r.Type != 4 && g.Field(1).Text() != r.Field(1).Text() {
				t.Errorf("%s: record %d LEN %q, want %q", to, i+1, g.Field(1).Text(), r.Field(1).Text())
			}
		}
		in, err := Inspect(ctx, out.Body)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(in.Transaction.Records[0].Fields); n != len(want.Transaction.Records[0].Fields) {
			t.Errorf("%s: Inspect counts %d Type-1 fields, want %d", to, n, len(want.Transaction.Records[0].Fields))
		}
	}
}

// TestLoadStrict: strict reading refuses what a lenient read recovers
// from, for each family.
func TestLoadStrict(t *testing.T) {
	an2, err := os.ReadFile("../../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(an2, []byte("2.001:101"), []byte("2.001:100"), 1)
	ctx := context.Background()
	in, err := Load(ctx, broken, nil)
	if err != nil || len(in.Problems) == 0 || len(in.Notes()) == 0 {
		t.Fatalf("lenient: %v, %d problems", err, len(in.Problems))
	}
	if _, err := Load(ctx, broken, &LoadOptions{Strict: true}); KindOf(err) != KindUnreadable {
		t.Errorf("strict: %v, want KindUnreadable", err)
	}
	if _, err := Load(ctx, an2, &LoadOptions{As: iso.Format("iso19794-9:2099")}); KindOf(err) != KindInvalid {
		t.Errorf("unknown --as: %v, want KindInvalid", err)
	}
}
