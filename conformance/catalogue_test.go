package conformance

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/biogate/biogate/nist"
)

func TestValueRange(t *testing.T) {
	tests := []struct {
		vr  string
		in  []string
		out []string
	}{
		{"{0..3,8,20..29}", []string{"0", "3", "8", "25"}, []string{"4", "30", "x"}},
		{`{"XX","UP"}`, []string{"XX", "UP"}, []string{"xx", "AB"}},
		{"{>0,<60}", []string{"0.5", "59"}, []string{"0", "60"}},
		{"{0..100,254,255}", []string{"100", "254"}, []string{"101", "253"}},
	}
	for _, tt := range tests {
		vr, err := parseValueRange(tt.vr)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range tt.in {
			if !vr.contains(v) {
				t.Errorf("%s should contain %q", tt.vr, v)
			}
		}
		for _, v := range tt.out {
			if vr.contains(v) {
				t.Errorf("%s should not contain %q", tt.vr, v)
			}
		}
	}
}

// rawRow is one data row of a catalogue file read with nothing but string
// splitting, to count what the evaluator should hold independently of
// ReadFieldRules.
type rawRow struct {
	key          string // "14.013" or "14.013-A" (FieldID without brackets)
	since, until string
	basis        string
}

func readRawRows(t *testing.T, name string) []rawRow {
	t.Helper()
	b, err := catalogueFS.ReadFile("catalogue/" + name + ".tsv")
	if err != nil {
		t.Fatal(err)
	}
	var head []string
	var rows []rawRow
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if head == nil {
			head = cols
			continue
		}
		get := func(name string) string {
			for i, h := range head {
				if h == name && i < len(cols) {
					return cols[i]
				}
			}
			return ""
		}
		rows = append(rows, rawRow{key: strings.Trim(get("FieldID"), "[]"), since: get("Since"), until: get("Until"), basis: get("Basis")})
	}
	return rows
}

// TestBaseCatalogues checks each edition's table against an independent
// reading of its file: every row is read, every row has a basis, the rows
// of chkan2k's profile tables are all advisory, and the evaluator built
// for each version holds exactly one rule per field and item in force.
func TestBaseCatalogues(t *testing.T) {
	// The sizes of the files as committed (rows, and rows per basis):
	// a row added or re-based changes them on purpose.
	wantBasis := map[string]map[string]int{
		"an2000": {"chkan2k": 199},
		"an2007": {"chkan2k": 344},
		"an2011": {"standard": 922, "draft2013": 52, "labels": 77},
	}
	for name, want := range wantBasis {
		raw := readRawRows(t, name)
		got := map[string]int{}
		for _, r := range raw {
			got[r.basis]++
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows per basis %v, want %v", name, got, want)
		}
		f, _ := catalogueFS.Open("catalogue/" + name + ".tsv")
		rules, skipped, err := ReadFieldRules(f, '\t')
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(rules) != len(raw) || skipped != 0 {
			t.Errorf("%s: ReadFieldRules read %d rules (%d skipped) of %d rows", name, len(rules), skipped, len(raw))
		}
		for i, r := range rules {
			if string(r.Basis) != raw[i].basis {
				t.Errorf("%s %s: basis %q, the file says %q", name, r.FieldID, r.Basis, raw[i].basis)
			}
			if r.Advisory() != (raw[i].basis != "standard") {
				t.Errorf("%s %s: basis %q advisory=%v", name, r.FieldID, r.Basis, r.Advisory())
			}
		}
	}
	for _, v := range []nist.Version{nist.V0300, nist.V0400, nist.V0500, nist.V0501, nist.V0502} {
		c, err := BaseCatalogue(v, true)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(c.Rules), 2+len(consistencyRules)+len(contentRules); got != want {
			t.Errorf("%s: %d rules, want decode problems, field rules, %d consistency and %d content rules", c.Name, got, len(consistencyRules), len(contentRules))
		}
		fr := c.Rules[1].(*fieldRules)
		n := 0
		for _, gs := range fr.groups {
			for _, g := range gs {
				if g.field != nil {
					n++
				}
				for _, it := range g.items {
					if it != nil {
						n++
					}
				}
			}
		}
		// Independently: the distinct FieldIDs whose Since..Until covers v
		// (VER strings of four digits compare as text).
		file, _ := catalogueFile(v)
		keys := map[string]bool{}
		for _, r := range readRawRows(t, file) {
			if (r.since == "" || r.since <= v.String()) && (r.until == "" || v.String() <= r.until) {
				keys[r.key] = true
			}
		}
		if n != len(keys) {
			t.Errorf("%s: the evaluator holds %d field and item rules; the file has %d in force", c.Name, n, len(keys))
		}
		t.Logf("%s: %d field rules over %d record types", c.Name, n, len(fr.groups))
	}
}

// TestBasisSeverity: a row's basis decides the severity of its findings,
// and an unknown basis is refused when the table is read.
func TestBasisSeverity(t *testing.T) {
	const head = "FieldID\tInfoItem\tMnemonic\tCondCode\tDataType\tMinLength\tMaxLength\tMinOccur\tMaxOccur\tBasis\n"
	for _, tt := range []struct {
		basis string
		want  Severity
		note  string
	}{
		{"", Error, ""},
		{"standard", Error, ""},
		{"chkan2k", Warning, "NBIS chkan2k profile"},
		{"draft2013", Warning, "May 2013 draft"},
		{"labels", Warning, "PYNIST field labels"},
	} {
		rules, _, err := ReadFieldRules(strings.NewReader(head+"[02.005]\t\tXYZ\tM\tN\t1\t3\t1\t1\t"+tt.basis+"\n"), '\t')
		if err != nil {
			t.Fatal(err)
		}
		tr := nist.NewTransaction(nist.V0502)
		r2 := nist.NewRecord(2)
		r2.Set(2, "00")
		r2.Set(5, "ABCD")
		tr.AddRecord(r2)
		fr := newFieldRules(newTable("TEST", rules, nil), nist.V0502, false)
		fs := fr.Check(&Input{Transaction: tr})
		if len(fs) != 1 || fs[0].Assertion != "TEST.2.005.length" {
			t.Fatalf("basis %q: findings %v, want one TEST.2.005.length", tt.basis, fs)
		}
		if fs[0].Severity != tt.want || !strings.Contains(fs[0].Message, tt.note) {
			t.Errorf("basis %q: %s, want a %s that says %q", tt.basis, fs[0], tt.want, tt.note)
		}
	}
	if _, _, err := ReadFieldRules(strings.NewReader(head+"[02.005]\t\tXYZ\tM\tN\t1\t3\t1\t1\tguess\n"), '\t'); err == nil {
		t.Error("basis \"guess\" was accepted")
	}
}

// TestReadMRT reads INTERPOL's machine-readable tables as published: the
// field-rule evaluator takes them as they are (the INT-I profile).
func TestReadMRT(t *testing.T) {
	dir := filepath.Join(corpusDir, "interpol-inti", "MRT")
	f, err := os.Open(filepath.Join(dir, "MRT_INT-I_FieldDefinition.csv"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	rules, skipped, err := ReadFieldRules(f, ',')
	if err != nil {
		t.Fatal(err)
	}
	c, err := os.Open(filepath.Join(dir, "MRT_INT-I_LookupCodes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	codes, err := ReadCodeTables(c, ',')
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 500 || len(codes) < 100 {
		t.Errorf("read %d rules and %d code tables; expected the whole table", len(rules), len(codes))
	}
	t.Logf("INT-I MRT: %d traditional-encoding rules (%d rows skipped: XML-only or ranges), %d code tables", len(rules), skipped, len(codes))
}
