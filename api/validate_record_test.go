package api

import (
	"reflect"
	"testing"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/iso"
)

// testFMR is a small, plausible ISO/IEC 19794-2:2005 finger minutiae
// record: one right-thumb view of 500 × 500 pixels at 197 pixels/cm with
// three minutiae.
func testFMR(t *testing.T, f iso.Format) []byte {
	t.Helper()
	rec := &iso.MinutiaeRecord{Width: 500, Height: 500, XRes: 197, YRes: 197,
		Views: []iso.MinutiaeView{{Position: 1, Quality: 60, Minutiae: []iso.Minutia{
			{Type: iso.MinutiaRidgeEnding, X: 100, Y: 120, Angle: 40, Quality: 50},
			{Type: iso.MinutiaBifurcation, X: 220, Y: 200, Angle: 10, Quality: 70},
			{Type: iso.MinutiaRidgeEnding, X: 150, Y: 90, Angle: 5, Quality: 40},
		}}}}
	b, err := iso.Marshal(rec, f)
	if err != nil {
		t.Fatalf("building the %s record: %v", f, err)
	}
	return b
}

// TestValidateRecord: POST /v1/validate checks ISO/INCITS records as
// `biogate validate` does (exchange.CheckRecord), by their header or, for
// the card formats no header identifies, by ?as=.
func TestValidateRecord(t *testing.T) {
	e := startEnv(t, nil)
	tok := e.token(t, "fbi")
	rec := testFMR(t, iso.FMR2005)
	var got exchange.Report
	e.do(t, "POST", "/v1/validate", tok, rec).expect(t, "validate an FMR", 200).json(t, &got)
	want, err := exchange.CheckRecord(rec, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != string(iso.FMR2005) || got.Conformant != want.Conformant || got.Errors != want.Errors ||
		!reflect.DeepEqual(got.Catalogues, want.Catalogues) || len(got.Findings) != len(want.Findings) {
		t.Errorf("API report %+v\nwant the CLI's check %+v", got, want)
	}
	if len(got.Catalogues) == 0 {
		t.Error("the report names no catalogue: nothing was checked")
	}

	card := testFMR(t, iso.FMR2005CardCompact)
	got = exchange.Report{}
	e.do(t, "POST", "/v1/validate", tok, card).expect(t, "a card record without as", 200).json(t, &got)
	if got.Conformant || got.Format != "" {
		t.Errorf("a card record, which no header identifies, checked without as: %+v", got)
	}
	got = exchange.Report{}
	e.do(t, "POST", "/v1/validate?as="+string(iso.FMR2005CardCompact), tok, card).expect(t, "a card record with as", 200).json(t, &got)
	want, _ = exchange.CheckRecord(card, string(iso.FMR2005CardCompact), 0)
	if got.Format != string(iso.FMR2005CardCompact) || got.Errors != want.Errors || len(got.Findings) != len(want.Findings) {
		t.Errorf("card report %+v, want %+v", got, want)
	}
	e.do(t, "POST", "/v1/validate?as=iso19794-99:2042", tok, card).expect(t, "an unknown edition", 400)

	// Level 1 only: no finding above it.
	got = exchange.Report{}
	e.do(t, "POST", "/v1/validate?level=1", tok, rec).expect(t, "validate an FMR at level 1", 200).json(t, &got)
	for _, f := range got.Findings {
		if f.Level > conformance.Level1 {
			t.Errorf("level-1 check reports %+v", f)
		}
	}
}
