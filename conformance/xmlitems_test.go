package conformance

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// TestINTIXMLItems: items INT-I adds in its XML encoding only (1.017 DAC
// and OAC, MRT [01.017-C]/[01.017-D]) are not counted against the base
// standard's two ANM items when the transaction came from XML under the
// INT-I profile, and still are in the traditional encoding, or without
// the profile.
func TestINTIXMLItems(t *testing.T) {
	inti := loadOrSkip(t, func() (*Catalogue, error) { return LoadINTIProfile(intiDir) })
	if inti.XMLItems["1.017"] == "" {
		t.Fatalf("the INT-I profile names no XML-only item of 1.017: %v", inti.XMLItems)
	}
	path := filepath.Join(corpusDir, "interpol-inti", "XMLsamples", "Sample-SRE-HIT_CPS-INT-ITransaction.xml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("INT-I sample absent: %v", err)
	}
	doc, err := nistxml.Unmarshal(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := anmItems(doc.Transaction); n != 4 {
		t.Fatalf("the sample's 1.017 holds %d items; the test expects INT-I's 4 (DAN, OAN, DAC, OAC)", n)
	}
	const id = "AN2011.1.017.items"
	for _, c := range []struct {
		name     string
		opts     Options
		reported bool
	}{
		{"XML under INT-I", Options{Profiles: []*Catalogue{inti}, XML: true}, false},
		{"XML, base only", Options{XML: true}, true},
		{"traditional under INT-I", Options{Profiles: []*Catalogue{inti}}, true},
	} {
		rep := Check(doc.Transaction, nil, &c.opts)
		got := false
		for _, f := range rep.Findings {
			got = got || f.Assertion == id
		}
		if got != c.reported {
			t.Errorf("%s: %s reported %v, want %v", c.name, id, got, c.reported)
		}
	}
}

func anmItems(t *nist.Transaction) int {
	f := t.Records[0].Field(17)
	if f == nil {
		return 0
	}
	return len(f.Subfields()[0])
}
