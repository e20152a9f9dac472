package conformance

import (
	"os"
	"path/filepath"
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

// TestBaseCatalogues loads every edition's table and reports its size.
func TestBaseCatalogues(t *testing.T) {
	for _, v := range []nist.Version{nist.V0300, nist.V0400, nist.V0500, nist.V0501, nist.V0502} {
		c, err := BaseCatalogue(v, true)
		if err != nil {
			t.Fatal(err)
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
		t.Logf("%s: %d field rules over %d record types, %d Go rules", c.Name, n, len(fr.groups), len(c.Rules)-2)
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
