package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
)

// TestConvertISO drives the ISO paths of convert: edition to edition, ISO
// record to transaction and back, and a transaction's Type-9 to ISO.
func TestConvertISO(t *testing.T) {
	fmr := filepath.Join(corpusDir, "libbiomeval/fmr.iso2005")
	card := filepath.Join(corpusDir, "jnbis/ansi/references/type-9-14-m1.an2")
	fir := filepath.Join(corpusDir, "mosip-bio-utils/images/FingerPrintLeft_Index.iso")
	for _, f := range []string{fmr, card, fir} {
		if _, _, err := biogateStat(f); err != nil {
			t.Skipf("corpus not available (%v)", err)
		}
	}
	dir := t.TempDir()
	editions := []string{"iso19794-2:2011", "incits378:2004", "incits378:2009", "iso19794-2:2005"}
	prev := fmr
	for i, to := range editions {
		out := filepath.Join(dir, "m"+itoa(i+1))
		code, _, errOut := biogate(t, nil, "convert", "--to", to, "-o", out, prev)
		if code != exitOK {
			t.Fatalf("%s -> %s: exit %d: %s", prev, to, code, errOut)
		}
		b := mustRead(t, out)
		if f, err := iso.Identify(b); err != nil || (f != iso.Format(to) && !(to == "incits378:2009" && f == iso.FMR2011)) {
			t.Fatalf("%s identified as %s, %v", to, f, err)
		}
		prev = out
	}
	// 378-2009 and 19794-2:2011 share "030": identification reads the
	// header structure. The last step went back to ISO 2005.
	if code, out, _ := biogate(t, nil, "inspect", prev); code != exitOK || !strings.Contains(out, "(iso19794-2:2005)") {
		t.Fatalf("round trip back to 2005: exit %d", code)
	}

	an2 := filepath.Join(dir, "t.an2")
	code, _, errOut := biogate(t, nil, "convert", "--to", "an2", "--tot", "CAR", "--dai", "XX1", "--ori", "YY2", "--tcn", "T1", "--src", "YY2", "--capture-date", "20240101", "-o", an2, fir)
	if code != exitOK {
		t.Fatalf("FIR -> an2: exit %d: %s", code, errOut)
	}
	if code, out, errOut := biogate(t, nil, "validate", "--level", "2", an2); code != exitOK {
		t.Errorf("the transaction made from an ISO finger image does not conform: %s%s", out, errOut)
	}
	back := filepath.Join(dir, "back.fir")
	if code, _, errOut = biogate(t, nil, "convert", "--to", "iso19794-4:2005", "--record", "2", "-o", back, an2); code != exitOK {
		t.Fatalf("an2 -> FIR: exit %d: %s", code, errOut)
	}
	if string(mustRead(t, back)) != string(mustRead(t, fir)) {
		t.Log("FIR -> an2 -> FIR is not byte-identical (descriptive fields the transaction cannot hold are reported)")
	}
	m1 := filepath.Join(dir, "card.fmr")
	if code, _, errOut = biogate(t, nil, "convert", "--to", "incits378:2009", "--record", "3", "-o", m1, card); code != exitOK {
		t.Fatalf("Type-9 -> 378-2009: exit %d: %s", code, errOut)
	}
	if code, _, errOut = biogate(t, nil, "convert", "--to", "iso19794-4:2005", fmr); code != exitFailed || !strings.Contains(errOut, "cannot become") {
		t.Errorf("minutiae -> finger image: exit %d: %s", code, errOut)
	}
}

// TestConvertISOSameEdition: `convert --to` a record's own edition writes
// the input bytes (records as other producers write them, in testdata/iso).
func TestConvertISOSameEdition(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/iso/incits378-2004-*.fmr")
	if len(files) != 4 {
		t.Fatalf("%d records in ../../testdata/iso, want 4 (go test ./convert -run TestEditionSameIsInput -update makes them)", len(files))
	}
	dir := t.TempDir()
	for i, in := range files {
		out := filepath.Join(dir, "out"+itoa(i))
		code, _, errOut := biogate(t, nil, "convert", "--to", "incits378:2004", "-o", out, in)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", in, code, errOut)
		}
		if string(mustRead(t, out)) != string(mustRead(t, in)) {
			t.Errorf("%s: --to its own edition changed the bytes", in)
		}
		if strings.Contains(errOut, "dropped") {
			t.Errorf("%s: %s", in, errOut)
		}
	}
}
