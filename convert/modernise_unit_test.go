package convert

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/nist"
)

// legacyTransaction builds a VER 0201 transaction: Type-1 with the given
// NSR/NTR text ("" leaves the field out) and the records given.
func legacyTransaction(nsr, ntr string, recs ...*nist.Record) *nist.Transaction {
	t := nist.NewTransaction(nist.V0201)
	h := t.Header()
	h.SetTypeOfTransaction("CAR")
	h.Record().Set(5, "19990505")
	h.SetDestinationAgency("DEST00000")
	h.SetOriginatingAgency("ORIG00000")
	h.SetControlNumber("TCN1")
	if nsr != "" {
		h.Record().Set(11, nsr)
	}
	if ntr != "" {
		h.Record().Set(12, ntr)
	}
	for _, r := range recs {
		t.AddRecord(r)
	}
	return t
}

// type4 builds a binary Type-4 record: impression imp, positions fgp,
// compression gca and the data given.
func type4(idc, imp, gca int, fgp string, w, h int, data []byte) *nist.Record {
	r := nist.NewRecord(4)
	r.SetIDC(idc)
	r.Set(3, strconv.Itoa(imp))
	r.Set(4, fgp)
	r.Set(5, "0")
	r.Set(6, strconv.Itoa(w))
	r.Set(7, strconv.Itoa(h))
	r.Set(8, strconv.Itoa(gca))
	r.SetBinary(9, data)
	return r
}

