package reply

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// corpus is the shared corpus beside the checkout.
const corpus = "../../../shared/corpus"

var update = flag.Bool("update", false, "rewrite the goldens in testdata")

// now is the instant the tests' replies are made.
var now = time.Date(2026, 12, 3, 10, 46, 32, 0, time.UTC)

// fixedTCNs gives the tests' replies INT-I TCNs of 2026, serial 1, 2, ...
func fixedTCNs(n int) string {
	s, _ := INTITCN(26, int64(n+1))
	return s
}

func needCorpus(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(corpus, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file absent (%v): this test reads %s", err, rel)
	}
	return p
}

// intiSample decodes one of INTERPOL's XML samples.
func intiSample(t testing.TB, name string) *nist.Transaction {
	t.Helper()
	b, err := os.ReadFile(needCorpus(t, "interpol-inti/XMLsamples/"+name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := nistxml.Unmarshal(b, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d.Transaction
}

// an2File decodes a traditional file of the corpus.
func an2File(t testing.TB, rel string) *nist.Transaction {
	t.Helper()
	b, err := os.ReadFile(needCorpus(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
	if tr == nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return tr
}

// type2 returns the first Type-2 record of tr.
func type2(t testing.TB, tr *nist.Transaction) *nist.Record {
	t.Helper()
	if r := searchType2(tr); r != nil {
		return r
	}
	t.Fatal("no Type-2 record")
	return nil
}

var profiles sync.Map // name -> *conformance.Catalogue

// profile loads a named profile ("inti", "ebts") from the corpus once.
func profile(t testing.TB, name string) *conformance.Catalogue {
	t.Helper()
	if c, ok := profiles.Load(name); ok {
		return c.(*conformance.Catalogue)
	}
	dir := map[string]string{"inti": "interpol-inti/MRT", "ebts": "openebts/EBTS9.1_ENUS.txt"}[name]
	needCorpus(t, dir)
	c, err := conformance.LoadProfile(name, corpus)
	if err != nil {
		t.Fatal(err)
	}
	profiles.Store(name, c)
	return c
}

// errorsOf returns the assertion ids of the report's errors, with their
// messages, one a line.
func errorsOf(rep *conformance.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Severity == conformance.Error {
			out = append(out, f.Assertion+": "+f.Message)
		}
	}
	return out
}

// roundTrip encodes tr in the traditional encoding, decodes it and checks
// that it reads back to the same records and fields and re-encodes to
// the same bytes. It returns the bytes.
func roundTrip(t *testing.T, tr *nist.Transaction) []byte {
	t.Helper()
	b, err := nist.Marshal(tr)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	back, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatalf("the encoded reply does not decode strictly: %v", err)
	}
	if dump(back) != dump(tr) {
		t.Errorf("the reply reads back differently:\n%s\nwant\n%s", dump(back), dump(tr))
	}
	if b2, err := nist.Marshal(back); err != nil || !bytes.Equal(b, b2) {
		t.Errorf("the decoded reply does not re-encode to the same bytes (%v)", err)
	}
	return b
}

// dump writes the fields of tr one a line, separators made visible; LEN
// (xx.001) is left out, as it is computed on encoding.
func dump(tr *nist.Transaction) string {
	var sb strings.Builder
	vis := strings.NewReplacer("\x1e", "<RS>", "\x1f", "<US>")
	for _, r := range tr.Records {
		for _, f := range r.Fields {
			if f.Number == 1 {
				continue
			}
			sb.WriteString(nist.FieldTag(r.Type, f.Number) + ": " + vis.Replace(f.Text()) + "\n")
		}
	}
	return sb.String()
}
