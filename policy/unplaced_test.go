package policy

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/biogate/biogate/nist"
)

// TestRedactUnplacedBytes: bytes after the last record listed in 1.003
// belong to no record type and no field number, so no policy allows them:
// Redact removes them and says so, even when it removes nothing else.
func TestRedactUnplacedBytes(t *testing.T) {
	b, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("2.018:DOE, JOHN\x1d2.020:SECRET\x1c")
	tr, err := nist.DecodeBytes(append(append([]byte(nil), b...), secret...), &nist.DecodeOptions{Lenient: true})
	if tr == nil {
		t.Fatal(err)
	}
	if !bytes.Equal(tr.Trailing, secret) {
		t.Fatalf("the decoder kept %q as trailing bytes, want %q", tr.Trailing, secret)
	}
	all := &Policy{Partner: "all", Read: Read{Access: Access{TransactionTypes: []string{Any}, RecordTypes: allTypes()}, AllType2: true}}
	view, removed := all.Redact(tr)
	if len(view.Trailing) != 0 {
		t.Errorf("the view keeps %d unplaced bytes", len(view.Trailing))
	}
	if len(removed) != 1 || removed[0].Record != 0 || removed[0].Unplaced != len(secret) {
		t.Fatalf("removed %+v, want the %d unplaced bytes only", removed, len(secret))
	}
	if s := removed[0].String(); !strings.Contains(s, "bytes after the last record") {
		t.Errorf("removal text %q", s)
	}
	out, err := nist.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("DOE")) || !bytes.Equal(out, b) {
		t.Error("the encoded view is not the transaction without its unplaced bytes")
	}
	if !bytes.Equal(tr.Trailing, secret) {
		t.Error("Redact changed the stored transaction")
	}
}

func allTypes() []int {
	var out []int
	for i := 2; i <= 99; i++ {
		out = append(out, i)
	}
	return out
}
