package exchange

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/corpustest"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// ownCount is a Type-9 record's own minutiae count: 9.136 NOM with the
// INCITS 378 block, else 9.010 MIN (ANSI/NIST-ITL 1-2011 §8.9).
func ownCount(t *testing.T, r *nist.Record) int {
	t.Helper()
	n := 10
	if nist.HasM1Minutiae(r) {
		n = 136
	}
	f := r.Field(n)
	if f == nil {
		t.Fatalf("Type-9 record without %s", nist.FieldTag(9, n))
	}
	v, ok := f.Int()
	if !ok {
		t.Fatalf("%s is %q", nist.FieldTag(9, n), f.Value)
	}
	return v
}

// TestInspectMinutiaeCorpus: every Type-9 record of the corpus holding
// minutiae gets a minutiae object whose count is the record's own, linked
// to the image record of its IDC when the transaction has one.
func TestInspectMinutiaeCorpus(t *testing.T) {
	ctx := context.Background()
	var records, linked, unreadable int
	for name, b := range corpusFiles(t, "an2-traditional", "nist-xml") {
		in, err := Load(ctx, b, nil)
		if err != nil {
			continue
		}
		got, notes := in.Records()
		for i, r := range in.Transaction.Records {
			if r.Type != 9 || !nist.HasM1Minutiae(r) && !nist.HasLegacyMinutiae(r) {
				if got[i].Minutiae != nil {
					t.Errorf("%s record %d (Type-%d): minutiae where the record holds none", name, i+1, r.Type)
				}
				continue
			}
			where := name + " record " + strconv.Itoa(i+1)
			m := got[i].Minutiae
			if m == nil {
				// Only a record whose minutiae cannot be read, with a note
				// saying why.
				if !strings.Contains(strings.Join(notes, "\n"), "record "+strconv.Itoa(i+1)+" (Type-9): minutiae: ") {
					t.Errorf("%s: no minutiae and no note; notes %q", where, notes)
				}
				unreadable++
				continue
			}
			records++
			if want := ownCount(t, r); m.Count != want || len(m.Points) != want {
				t.Errorf("%s: count %d, %d points; the record says %d", where, m.Count, len(m.Points), want)
			}
			for _, p := range m.Points {
				if p.Angle < 0 || p.Angle >= 360 || p.Type == "" {
					t.Errorf("%s: point %+v", where, p)
					break
				}
			}
			if m.ImageRecord != nil {
				linked++
				img := got[*m.ImageRecord-1]
				if img.Image == nil || img.IDC == nil || got[i].IDC == nil || *img.IDC != *got[i].IDC {
					t.Errorf("%s: imageRecord %d is not an image of IDC %v", where, *m.ImageRecord, got[i].IDC)
				}
			}
		}
	}
	t.Logf("%d Type-9 records, %d linked to their image, %d unreadable", records, linked, unreadable)
	if records == 0 || linked == 0 {
		t.Error("the corpus gave no Type-9 minutiae, or none linked to an image")
	}
}

// TestInspectMinutiaeISO: every view of every corpus ISO/INCITS minutiae
// record is described with the view's own count of minutiae.
func TestInspectMinutiaeISO(t *testing.T) {
	ctx := context.Background()
	var views int
	for _, row := range corpustest.Manifest(t, corpus, "iso19794-2", "incits378") {
		if strings.Contains(row.Format, "card") {
			continue // card formats need --as: no header says what they are
		}
		name := row.Path
		b, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			t.Fatal(err)
		}
		rec, _, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
		m, ok := rec.(*iso.MinutiaeRecord)
		if !ok {
			t.Errorf("%s: %v", name, err)
			continue
		}
		in, err := Inspect(ctx, b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(in.Record.Views) != len(m.Views) {
			t.Errorf("%s: %d views described, the record has %d (notes %q)", name, len(in.Record.Views), len(m.Views), in.Notes)
			continue
		}
		for i, v := range in.Record.Views {
			if v.Minutiae == nil || v.Minutiae.Count != len(m.Views[i].Minutiae) || len(v.Minutiae.Points) != len(m.Views[i].Minutiae) {
				t.Errorf("%s view %d: %+v, the view has %d minutiae (notes %q)", name, i+1, v.Minutiae, len(m.Views[i].Minutiae), in.Notes)
			}
			views++
		}
	}
	if views == 0 {
		t.Error("no corpus minutiae view")
	}
}
