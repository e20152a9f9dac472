package convert

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// TestISOImagesThroughANSINIST converts every corpus finger image, face
// and iris record into Type-14 (and Type-4), Type-10 and Type-17 and back
// into its own format: the image bytes must be identical and the
// descriptive fields the same.
func TestISOImagesThroughANSINIST(t *testing.T) {
	opts := &ImageOptions{Source: "TEST", Date: "20240101"}
	var log strings.Builder
	for _, cf := range manifest(t, "iso19794-4", "iso19794-5", "iso19794-6", "incits381", "incits385") {
		rec := decodeISO(t, cf)
		switch x := rec.(type) {
		case *iso.FingerImageRecord:
			for i, v := range x.Views {
				for _, typ := range []int{14, 4} {
					var r *nist.Record
					var rep *Report
					var err error
					if typ == 14 {
						r, rep, err = FingerImageToType14(x, i, opts)
					} else {
						r, rep, err = FingerImageToType4(x, i, opts)
					}
					if err != nil {
						fmt.Fprintf(&log, "%s view %d → Type-%d: %v\n", cf.path, i+1, typ, err)
						continue
					}
					tr := transactionOf(t, r)
					back, rep2, err := Type14ToFingerImage(tr, tr.Records[1], x.Format)
					if err != nil {
						t.Errorf("%s view %d: Type-%d → %s: %v", cf.path, i+1, typ, x.Format, err)
						continue
					}
					bv := back.Views[0]
					if !bytes.Equal(bv.Image, v.Image) {
						t.Errorf("%s view %d via Type-%d: image bytes differ", cf.path, i+1, typ)
					}
					want := v
					if want.BitDepth == 0 {
						want.ScaleUnits, want.XRes, want.YRes, want.BitDepth, want.Compression = x.ScaleUnits, x.XRes, x.YRes, x.BitDepth, x.Compression
					}
					if bv.Position != v.Position || bv.Impression != v.Impression || bv.Width != v.Width || bv.Height != v.Height ||
						bv.BitDepth != want.BitDepth || bv.Compression != want.Compression || bv.XRes != want.XRes || bv.ScaleUnits != want.ScaleUnits {
						t.Errorf("%s view %d via Type-%d: fields differ:\n got %+v\nwant %+v", cf.path, i+1, typ, head(bv), head(want))
					}
					// A 2005 view quality names no algorithm, which 14.024 FQM
					// needs: it is dropped, and the report must say so.
					if typ == 14 && x.Format == iso.FIR2005 && bv.Quality != v.Quality && !rep.Has("finger quality") {
						t.Errorf("%s view %d: quality %d came back %d without a finding", cf.path, i+1, v.Quality, bv.Quality)
					}
					if _, err := iso.Marshal(back, x.Format); err != nil {
						t.Errorf("%s: encoding the result: %v", cf.path, err)
					}
					fmt.Fprintf(&log, "%s view %d → Type-%d → %s: image identical; %d + %d findings: %s\n", cf.path, i+1, typ, x.Format,
						len(rep.Findings), len(rep2.Findings), whats(rep, rep2))
				}
			}
		case *iso.FaceRecord:
			for i, im := range x.Images {
				r, rep, err := FaceToType10(x, i, opts)
				if err != nil {
					t.Errorf("%s: %v", cf.path, err)
					continue
				}
				tr := transactionOf(t, r)
				back, rep2, err := Type10ToFace(tr, tr.Records[1], x.Format)
				if err != nil {
					t.Errorf("%s: %v", cf.path, err)
					continue
				}
				b := back.Images[0]
				if !bytes.Equal(b.Image, im.Image) {
					t.Errorf("%s: image bytes differ", cf.path)
				}
				if b.Width != im.Width || b.Height != im.Height || b.ImageDataType != im.ImageDataType || b.ColourSpace != im.ColourSpace ||
					b.SourceType != im.SourceType || b.Pose != im.Pose || b.EyeColour != im.EyeColour || b.HairColour != im.HairColour ||
					len(b.FeaturePoints) != len(im.FeaturePoints) {
					t.Errorf("%s: fields differ:\n got %+v\nwant %+v", cf.path, faceHead(b), faceHead(im))
				}
				for j := range b.FeaturePoints {
					if b.FeaturePoints[j] != im.FeaturePoints[j] {
						t.Errorf("%s: feature point %d %+v came back %+v", cf.path, j+1, im.FeaturePoints[j], b.FeaturePoints[j])
					}
				}
				fmt.Fprintf(&log, "%s image %d → Type-10 → %s: image identical; findings: %s\n", cf.path, i+1, x.Format, whats(rep, rep2))
			}
		case *iso.IrisRecord:
			for i, im := range x.Images {
				r, rep, err := IrisToType17(x, i, opts)
				if err != nil {
					t.Errorf("%s: %v", cf.path, err)
					continue
				}
				tr := transactionOf(t, r)
				back, rep2, err := Type17ToIris(tr, tr.Records[1], x.Format)
				if err != nil {
					t.Errorf("%s: %v", cf.path, err)
					continue
				}
				b := back.Images[0]
				if !bytes.Equal(b.Image, im.Image) {
					t.Errorf("%s image %d: image bytes differ", cf.path, i+1)
				}
				if b.Eye != im.Eye || b.Rotation != im.Rotation || b.RollAngle != im.RollAngle || b.Quality != im.Quality ||
					b.Width != im.Width || b.ImageFormat != im.ImageFormat || back.ImageFormat2005 != x.ImageFormat2005 || back.Width != x.Width {
					t.Errorf("%s image %d: fields differ", cf.path, i+1)
				}
				fmt.Fprintf(&log, "%s image %d → Type-17 → %s: image identical; findings: %s\n", cf.path, i+1, x.Format, whats(rep, rep2))
			}
		}
	}
	t.Log("\n" + log.String())
}

