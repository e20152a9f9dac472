package xml

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/nist"
)

// TestDateTimeCodec checks the date and date-time conversions both ways:
// zone offsets become UTC on the way to the traditional encoding
// (ANSI/NIST-ITL 1-2011 §7.7.2.2), dates lose their zone (§7.7.2.3).
func TestDateTimeCodec(t *testing.T) {
	from := []struct{ xml, trad string }{
		{"2016-04-10T10:46:32-05:00", "20160410154632Z"},
		{"2016-04-10T22:46:32-05:00", "20160411034632Z"},
		{"2016-01-01T00:30:00+01:00", "20151231233000Z"},
		{"2016-04-10T10:46:32+00:00", "20160410104632Z"},
		{"2016-04-10T10:46:32Z", "20160410104632Z"},
		{"2016-04-10T10:46:32", "20160410104632"},
		{"2016-04-10", "20160410"},
		{"2016-04-10+02:00", "20160410"},
		{"2016-04-10Z", "20160410"},
		{"2016-04-10T10:46:32.5Z", "2016-04-10T10:46:32.5Z"},       // kept: no fraction in traditional
		{"2016-04-10T10:46:32+15:00", "2016-04-10T10:46:32+15:00"}, // no valid offset
		{"not a date", "not a date"},
	}
	for _, c := range from {
		if got := dtFromXML(c.xml); got != c.trad {
			t.Errorf("dtFromXML(%q) = %q, want %q", c.xml, got, c.trad)
		}
	}
	to := []struct {
		trad, xml string
		dateTime  bool
	}{
		{"20160410154632Z", "2016-04-10T15:46:32Z", true},
		{"20160410", "2016-04-10", false},
		{"20160410104632", "2016-04-10T10:46:32", true},
	}
	for _, c := range to {
		got, dt := dtToXML(c.trad)
		if got != c.xml || dt != c.dateTime {
			t.Errorf("dtToXML(%q) = %q, %v; want %q, %v", c.trad, got, dt, c.xml, c.dateTime)
		}
		if back := dtFromXML(got); back != c.trad {
			t.Errorf("dtFromXML(dtToXML(%q)) = %q", c.trad, back)
		}
	}
}

// TestGMTOffsetBothWays reads the INT-I MPS sample, whose 1.014 GMT is
// "2016-04-10T10:46:32-05:00": XML -> traditional gives the UTC form,
// traditional -> XML writes the same instant with "Z", and traditional ->
// XML -> traditional gives back the same bytes.
func TestGMTOffsetBothWays(t *testing.T) {
	needCorpus(t)
	b, err := os.ReadFile(filepath.Join(corpus, "interpol-inti/XMLsamples/Sample-MPS-INT-ITransaction.xml"))
	if err != nil {
		t.Skip(err)
	}
	if !bytes.Contains(b, []byte("2016-04-10T10:46:32-05:00")) {
		t.Fatal("sample no longer has the offset date-time this test is about")
	}
	doc, err := Unmarshal(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	gmt := doc.Transaction.Records[0].Field(14)
	if gmt == nil || string(gmt.Value) != "20160410154632Z" {
		t.Fatalf("1.014 GMT = %v, want 20160410154632Z", gmt)
	}
	found := false
	for _, f := range doc.Findings {
		found = found || strings.Contains(f.Msg, "converted to UTC 20160410154632Z")
	}
	if !found {
		t.Errorf("no finding reports the conversion to UTC: %v", doc.Findings)
	}
	an2, err := nist.Marshal(doc.Transaction)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := nist.DecodeBytes(an2, &nist.DecodeOptions{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	x, _, err := Marshal(tr, &EncodeOptions{Dialect: DialectINTI})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(x, []byte("<nc:DateTime>2016-04-10T15:46:32Z</nc:DateTime>")) {
		t.Errorf("re-encoded XML lacks the UTC date-time")
	}
	doc2, err := Unmarshal(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := nist.Marshal(doc2.Transaction)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, an2) {
		t.Errorf("traditional -> XML -> traditional differs at byte %d", firstDiff(back, an2))
	}
	if canonInstant("2016-04-10T10:46:32-05:00") != canonInstant("2016-04-10T15:46:32Z") {
		t.Errorf("canonInstant does not compare instants")
	}
}
