package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	nist4j := filepath.Join(corpusDir, "nist4j/standards/AN2011/Traditional_Encoding")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"sample conforms", []string{"validate", sample}, exitOK, "conformant, 0 errors", ""},
		{"NIST fail file", []string{"validate", filepath.Join(nist4j, "fail_validator/fail-type-14-L1.an2")}, exitFailed, "[AN2011.14.003.value] field 14.003 subfield 1 item 1, byte 289", ""},
		{"NIST pass file", []string{"validate", filepath.Join(nist4j, "pass/pass-type-14.an2")}, exitOK, "conformant", ""},
		{"several files: worst verdict", []string{"validate", sample, filepath.Join(nist4j, "fail_validator/fail-type-1-L1.an2")}, exitFailed, "NOT conformant", ""},
		{"ISO record", []string{"validate", filepath.Join(corpusDir, "libbiomeval/fmr.iso2005")}, exitFailed, "ISO19794-2:2005.view.ext.length", ""},
		{"XML transaction", []string{"validate", filepath.Join(corpusDir, "interpol-inti/XMLsamples/Sample-SRE-NOHIT-INT-ITransaction.xml")}, -1, "(xml)", ""},
		{"unreadable", []string{"validate", "/nonexistent"}, exitUnusable, "", "no such file"},
		{"no file", []string{"validate"}, exitUnusable, "", "expected at least one input FILE"},
		{"bad level", []string{"validate", "--level", "4", sample}, exitUnusable, "", "--level must be 1, 2 or 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tt.args, " "), corpusDir) {
				if _, _, err := biogateStat(tt.args[len(tt.args)-1]); err != nil {
					t.Skipf("corpus not available (%v)", err)
				}
			}
			code, out, errOut := biogate(t, nil, tt.args...)
			if tt.code >= 0 && code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("stdout %q / stderr %q; want %q / %q", out, errOut, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	code, out, errOut := biogate(t, nil, "validate", "--json", sample)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []validation
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Conformant || got[0].Format != "an2" || len(got[0].Catalogues) == 0 {
		t.Fatalf("report %+v", got)
	}
}

func biogateStat(name string) (int64, bool, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return 0, false, err
	}
	return fi.Size(), fi.IsDir(), nil
}

func TestValidateProfiles(t *testing.T) {
	inti := filepath.Join(corpusDir, "interpol-inti/XMLsamples/Sample-SRE-NOHIT-INT-ITransaction.xml")
	ebts := filepath.Join(corpusDir, "openebts/NISTFile.ebts")
	if _, _, err := biogateStat(inti); err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	tables := "--tables=" + corpusDir
	if _, out, errOut := biogate(t, nil, "validate", "--profile", "inti", tables, inti); !strings.Contains(out, "INT-I") {
		t.Errorf("inti: %s%s", out, errOut)
	}
	if code, out, errOut := biogate(t, nil, "validate", "--profile", "ebts", tables, ebts); code != exitOK || !strings.Contains(out, "EBTS") {
		t.Errorf("ebts: exit %d: %s%s", code, out, errOut)
	}
	if code, out, _ := biogate(t, nil, "validate", "--profile", "../../conformance/testdata/profiles/partner.json", sample); code != exitFailed || !strings.Contains(out, "ACME") {
		t.Errorf("partner profile: exit %d: %s", code, out)
	}
	if code, _, errOut := biogate(t, nil, "validate", "--profile", "inti", "--tables", t.TempDir(), sample); code != exitUnusable || !strings.Contains(errOut, "MRT_INT-I_FieldDefinition.csv") {
		t.Errorf("missing tables: exit %d: %s", code, errOut)
	}
}
