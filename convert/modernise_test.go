package convert

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// moderniseFiles are the NIST reference transactions of the corpus that
// Modernise is measured on (issue 14): the traditional transactions of
// jnbis/ansi/references and nbis/testdata listed in MANIFEST.tsv.
func moderniseFiles(t *testing.T) []string {
	var out []string
	for _, cf := range manifest(t, "an2-traditional") {
		if strings.HasPrefix(cf.path, "jnbis/ansi/references/") || strings.HasPrefix(cf.path, "nbis/testdata/") {
			out = append(out, cf.path)
		}
	}
	if len(out) == 0 {
		t.Skip("no NIST reference transactions listed in the corpus manifest")
	}
	return out
}

// TestModerniseCorpus modernises every NIST reference transaction and
// checks the measures: the output validates at VER 0502 with no
// error, encodes and decodes back to the same bytes, its friction ridge
// images decode to the pixels of the binary records they came from (whose
// bytes are kept when they are compressed), its added INCITS 378 blocks
// convert back to the legacy fields within the unit rules, and the report
// names the changes.
func TestModerniseCorpus(t *testing.T) {
	files := moderniseFiles(t)
	clean, onlyInherited, refused := 0, 0, 0
	for _, path := range files {
		t.Run(strings.TrimSuffix(path[strings.LastIndexByte(path, '/')+1:], ".an2"), func(t *testing.T) {
			src := decodeAN2(t, path)
			ver, _ := src.Header().Version()
			out, rep, err := Modernise(src, nil)
			if want, ok := notModernisable[path]; ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("Modernise: error %v, want one saying %q", err, want)
				}
				refused++
				t.Logf("refused as expected: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("Modernise: %v\n%s", err, rep)
			}
			if v, _ := out.Header().Version(); v != nist.V0502 {
				t.Errorf("1.002 VER %s, want 0502", v)
			}
			if ver != nist.V0502 && !rep.Has("1.002 VER") {
				t.Errorf("the report does not name the version change:\n%s", rep)
			}
			enc, err := nist.Marshal(out)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			back, err := nist.DecodeBytes(enc, nil)
			if err != nil {
				t.Fatalf("the output does not decode strictly: %v", err)
			}
			if again, err := nist.Marshal(back); err != nil || !bytes.Equal(again, enc) {
				t.Errorf("encode → decode → encode is not lossless (err %v)", err)
			}
			had := sourceErrors(src)
			cr := conformance.Check(back, nil, nil)
			errs, warns := cr.Count()
			inherited := 0
			for _, f := range cr.Findings {
				if f.Severity != conformance.Error {
					continue
				}
				if had[errorKey(f)] || sourceFaults[path][f.Assertion] {
					inherited++
					t.Logf("VER 0502, an error the source has at VER %s too: %s", ver, f)
					continue
				}
				t.Errorf("VER 0502: %s", f)
			}
			switch {
			case errs == 0:
				clean++
			case errs == inherited:
				onlyInherited++
			}
			t.Logf("VER %s → 0502: %d errors (%d the source has too), %d warnings, %d report findings", ver, errs, inherited, warns, len(rep.Findings))
			checkModernisedLosses(t, src, back, rep)
			checkModernisedImages(t, src, back)
			checkModernisedMinutiae(t, src, back)
		})
	}
	t.Logf("%d NIST reference transactions: %d modernise with no error at VER 0502, %d with only errors their source has at its own version, %d refused", len(files), clean, onlyInherited, refused)
}

// TestModerniseDropUncarried: the reference transactions refused for an
// image no tagged record can carry modernise with DropUncarried, each left
// out record named in the report, and validate at 0502 with no error.
func TestModerniseDropUncarried(t *testing.T) {
	for _, path := range moderniseFiles(t) {
		want, ok := notModernisable[path]
		if !ok || strings.Contains(want, "version") {
			continue
		}
		t.Run(path, func(t *testing.T) {
			src := decodeAN2(t, path)
			out, rep, err := Modernise(src, &ModerniseOptions{DropUncarried: true})
			if err != nil {
				t.Fatal(err)
			}
			dropped := 0
			for _, f := range rep.Findings {
				if f.What == "image record" && f.Severity == Dropped {
					dropped++
				}
			}
			if dropped == 0 || len(out.Records)+dropped != len(src.Records) {
				t.Errorf("%d records, %d out and %d named as dropped", len(src.Records), len(out.Records), dropped)
			}
			enc, err := nist.Marshal(out)
			if err != nil {
				t.Fatal(err)
			}
			cr := conformance.CheckBytes(enc, nil)
			if errs, warns := cr.Count(); errs != 0 {
				t.Errorf("%d errors at 0502: %v", errs, cr.Findings)
			} else {
				t.Logf("%d records dropped; 0 errors, %d warnings at 0502", dropped, warns)
			}
		})
	}
}