// transactionOf wraps r in an encoded and decoded transaction, so that
// what is read back is what the bytes say.
func transactionOf(t *testing.T, r *nist.Record) *nist.Transaction {
	t.Helper()
	tr := nist.NewTransaction(nist.V0502)
	tr.Header().SetResolutions(19.69, 19.69)
	tr.AddRecord(r)
	b, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	out, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatalf("the record made does not decode: %v", err)
	}
	return out
}

func whats(reps ...*Report) string {
	var s []string
	for _, r := range reps {
		for _, f := range r.Findings {
			s = append(s, f.Severity.String()+" "+f.What)
		}
	}
	return strings.Join(s, "; ")
}

func head(v iso.FingerImageView) iso.FingerImageView { v.Image = nil; v.Capture = nil; return v }

func faceHead(v iso.FaceImage) iso.FaceImage { v.Image = nil; v.Capture = nil; return v }

// TestANSINISTImagesThroughISO converts the Type-14, Type-4, Type-10 and
// Type-17 records of the corpus transactions into ISO records and back:
// image bytes identical, the mapped fields the same.
func TestANSINISTImagesThroughISO(t *testing.T) {
	files := manifest(t, "an2-traditional")
	var log strings.Builder
	n := 0
	for _, cf := range files {
		if !strings.HasPrefix(cf.path, "jnbis/ansi/references/") && !strings.HasPrefix(cf.path, "nbis/testdata/") &&
			!strings.HasPrefix(cf.path, "libbiomeval/") {
			continue
		}
		tr, _ := nist.DecodeBytes(readCorpus(t, cf.path), &nist.DecodeOptions{Lenient: true})
		if tr == nil {
			continue
		}
		for idx, r := range tr.Records {
			var to iso.Format
			switch r.Type {
			case 14, 4:
				to = iso.FIR2011
			case 10:
				if r.Text(3) != "FACE" {
					continue
				}
				to = iso.Face2011
			case 17:
				to = iso.Iris2011
			default:
				continue
			}
			where := fmt.Sprintf("%s record %d (Type-%d)", cf.path, idx+1, r.Type)
			rec, rep, err := RecordToISO(tr, idx+1, to)
			if err != nil {
				fmt.Fprintf(&log, "%s → %s: not converted: %v\n", where, to, err)
				continue
			}
			if _, err := iso.Marshal(rec, to); err != nil {
				t.Errorf("%s: encoding %s: %v", where, to, err)
				continue
			}
			im, _ := tr.ImageOf(r)
			var back *nist.Record
			var rep2 *Report
			switch x := rec.(type) {
			case *iso.FingerImageRecord:
				if r.Type == 4 {
					back, rep2, err = FingerImageToType4(x, 0, nil)
				} else {
					back, rep2, err = FingerImageToType14(x, 0, nil)
				}
			case *iso.FaceRecord:
				back, rep2, err = FaceToType10(x, 0, nil)
			case *iso.IrisRecord:
				back, rep2, err = IrisToType17(x, 0, nil)
			}
			if err != nil {
				t.Errorf("%s: back: %v", where, err)
				continue
			}
			n++
			b2 := transactionOf(t, back)
			bim, _ := b2.ImageOf(b2.Records[1])
			if !bytes.Equal(bim.Data(), im.Data()) {
				t.Errorf("%s: image bytes differ after the round trip", where)
			}
			w1, _ := im.Width()
			w2, _ := bim.Width()
			c1, _ := im.Compression()
			c2, _ := bim.Compression()
			if w1 != w2 || c1 != c2 && !(c1 == "WSQ" && c2 == "WSQ20") {
				t.Errorf("%s: width %d/%d or compression %s/%s differ", where, w1, w2, c1, c2)
			}
			if p1, p2 := im.Positions(), bim.Positions(); len(p1) > 0 && (len(p2) == 0 || p1[0] != p2[0]) {
				t.Errorf("%s: position %v came back %v", where, p1, p2)
			}
			fmt.Fprintf(&log, "%s → %s → Type-%d: image identical; findings: %s\n", where, to, back.Type, whats(rep, rep2))
		}
	}
	if n == 0 {
		t.Error("no image record converted")
	}
	t.Log("\n" + log.String())
}