func grey(w, h int) []byte {
	b := make([]byte, w*h)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

func TestModerniseType1(t *testing.T) {
	gmt := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name                  string
		nsr, ntr              string
		binary                bool
		opts                  *ModerniseOptions
		wantNSR, wantNTR, gmt string
		findings              []string
	}{
		{"NN.NN kept", "19.69", "19.69", false, nil, "19.69", "19.69", "", []string{"1.002 VER"}},
		{"short form rewritten", "19.7", "9.84", false, nil, "19.70", "09.84", "", []string{"1.011 NSR", "1.012 NTR"}},
		{"absent, no image", "", "", false, nil, "00.00", "00.00", "", []string{"1.011 NSR", "1.012 NTR"}},
		{"absent, binary image", "", "", true, nil, "19.69", "19.69", "", []string{"1.011 NSR", "1.012 NTR"}},
		{"GMT from options", "19.69", "19.69", false, &ModerniseOptions{GMT: gmt}, "19.69", "19.69", "20261203100000Z", []string{"1.014 GMT"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var recs []*nist.Record
			if c.binary {
				recs = append(recs, type4(1, 1, 0, "2\x1f255\x1f255\x1f255\x1f255\x1f255", 4, 3, grey(4, 3)))
			}
			src := legacyTransaction(c.nsr, c.ntr, recs...)
			before, _ := nist.Marshal(src)
			out, rep, err := Modernise(src, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			after, _ := nist.Marshal(src)
			if !bytes.Equal(before, after) {
				t.Error("Modernise changed its input")
			}
			r1 := out.Records[0]
			if got := r1.Text(2); got != "0502" {
				t.Errorf("1.002 %q", got)
			}
			if r1.Text(11) != c.wantNSR || r1.Text(12) != c.wantNTR {
				t.Errorf("NSR/NTR %q/%q, want %q/%q", r1.Text(11), r1.Text(12), c.wantNSR, c.wantNTR)
			}
			if r1.Text(14) != c.gmt {
				t.Errorf("1.014 GMT %q, want %q", r1.Text(14), c.gmt)
			}
			for _, w := range c.findings {
				if !rep.Has(w) {
					t.Errorf("report does not name %s:\n%s", w, rep)
				}
			}
			cnt, ok := out.Header().Content()
			if !ok || len(cnt) != len(out.Records)-1 {
				t.Errorf("1.003 CNT lists %d records, the transaction has %d", len(cnt), len(out.Records)-1)
			}
		})
	}
}

// TestModerniseBinaryImages: Type-4 → Type-14/13/15 by impression, GCA →
// CGA, IDC, positions and bytes kept, resolution from NTR; Type-3 at half
// of it; the losses of several positions named.
func TestModerniseBinaryImages(t *testing.T) {
	const all = "\x1f255\x1f255\x1f255\x1f255\x1f255"
	cases := []struct {
		name      string
		rec       *nist.Record
		ntr       string
		wantType  int
		wantCGA   string
		wantTHPS  string
		wantFGP   string
		wantLoss  string
		wantBytes bool
	}{
		{"rolled WSQ-coded", type4(3, 1, 1, "7"+all, 4, 3, []byte("not really wsq")), "19.69", 14, "WSQ20", "500", "7", "", true},
		{"plain raw", type4(2, 0, 0, "2"+all, 4, 3, grey(4, 3)), "19.69", 14, "NONE", "500", "2", "", true},
		{"latent", type4(5, 4, 0, "0"+all, 4, 3, grey(4, 3)), "19.69", 13, "NONE", "500", "0", "record type", true},
		{"palm", type4(6, 10, 0, "22"+all, 4, 3, grey(4, 3)), "19.69", 15, "NONE", "500", "22", "record type", true},
		{"two positions", type4(7, 0, 6, "2\x1f3\x1f255\x1f255\x1f255\x1f255", 4, 3, []byte("png")), "19.69", 14, "PNG", "500", "2", "finger positions", true},
		{"JPEG lossless (no 19794-4 code)", type4(9, 1, 3, "4"+all, 4, 3, []byte("jpegl bytes")), "19.69", 14, "JPEGL", "500", "4", "", true},
		{"1000 ppi NTR", type4(8, 0, 0, "2"+all, 4, 3, grey(4, 3)), "39.37", 14, "NONE", "1000", "2", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := legacyTransaction("19.69", c.ntr, c.rec)
			out, rep, err := Modernise(src, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := out.Records[1]
			idc, _ := r.IDC()
			want, _ := c.rec.IDC()
			if r.Type != c.wantType || idc != want {
				t.Fatalf("Type-%d IDC %d, want Type-%d IDC %d", r.Type, idc, c.wantType, want)
			}
			if r.Text(11) != c.wantCGA || r.Text(9) != c.wantTHPS || r.Text(13) != c.wantFGP || r.Text(3) != c.rec.Text(3) {
				t.Errorf("CGA %q THPS %q FGP %q IMP %q; want %q %q %q %q", r.Text(11), r.Text(9), r.Text(13), r.Text(3), c.wantCGA, c.wantTHPS, c.wantFGP, c.rec.Text(3))
			}
			if r.Text(4) != "ORIG00000" || r.Text(5) != "19990505" {
				t.Errorf("SRC %q FCD %q: want 1.008 ORI and 1.005 DAT", r.Text(4), r.Text(5))
			}
			if c.wantBytes && !bytes.Equal(r.Field(999).Value, c.rec.Field(9).Value) {
				t.Error("image bytes changed")
			}
			if c.wantLoss != "" && !rep.Has(c.wantLoss) {
				t.Errorf("report does not name %q:\n%s", c.wantLoss, rep)
			}
		})
	}
}

// TestModerniseBiLevel: a Type-6 of packed bits becomes an 8-bit grey
// Type-14 with the same pixels; a compressed one is refused.
func TestModerniseBiLevel(t *testing.T) {
	r := nist.NewRecord(6)
	r.SetIDC(1)
	r.Set(3, "1")
	r.Set(4, "3\x1f255\x1f255\x1f255\x1f255\x1f255")
	r.Set(6, "10")
	r.Set(7, "2")
	r.Set(8, "0")
	r.SetBinary(9, []byte{0b10110000, 0b01000000, 0b00000001, 0b11000000}) // rows padded to 2 bytes
	out, rep, err := Modernise(legacyTransaction("19.69", "19.69", r), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := out.Records[1]
	if got.Type != 14 || got.Text(11) != "NONE" || got.Text(12) != "8" {
		t.Fatalf("Type-%d CGA %q BPX %q", got.Type, got.Text(11), got.Text(12))
	}
	want := []byte{255, 0, 255, 255, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255}
	if !bytes.Equal(got.Field(999).Value, want) {
		t.Errorf("pixels %v, want %v", got.Field(999).Value, want)
	}
	if !rep.Has("bi-level image") {
		t.Errorf("report does not name the unpacking:\n%s", rep)
	}
	r.Set(8, "1")
	if _, _, err := Modernise(legacyTransaction("19.69", "19.69", r), nil); err == nil || !strings.Contains(err.Error(), "BCA") {
		t.Errorf("compressed bi-level: error %v, want one naming BCA", err)
	}
}

func TestModerniseErrors(t *testing.T) {
	noType1 := &nist.Transaction{Records: []*nist.Record{nist.NewRecord(2)}}
	badVer := legacyTransaction("19.69", "19.69")
	badVer.Records[0].Set(2, "0999")
	badGCA := legacyTransaction("19.69", "19.69", type4(1, 1, 9, "2\x1f255\x1f255\x1f255\x1f255\x1f255", 4, 3, grey(4, 3)))
	cases := []struct {
		name string
		t    *nist.Transaction
		want string
	}{
		{"unknown GCA", badGCA, "4.008 GCA"},
		{"nil", nil, "no Type-1"},
		{"no Type-1", noType1, "no Type-1"},
		{"unknown version", badVer, "names no version"},
	}
	for _, c := range cases {
		if _, _, err := Modernise(c.t, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestModerniseAlreadyCurrent: a 0502 transaction comes back the same,
// with nothing reported.
func TestModerniseAlreadyCurrent(t *testing.T) {
	src := legacyTransaction("19.69", "19.69")
	src.Records[0].Set(2, "0502")
	in, _ := nist.Marshal(src)
	out, rep, err := Modernise(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := nist.Marshal(out)
	if !bytes.Equal(in, b) || !rep.Lossless() {
		t.Errorf("a 0502 transaction changed (report %s)", rep)
	}
}