// notModernisable are the reference transactions Modernise refuses, with
// what its error must say: VER "0" names no version; the WVU Type-5 and
// Type-6 images are compressed bi-level data (their size is not that of
// packed bits, or BCA 1), which no Type-14 compression names.
var notModernisable = map[string]string{
	"jnbis/ansi/references/rec01_rec02_rec16.nst.an2": "names no version",
	"nbis/testdata/type_5_wvu.an2":                    "5.009",
	"nbis/testdata/type_6_wvu.an2":                    "BCA",
}

// sourceFaults are errors at 0502 of records that come from binary ones,
// which the binary layout could not be checked for: the WVU Type-3
// records 13 and 14 say IMP 1 (rolled) with FGP 13 and 14 (plain four
// fingers), a contradiction of the source that Modernise keeps rather
// than guess which of the two is right.
var sourceFaults = map[string]map[string]bool{
	"nbis/testdata/type_3_wvu.an2": {"AN.14.003.fgp": true},
}

// sourceErrors returns the errors of src, checked at its own version and
// at 0502, by errorKey: values of the source (a JPEG field whose bytes are
// not JPEG, a quality of 120, which the older catalogues do not check)
// that modernising does not make and cannot repair without inventing data.
func sourceErrors(src *nist.Transaction) map[string]bool {
	out := map[string]bool{}
	for _, opts := range []*conformance.Options{nil, {Version: nist.V0502}} {
		for _, f := range conformance.Check(src, nil, opts).Findings {
			if f.Severity == conformance.Error {
				out[errorKey(f)] = true
			}
		}
	}
	return out
}

// errorKey is a finding's record and assertion without the version prefix
// ("AN2011.14.024-B.value" and "AN2007.14.024-B.value" are one rule).
func errorKey(f conformance.Finding) string {
	a := f.Assertion
	if strings.HasPrefix(a, "AN20") {
		if i := strings.IndexByte(a, '.'); i > 0 {
			a = a[i+1:]
		}
	} else if strings.HasPrefix(a, "AN.") {
		a = a[3:]
	}
	return strconv.Itoa(f.Location.Record) + " " + a
}

// checkModernisedLosses checks that the report names every record it
// rewrote (each binary image record at least by its change of type) and
// that Type-2 records are kept byte for byte.
func checkModernisedLosses(t *testing.T, src, out *nist.Transaction, rep *Report) {
	t.Helper()
	for i, r := range src.Records {
		switch {
		case r.Type >= 3 && r.Type <= 6:
			where := fmt.Sprintf("record %d (Type-%d)", i+1, r.Type)
			named := false
			for _, f := range rep.Findings {
				named = named || f.What == "record type" && strings.HasPrefix(f.Where, where)
			}
			if !named {
				t.Errorf("the report does not name the rewriting of %s", where)
			}
		case r.Type == 2:
			var a, b bytes.Buffer
			errA, errB := nist.EncodeRecord(&a, r), nist.EncodeRecord(&b, out.Records[i])
			if errA != nil || errB != nil || a.Len() == 0 || !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("record %d (Type-2) changed", i+1)
			}
		}
	}
}

// checkModernisedImages compares every binary friction ridge record of src
// with the tagged record of the same IDC in out.
func checkModernisedImages(t *testing.T, src, out *nist.Transaction) {
	t.Helper()
	for i, r := range src.Records {
		if r.Type < 3 || r.Type > 6 {
			continue
		}
		idc, _ := r.IDC()
		nr := recordWithIDC(out, idc, 13, 14, 15)
		if nr == nil {
			t.Errorf("record %d (Type-%d, IDC %d) has no tagged counterpart", i+1, r.Type, idc)
			continue
		}
		im, _ := src.ImageOf(r)
		nim, _ := out.ImageOf(nr)
		if r.Type <= 4 && !bytes.Equal(im.Data(), nim.Data()) {
			t.Errorf("record %d: the image bytes changed", i+1)
		}
		if oi, _ := im.Impression(); true {
			if ni, _ := nim.Impression(); ni != oi {
				t.Errorf("record %d: impression %d became %d", i+1, oi, ni)
			}
		}
		if op, np := im.Positions(), nim.Positions(); len(op) == 0 || len(np) == 0 || op[0] != np[0] {
			t.Errorf("record %d: finger positions %v became %v", i+1, op, np)
		}
		before, err := originalPixels(im)
		if err != nil {
			t.Logf("record %d: the original image does not decode (%v); pixels not compared", i+1, err)
			continue
		}
		after, err := RecordImage(nim)
		if err != nil {
			t.Errorf("record %d: the modernised image does not decode: %v", i+1, err)
			continue
		}
		if d := pixelDiff(before, after); d != "" {
			t.Errorf("record %d: %s", i+1, d)
		}
	}
}

