package xml

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/biogate/biogate/nist"
)

// TestSamplesDecode decodes every XML sample of the corpus (MANIFEST format
// nist-xml): the INT-I samples and the 2008 round-trip sample.
func TestSamplesDecode(t *testing.T) {
	for _, name := range manifest(t, "nist-xml") {
		b, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			t.Error(err)
			continue
		}
		doc, err := Unmarshal(b, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		t.Logf("%s: dialect %s, %d records, %d elements not carried", name, doc.Dialect, len(doc.Transaction.Records), len(doc.Findings))
	}
}

// TestINTIRoundTrip converts the INT-I samples to traditional and back and
// compares the documents after canonicalisation (leaf elements by namespace
// URI path and value, RecordCategoryCode without leading zeros, date-times
// as instants: see canonInstant), leaving
// out the elements Unmarshal reported it could not carry.
func TestINTIRoundTrip(t *testing.T) {
	needCorpus(t)
	files, _ := filepath.Glob(filepath.Join(corpus, "interpol-inti/XMLsamples/*.xml"))
	dir := t.TempDir()
	var written []string
	equivalent := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Unmarshal(b, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		an2, err := nist.Marshal(doc.Transaction)
		if err != nil {
			t.Errorf("%s: to traditional: %v", name, err)
			continue
		}
		tr, err := nist.DecodeBytes(an2, &nist.DecodeOptions{Lenient: true})
		if err != nil {
			t.Errorf("%s: re-reading traditional: %v", name, err)
			continue
		}
		x, findings, err := Marshal(tr, &EncodeOptions{Dialect: DialectINTI})
		if err != nil {
			t.Errorf("%s: to XML: %v", name, err)
			continue
		}
		p := filepath.Join(dir, filepath.Base(name))
		os.WriteFile(p, x, 0o644)
		written = append(written, p)
		dropped := map[string]bool{}
		for _, f := range doc.Findings {
			if i := strings.Index(f.Msg, " ({"); i > 0 && strings.HasPrefix(f.Msg, "element ") {
				dropped[f.Msg[len("element "):i]] = true
			}
		}
		want, got := canon(t, b, dropped), canon(t, x, nil)
		missing, extra := diff(want, got)
		t.Logf("%s: %d traditional bytes; %d leaf elements compared; %d not carried by traditional; encoder findings %d; missing %d, extra %d",
			filepath.Base(name), len(an2), len(want), len(dropped), len(findings), len(missing), len(extra))
		base := filepath.Base(name)
		report := t.Logf
		if intiEquivalent[base] {
			report = t.Errorf // equivalent before: a difference is a regression
		}
		for _, m := range missing {
			report("%s: lost %s", base, m)
		}
		for _, m := range extra {
			report("%s: gained %s", base, m)
		}
		if len(missing)+len(extra) == 0 {
			t.Logf("%s: equivalent after canonicalisation", base)
			equivalent++
		}
	}
	t.Logf("INT-I samples: %d of %d equivalent after XML -> traditional -> XML", equivalent, len(files))
	res := xmllint(t, DialectINTI, written)
	valid := 0
	for _, p := range written {
		if res[p] != "" {
			t.Logf("xmllint %s:\n%s", filepath.Base(p), truncate(res[p], 1500))
		} else {
			valid++
		}
	}
	t.Logf("xmllint (INT-I samples re-encoded): %d of %d valid", valid, len(written))
	if valid < intiValidFloor {
		t.Errorf("xmllint: %d re-encoded INT-I samples valid, fewer than the %d reached before", valid, intiValidFloor)
	}
}

// intiEquivalent lists the INT-I samples that came back equivalent when
// last measured, and intiValidFloor how many re-encoded samples validated;
// the goal is all of them.
var (
	intiEquivalent = map[string]bool{
		"Sample-ERR-INT-ITransaction.xml":         true,
		"Sample-MPS-INT-ITransaction.xml":         true,
		"Sample-NPS-INT-ITransaction.xml":         true,
		"Sample-SRE-HIT_MPS-INT-ITransaction.xml": true,
		"Sample-SRE-HIT_CPS-INT-ITransaction.xml": true,
		"Sample-SRE-NOHIT-INT-ITransaction.xml":   true,
	}
	intiValidFloor = 6
)

// canon lists the leaf elements of a document as "path = value", namespace
// URIs instead of prefixes, sorted.
func canon(t *testing.T, b []byte, skip map[string]bool) []string {
	root, q, _, err := parseDocument(context.Background(), b, (&DecodeOptions{}).withDefaults2())
	if err != nil {
		t.Fatal(err)
	}
	d := &decoder{q: q}
	var out []string
	var walk func(e *etree.Element, path string)
	walk = func(e *etree.Element, path string) {
		q := d.q[e]
		if q == (qname{nsITL2011, "FingerprintImage"}) { // names.tsv alias
			q = qname{nsBiom2011, "FingerImpressionImage"}
		}
		p := path + "/{" + q.uri + "}" + q.local
		kids := e.ChildElements()
		if len(kids) == 0 {
			if skip[e.GetPath()] {
				return
			}
			v := strings.TrimSpace(e.Text())
			if q.local == "RecordCategoryCode" {
				v = strings.TrimLeft(v, "0")
			}
			if q.uri == nsNC2 && (q.local == "DateTime" || q.local == "Date") {
				v = canonInstant(v)
			}
			out = append(out, fmt.Sprintf("%s = %.60s", p, v))
		}
		for _, c := range kids {
			walk(c, p)
		}
	}
	walk(root, "")
	sort.Strings(out)
	return out
}

// canonInstant gives an xs:dateTime with a zone offset as the same
// instant in UTC ("Z"), and an xs:date with a zone as its date: the
// traditional encoding keeps instants, not offsets (package doc, "Dates
// and times"), so XML -> traditional -> XML is equivalent when the
// instants are equal.
func canonInstant(v string) string {
	if t, err := time.Parse(time.RFC3339, v); err == nil && strings.ContainsAny(v[19:], "+-") {
		return t.UTC().Format(time.RFC3339Nano)
	}
	if len(v) > 10 && dtFromXML(v) != v && len(dtFromXML(v)) == 8 {
		return v[:10]
	}
	return v
}

func diff(a, b []string) (missing, extra []string) {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for s, n := range m {
		for ; n > 0; n-- {
			missing = append(missing, s)
		}
		for ; n < 0; n++ {
			extra = append(extra, s)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return
}
