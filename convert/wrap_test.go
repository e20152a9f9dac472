package convert_test

import (
	"bytes"
	"image"
	"image/color"
	"testing"
	"time"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/convert"
	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/nist"
)

// ridges is a synthetic grey image with a ridge-like pattern.
func ridges(w, h int) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetGray(x, y, color.Gray{Y: uint8(128 + 100*((x+y/2)%9-4)/4)})
		}
	}
	return m
}

// TestWrapImages wraps four images and checks what each Type-14 holds:
// WSQ for 8-bit grey at 500 ppi (WSQ input carried unchanged), PNG with
// the same pixels otherwise; the transaction re-reads and validates
// against ANSI/NIST-ITL 1-2011 Update 2015.
func TestWrapImages(t *testing.T) {
	grey := ridges(96, 80)
	var wsqData bytes.Buffer
	if err := codec.Encode(&wsqData, grey, codec.WSQ20, nil); err != nil {
		t.Fatal(err)
	}
	colour := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range colour.Pix {
		colour.Pix[i] = uint8(i * 7)
		if i%4 == 3 {
			colour.Pix[i] = 0xFF // opaque, as scans are
		}
	}
	imgs := []convert.LooseImage{
		{Image: grey, PPI: 500, Position: 2, Name: "grey500"},
		{Image: grey, PPI: 569, Position: 3, Impression: 1, Name: "grey569"},
		{Image: grey, PPI: 500, Position: 4, Data: wsqData.Bytes(), Compression: codec.WSQ20, Name: "wsq"},
		{Image: colour, PPI: 500, Position: 7, Name: "colour"},
	}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	tr, rep, err := convert.WrapImages(imgs, &convert.TransactionOptions{
		TypeOfTransaction: "CPS", Destination: "DAI000000", Originating: "ORI000000", ControlNumber: "TCN-1", Now: now,
		Image: &convert.ImageOptions{Source: "TEST", Date: "20261201"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nist.Encode(&buf, tr); err != nil {
		t.Fatal(err)
	}
	back, err := nist.DecodeBytes(buf.Bytes(), nil)
	if err != nil {
		t.Fatalf("the wrapped transaction does not decode: %v", err)
	}
	want := []struct {
		cga, fgp, imp, thps, bpx string
	}{
		{"WSQ20", "2", "0", "500", "8"},
		{"PNG", "3", "1", "569", "8"},
		{"WSQ20", "4", "0", "500", "8"},
		{"PNG", "7", "0", "500", "24"},
	}
	var recs []*nist.Record
	for _, r := range back.Records {
		if r.Type == 14 {
			recs = append(recs, r)
		}
	}
	if len(recs) != len(want) {
		t.Fatalf("%d Type-14 records, want %d", len(recs), len(want))
	}
	for i, w := range want {
		r := recs[i]
		got := []string{r.Text(11), r.Text(13), r.Text(3), r.Text(9), r.Text(12)}
		if got[0] != w.cga || got[1] != w.fgp || got[2] != w.imp || got[3] != w.thps || got[4] != w.bpx {
			t.Errorf("%s: CGA, FGP, IMP, THPS, BPX = %v, want %v", imgs[i].Name, got, w)
		}
		im, _ := back.ImageOf(r)
		m, err := convert.RecordImage(im)
		if err != nil {
			t.Fatalf("%s: %v", imgs[i].Name, err)
		}
		if m.Bounds().Size() != imgs[i].Image.Bounds().Size() {
			t.Errorf("%s: %v, want %v", imgs[i].Name, m.Bounds(), imgs[i].Image.Bounds())
		}
		if w.cga == "PNG" && !samePixels(m, imgs[i].Image) {
			t.Errorf("%s: PNG pixels differ from the input", imgs[i].Name)
		}
	}
	if im, _ := back.ImageOf(recs[2]); !bytes.Equal(im.Data(), wsqData.Bytes()) {
		t.Error("WSQ input at 500 ppi was compressed again")
	}
	cr := conformance.Check(back, nil, nil)
	for _, f := range cr.Findings {
		if f.Severity == conformance.Error {
			t.Errorf("validation: %v", f)
		}
	}
	if rep == nil {
		t.Fatal("no report")
	}
}

func samePixels(a, b image.Image) bool {
	for y := range a.Bounds().Dy() {
		for x := range a.Bounds().Dx() {
			r1, g1, b1, a1 := a.At(a.Bounds().Min.X+x, a.Bounds().Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

func TestWrapImagesErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		imgs []convert.LooseImage
	}{
		{"none", nil},
		{"no image", []convert.LooseImage{{PPI: 500}}},
		{"no resolution", []convert.LooseImage{{Image: ridges(8, 8)}}},
		{"bad position", []convert.LooseImage{{Image: ridges(8, 8), PPI: 500, Position: 300}}},
		{"too wide", []convert.LooseImage{{Image: image.NewGray(image.Rect(0, 0, 70000, 1)), PPI: 500}}},
	} {
		if _, _, err := convert.WrapImages(tc.imgs, nil); err == nil {
			t.Errorf("%s: wrapped", tc.name)
		}
	}
}
