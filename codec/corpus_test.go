package codec

import (
	"encoding/binary"
	"errors"
	"image"
	"path"
	"strings"
	"testing"
)

// Image files of the corpus, decoded by the compression their name says.
func TestDecodeCorpusFiles(t *testing.T) {
	byExt := map[string]Compression{".png": PNG, ".jpg": JPEGB, ".wsq": WSQ20, ".jp2": JP2}
	var files []string
	for _, p := range []string{"openebts/*.png", "openebts/*.jpg", "openebts/*.wsq", "openebts/*.jp2",
		"libbiomeval/img.*", "thales-wsq/nist/wsq/225/a0*.wsq", "thales-wsq/nist/wsq/not_7_9/cmp0001*.wsq"} {
		files = append(files, globCorpus(t, p)...)
	}
	for _, name := range files {
		c, ok := byExt[path.Ext(name)]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data := readCorpus(t, name)
			if s := Sniff(data); s != c && !(c == JP2 && s == JP2L) {
				t.Errorf("Sniff = %v, want %v", s, c)
			}
			m := decodeOrSkipJP2(t, data, c, nil)
			if m == nil {
				return
			}
			t.Logf("%v %T %v", c, m, m.Bounds().Size())
			if strings.HasPrefix(path.Base(name), "finger") && m.Bounds().Size() != image.Pt(374, 374) {
				t.Errorf("size %v, want 374x374 (MANIFEST: the same 374x374 print in several encodings)", m.Bounds().Size())
			}
		})
	}
}