// TestImagesNotCarried is the table of refusals and reported losses.
func TestImagesNotCarried(t *testing.T) {
	fir := &iso.FingerImageRecord{Format: iso.FIR2005, AcquisitionLevel: 30, Equipment: 5,
		Views: []iso.FingerImageView{{Position: 2, ViewCount: 1, ViewNumber: 1, Quality: 254, Impression: 1, Width: 10, Height: 10,
			ScaleUnits: 1, XRes: 500, YRes: 500, ScanXRes: 500, ScanYRes: 500, BitDepth: 8, Compression: iso.FIRCompressionBitPacked, Image: []byte{1}}}}
	if _, _, err := FingerImageToType14(fir, 0, nil); err == nil || !strings.Contains(err.Error(), "transcode") {
		t.Errorf("bit-packed image: %v, want a transcode error", err)
	}
	fir.Views[0].Compression = iso.FIRCompressionWSQ
	_, rep, err := FingerImageToType14(fir, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"image acquisition level", "capture device ID", "source agency", "capture date"} {
		if !rep.Has(w) {
			t.Errorf("FIR → Type-14: no finding %q in\n%s", w, rep)
		}
	}
	r, _, err := FingerImageToType4(fir, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Text(8) != "1" {
		t.Errorf("WSQ: 4.008 GCA = %s, want 1 (FIR code 2 is GCA 1)", r.Text(8))
	}
	fir.Views[0].XRes, fir.Views[0].YRes = 1000, 1000
	_, rep, _ = FingerImageToType4(fir, 0, nil)
	if !rep.Has("image resolution") {
		t.Errorf("1000 ppi into Type-4 not reported:\n%s", rep)
	}
	// A Type-10 mark is not a face.
	tr := nist.NewTransaction(nist.V0502)
	mark := nist.NewRecord(10)
	mark.Set(3, "MARK")
	tr.AddRecord(mark)
	if _, _, err := Type10ToFace(tr, mark, iso.Face2005); err == nil {
		t.Error("a Type-10 MARK converted to a face")
	}
	// PNG has no 19794-5:2005 code.
	face := nist.NewRecord(10)
	face.Set(3, "FACE")
	face.Set(11, "PNG")
	if _, _, err := Type10ToFace(tr, face, iso.Face2005); err == nil {
		t.Error("a PNG face converted to 19794-5:2005")
	}
	if _, _, err := Type10ToFace(tr, face, iso.Face2011); err != nil {
		t.Errorf("a PNG face into 19794-5:2011: %v", err)
	}
}
