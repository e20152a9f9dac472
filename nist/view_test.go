package nist

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHeaderSample(t *testing.T) {
	tr, err := DecodeBytes(readSample(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := tr.Header()
	if v, ok := h.Version(); !ok || v != V0502 || v.Standard() != "ANSI/NIST-ITL 1-2011 Update 2015" {
		t.Errorf("Version() = %v, %v", v, ok)
	}
	if d, err := h.Date(); err != nil || !d.Equal(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Date() = %v, %v", d, err)
	}
	if g, err := h.GMT(); err != nil || !g.Equal(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("GMT() = %v, %v", g, err)
	}
	checks := []struct{ name, got, want string }{
		{"TOT", h.TypeOfTransaction(), "CAR"},
		{"DAI", h.DestinationAgency(), "XX0000001"},
		{"ORI", h.OriginatingAgency(), "YY0000002"},
		{"TCN", h.ControlNumber(), "BIOGATE-SAMPLE-0001"},
		{"TCR", h.ControlReference(), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if p, ok := h.Priority(); !ok || p != 4 {
		t.Errorf("Priority() = %d, %v", p, ok)
	}
	if r, ok := h.NativeScanningResolution(); !ok || r != 19.69 {
		t.Errorf("NSR = %v, %v", r, ok)
	}
	if r, ok := h.NominalTransmittingResolution(); !ok || r != 19.69 {
		t.Errorf("NTR = %v, %v", r, ok)
	}
	if cs, name, _, ok := h.DCS(); !ok || cs != UTF8 || name != "UTF-8" {
		t.Errorf("DCS() = %v %q %v", cs, name, ok)
	}
	if cs, ok := tr.CharacterSet(); !ok || cs != UTF8 {
		t.Errorf("CharacterSet() = %v, %v", cs, ok)
	}
	if name, ver := h.Domain(); name != "" || ver != "" {
		t.Errorf("Domain() = %q %q, want none", name, ver)
	}
	if _, err := (Header{}).Date(); err == nil {
		t.Error("zero Header: Date() without error")
	}
}

func TestImageSample(t *testing.T) {
	tr, err := DecodeBytes(readSample(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	imgs := tr.Images()
	if len(imgs) != 2 {
		t.Fatalf("%d images, want 2", len(imgs))
	}
	type want struct {
		typ, idc, imp, w, h, bpp int
		fgp                      []int
		comp                     Compression
		res                      Resolution
	}
	wants := []want{
		{4, 1, 1, 32, 32, 8, []int{2}, CompressionNone, Resolution{PixelsPerMillimetre, 19.69, 19.69}},
		{14, 2, 1, 48, 40, 8, []int{7}, CompressionNone, Resolution{PixelsPerInch, 500, 500}},
	}
	for i, w := range wants {
		im := imgs[i]
		idc, _ := im.IDC()
		imp, _ := im.Impression()
		width, _ := im.Width()
		height, _ := im.Height()
		bpp, _ := im.BitsPerPixel()
		comp, _ := im.Compression()
		res, _ := im.Resolution()
		got := want{im.Record().Type, idc, imp, width, height, bpp, im.Positions(), comp, res}
		if got.typ != w.typ || got.idc != w.idc || got.imp != w.imp || got.w != w.w || got.h != w.h || got.bpp != w.bpp ||
			got.comp != w.comp || got.res != w.res || len(got.fgp) != len(w.fgp) || got.fgp[0] != w.fgp[0] {
			t.Errorf("image %d: %+v, want %+v", i, got, w)
		}
		if !bytes.Equal(im.Data(), ridges(w.w, w.h)) {
			t.Errorf("image %d: data differs", i)
		}
		if h, v, ok := res.PerMillimetre(); !ok || h < 19.68 || h > 19.70 || v < 19.68 || v > 19.70 {
			t.Errorf("image %d: %v, %v pixels per mm", i, h, v)
		}
	}
}

// manifestRecords reads the "records=" list of a MANIFEST.tsv note, as in
// "records=1,2,4[GCA1/WSQ],10[JPEGB/JPEG]": per record its type, the
// compression it declares and the format its data was found to hold.
func manifestRecords(note string) (types []int, declared, detected []string) {
	i := strings.Index(note, "records=")
	if i < 0 {
		return nil, nil, nil
	}
	list := note[i+len("records="):]
	if j := strings.IndexAny(list, " |\""); j >= 0 {
		list = list[:j]
	}
	for _, r := range strings.Split(list, ",") {
		typ, info, _ := strings.Cut(strings.TrimSuffix(r, "]"), "[")
		n, ok := atoi([]byte(typ))
		if !ok {
			return nil, nil, nil
		}
		dec, det, _ := strings.Cut(info, "/")
		det, _, _ = strings.Cut(det, "/")
		types, declared, detected = append(types, n), append(declared, dec), append(detected, det)
	}
	return types, declared, detected
}

// dataMagic is how data of each detected format begins.
var dataMagic = map[string][][]byte{
	"WSQ":  {{0xFF, 0xA0}},
	"JPEG": {{0xFF, 0xD8}},
	"PNG":  {[]byte("\x89PNG")},
	"JP2":  {[]byte("\x00\x00\x00\x0cjP  "), {0xFF, 0x4F, 0xFF, 0x51}},
}

// TestImageViewCorpus checks the record types and the image view of every
// corpus transaction against MANIFEST.tsv, whose notes list each record's
// type, the compression it declares (GCA code, CGA name or SRT) and the
// format its data holds: the view must report the declared compression
// and its Data must begin as the detected format does.
func TestImageViewCorpus(t *testing.T) {
	notes := map[string]string{}
	mf, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	for _, line := range strings.Split(string(mf), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) > 6 {
			notes[cols[0]] = cols[6]
		}
	}
	files, images := 0, 0
	for _, name := range corpusFiles(t) {
		types, declared, detected := manifestRecords(notes[name])
		if types == nil || failDecoder(name) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := DecodeBytes(b, &DecodeOptions{Lenient: true})
		if len(tr.Records) != len(types) {
			t.Errorf("%s: %d records, MANIFEST lists %d", name, len(tr.Records), len(types))
			continue
		}
		for i, r := range tr.Records {
			where := fmt.Sprintf("%s record %d", name, i+1)
			if r.Type != types[i] {
				t.Errorf("%s: Type-%d, MANIFEST says Type-%d", where, r.Type, types[i])
				continue
			}
			im, ok := tr.ImageOf(r)
			if !ok || declared[i] == "" || declared[i] == "user-defined" {
				continue
			}
			var got string
			switch comp, _ := im.Compression(); r.Type {
			case 3, 4, 5, 6:
				got = "GCA" + r.Text(8)
			case 8:
				got = "SRT" + r.Text(4)
			default:
				got = string(comp)
			}
			if got != declared[i] {
				t.Errorf("%s: view says compression %s, MANIFEST %s", where, got, declared[i])
			}
			if magics, ok := dataMagic[strings.TrimSuffix(detected[i], "L")]; ok {
				found := false
				for _, m := range magics {
					found = found || bytes.HasPrefix(im.Data(), m)
				}
				if !found {
					t.Errorf("%s: data begins % X, MANIFEST found %s", where, im.Data()[:min(8, len(im.Data()))], detected[i])
				}
			}
			images++
		}
		files++
	}
	if images == 0 {
		t.Fatal("no image checked")
	}
	t.Logf("%d transactions, %d image records: record types, declared compression and data format agree with MANIFEST.tsv", files, images)
}

// TestStrictPassFiles decodes, strictly, every file NIST's conformance set
// says passes: none may report a problem.
func TestStrictPassFiles(t *testing.T) {
	n := 0
	for _, name := range corpusFiles(t) {
		if !strings.Contains(name, "/pass/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeBytes(b, nil); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		n++
	}
	t.Logf("%d NIST pass files decode strictly", n)
}

func TestItemOffset(t *testing.T) {
	b := readSample(t)
	tr, err := DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	r1 := tr.Records[0]
	cnt := r1.Field(3)
	for i, s := range cnt.Subfields() {
		for j, it := range s {
			off := r1.ItemOffset(cnt, i, j)
			if off < 0 || string(b[off:off+int64(len(it))]) != it {
				t.Errorf("CNT item %d.%d at %d does not hold %q", i, j, off, it)
			}
		}
	}
	if r1.ItemOffset(cnt, 9, 0) != -1 || r1.ItemOffset(cnt, 0, 2) != -1 {
		t.Error("offset of an item that does not exist")
	}
	t4 := tr.Records[2]
	if off := t4.ItemOffset(t4.Field(4), 0, 0); b[off] != 2 {
		t.Errorf("FGP byte at %d is %d, want 2", off, b[off])
	}
	if off := t4.ItemOffset(t4.Field(6), 0, 0); b[off] != 0 || b[off+1] != 32 {
		t.Errorf("HLL bytes at %d are % X", off, b[off:off+2])
	}
	t14 := tr.Records[3]
	img := t14.Field(999)
	if off := t14.ValueOffset(img); !bytes.Equal(b[off:off+int64(len(img.Value))], img.Value) {
		t.Error("14.999 value offset wrong")
	}
	if NewRecord(2).ValueOffset(&Field{Number: 3, Offset: -1}) != -1 {
		t.Error("built field has an offset")
	}
}