// The OpenEBTS print as JPEG 2000 (lossy) against the same print as PNG.
func TestCorpusJP2AgainstPNG(t *testing.T) {
	ref, err := Decode(readCorpus(t, "openebts/finger24.png"), PNG, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := decodeOrSkipJP2(t, readCorpus(t, "openebts/finger24.jp2"), JP2, nil)
	if m == nil {
		return
	}
	p := psnr(ref, m)
	t.Logf("finger24.jp2 vs finger24.png: %.1f dB", p)
	if p < 25 {
		t.Errorf("PSNR %.1f dB: the JPEG 2000 decode does not look like the same print", p)
	}
}

// The image data of ISO/IEC 19794-4:2005 finger records (MOSIP): the
// compression byte of the general header (offset 29) read with the 2005
// table, the view's image after the 14-byte view header, its size from the
// view header (HLL at 9, VLL at 11).
func TestDecodeCorpusFIR2005(t *testing.T) {
	for _, name := range globCorpus(t, "mosip-bio-utils/images/FingerPrint*.iso") {
		t.Run(name, func(t *testing.T) {
			b := readCorpus(t, name)
			c, ok := FromISO(FIR2005, int(b[29]))
			if !ok {
				t.Fatalf("compression code %d unknown", b[29])
			}
			view := b[32:]
			n := int(binary.BigEndian.Uint32(view))
			w, h := int(binary.BigEndian.Uint16(view[9:])), int(binary.BigEndian.Uint16(view[11:]))
			data := view[14:n]
			if err := Check(c, data); err != nil {
				t.Error(err)
			}
			m := decodeOrSkipJP2(t, data, c, &RawLayout{w, h, int(b[28])})
			if m == nil {
				return
			}
			if m.Bounds().Size() != image.Pt(w, h) {
				t.Errorf("decoded %v, view header says %dx%d", m.Bounds().Size(), w, h)
			}
		})
	}
}

// Iris records: 19794-6:2005 (MOSIP Sample_IRIS.iso, image format 14 = mono
// JPEG 2000) and 19794-6:2011 (libbiomeval iris01.iso2011, image format
// 14 = PNG): the same code, different compressions.
func TestDecodeCorpusIris(t *testing.T) {
	t.Run("2005", func(t *testing.T) {
		b := readCorpus(t, "mosip-bio-utils/images/Sample_IRIS.iso")
		// Record header (45 bytes): image format at 21, width 23, height 25;
		// then the eye header (3) and the image header (11), whose last 4
		// bytes are the image length.
		c, ok := FromISO(Iris2005, int(binary.BigEndian.Uint16(b[21:])))
		if !ok || c != JP2 {
			t.Fatalf("image format %d → %v", binary.BigEndian.Uint16(b[21:]), c)
		}
		w, h := int(binary.BigEndian.Uint16(b[23:])), int(binary.BigEndian.Uint16(b[25:]))
		n := int(binary.BigEndian.Uint32(b[55:]))
		m := decodeOrSkipJP2(t, b[59:59+n], c, nil)
		if m != nil && m.Bounds().Size() != image.Pt(w, h) {
			t.Errorf("decoded %v, header says %dx%d", m.Bounds().Size(), w, h)
		}
	})
	t.Run("2011", func(t *testing.T) {
		b := readCorpus(t, "libbiomeval/iris01.iso2011")
		// General header 16 bytes; the representation's quality-block count
		// is at 34, then 5 bytes a block, representation number (2), eye
		// label, image type, image format, properties, width (2), height
		// (2), bit depth, range (2), roll angle and uncertainty (4), iris
		// centre and diameter (12), image length (4), image.
		p := 35 + 5*int(b[34])
		c, ok := FromISO(Iris2011, int(b[p+4]))
		if !ok || c != PNG {
			t.Fatalf("image format %d → %v", b[p+4], c)
		}
		w, h := int(binary.BigEndian.Uint16(b[p+6:])), int(binary.BigEndian.Uint16(b[p+8:]))
		n := int(binary.BigEndian.Uint32(b[p+29:]))
		m, err := Decode(b[p+33:p+33+n], c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if m.Bounds().Size() != image.Pt(w, h) {
			t.Errorf("decoded %v, header says %dx%d", m.Bounds().Size(), w, h)
		}
	})
}

// The images of ANSI/NIST-ITL transactions, decoded by their CGA (tagged
// records) or GCA (binary Types 3/4): the decoded size must be the record's
// HLL × VLL. Lossless JPEG records must give the UnsupportedError.
func TestDecodeCorpusTransactions(t *testing.T) {
	files := []string{
		"libbiomeval/type9-15.an2k", // Type-15 WSQ and JP2L palms
		"libbiomeval/type3.an2k",    // Type-3, GCA 0
		"libbiomeval/type4-slaps.an2k",
		"jnbis/ansi/references/type-15-palms.an2",                // Type-15 WSQ and JP2L
		"jnbis/ansi/references/type-10-14-17-piv-index-iris.an2", // JPEGB face, PNG iris, JPEGL fingers
		"jnbis/ansi/references/type-17-iris.an2",
		"jnbis/ansi/references/type-4-tpcard.an2",
		"jnbis/ansi/references/type-14-tip-eji-wsq.an2",
		"jnbis/ansi/references/type-10-sap10.an2",
		"nbis/testdata/face_jpb_DOM_GMT_DCS.an2",
		"nbis/testdata/type_3_wvu.an2",
	}
	decoded := map[Compression]int{}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			for i, im := range nistImages(t, name) {
				data := im.Data()
				nc, ok := im.Compression()
				c, known := FromCGA(string(nc))
				w, okw := im.Width()
				h, okh := im.Height()
				rec := im.Record().Type
				if !ok || !known || len(data) == 0 || !okw || !okh {
					t.Logf("image %d (Type-%d): compression %q, %d bytes: not decoded", i, rec, nc, len(data))
					continue
				}
				var raw *RawLayout
				if c == None {
					bpx, _ := im.BitsPerPixel()
					raw = &RawLayout{w, h, bpx}
				}
				if c == JPEGL {
					_, err := Decode(data, c, raw)
					var u *UnsupportedError
					if !errors.As(err, &u) || !strings.Contains(err.Error(), "JPEGL (lossless JPEG, ITU-T T.81 process 14)") {
						t.Errorf("image %d JPEGL: got %v, want the UnsupportedError", i, err)
					}
					if s := Sniff(data); s != JPEGL {
						t.Errorf("image %d: declared JPEGL, Sniff = %v", i, s)
					}
					t.Logf("image %d (Type-%d): JPEGL %dx%d: UnsupportedError, as intended", i, rec, w, h)
					continue
				}
				if err := Check(c, data); err != nil {
					t.Errorf("image %d (Type-%d): %v", i, rec, err)
				}
				m := decodeOrSkipJP2(t, data, c, raw)
				if m == nil {
					t.Logf("image %d (Type-%d): %v %dx%d: no JPEG 2000 in this build", i, rec, c, w, h)
					continue
				}
				if got := m.Bounds().Size(); got != image.Pt(w, h) {
					t.Errorf("image %d (Type-%d %v): decoded %v, HLL×VLL %dx%d", i, rec, c, got, w, h)
				}
				decoded[c]++
				t.Logf("image %d (Type-%d): %v %dx%d %T", i, rec, c, w, h, m)
			}
		})
	}
	t.Logf("decoded per compression: %v", decoded)
}