// originalPixels decodes a binary record's image: [RecordImage] for the
// grey Types 3 and 4, the 1-bit packed rows of codec for Types 5 and 6.
func originalPixels(im nist.Image) (image.Image, error) {
	r := im.Record()
	if r.Type != 5 && r.Type != 6 {
		return RecordImage(im)
	}
	w, _ := im.Width()
	h, _ := im.Height()
	return codec.Decode(im.Data(), codec.NoneBitPacked, &codec.RawLayout{Width: w, Height: h, Depth: 1})
}

// pixelDiff says where a and b first differ in grey level, "" if nowhere.
func pixelDiff(a, b image.Image) string {
	if a.Bounds().Size() != b.Bounds().Size() {
		return "image size " + a.Bounds().Size().String() + " became " + b.Bounds().Size().String()
	}
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			ga := color.GrayModel.Convert(a.At(ab.Min.X+x, ab.Min.Y+y)).(color.Gray).Y
			gb := color.GrayModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.Gray).Y
			if ga != gb {
				return "pixel " + image.Pt(x, y).String() + " changed"
			}
		}
	}
	return ""
}

func recordWithIDC(t *nist.Transaction, idc int, types ...int) *nist.Record {
	for _, r := range t.Records {
		for _, typ := range types {
			if n, ok := r.IDC(); r.Type == typ && ok && n == idc {
				return r
			}
		}
	}
	return nil
}

// checkModernisedMinutiae checks every legacy-only Type-9 of src: out
// keeps its legacy fields as they were and has an INCITS 378 block that,
// converted back to the legacy block, gives the legacy minutiae within
// the unit rules (TestType9RoundTrips' legacy limits: 6 × 0.01 mm, one
// INCITS 378 angle unit plus the degree, 3°).
func checkModernisedMinutiae(t *testing.T, src, out *nist.Transaction) {
	t.Helper()
	for i, r := range src.Records {
		if r.Type != 9 || !nist.HasLegacyMinutiae(r) || nist.HasM1Minutiae(r) {
			continue
		}
		nr := out.Records[i]
		for n := 3; n <= 12; n++ {
			if r.Text(n) != nr.Text(n) {
				t.Errorf("record %d: legacy field %s changed", i+1, nist.FieldTag(9, n))
			}
		}
		if !nist.HasM1Minutiae(nr) {
			t.Errorf("record %d: no INCITS 378 block added", i+1)
			continue
		}
		rec, _, err := Type9ToMinutiaeWith(out, nr, iso.ANSI378v2009, &Type9Options{Blocks: BlockM1})
		if err != nil {
			t.Errorf("record %d: the added block does not read: %v", i+1, err)
			continue
		}
		legacy, _, err := MinutiaeToType9(rec, 0, &Type9Options{Blocks: BlockLegacy})
		if err != nil {
			t.Errorf("record %d: the added block does not convert back: %v", i+1, err)
			continue
		}
		orig, got := type9Points(t, r, BlockLegacy), type9Points(t, legacy, BlockLegacy)
		if len(orig) != len(got) {
			t.Errorf("record %d: %d legacy minutiae came back %d", i+1, len(orig), len(got))
			continue
		}
		pos, ang := 0, 0
		for k := range orig {
			pos = max(pos, abs(orig[k][0]-got[k][0]), abs(orig[k][1]-got[k][1]))
			d := ((got[k][2]-orig[k][2])%stepsDegrees + stepsDegrees) % stepsDegrees
			ang = max(ang, min(d, stepsDegrees-d))
			if orig[k][3] != got[k][3] {
				t.Errorf("record %d, minutia %d: type %d came back %d", i+1, k+1, orig[k][3], got[k][3])
			}
		}
		if pos > 6 || ang > 3 {
			t.Errorf("record %d: worst Δposition %d (0.01 mm), Δangle %d°; limits 6 and 3", i+1, pos, ang)
		}
		t.Logf("record %d: %d minutiae, worst Δposition %d (0.01 mm), Δangle %d°", i+1, len(orig), pos, ang)
	}
}
