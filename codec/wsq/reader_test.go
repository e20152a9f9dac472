package wsq

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDecodeNISTReference decodes every WSQ file of the NIST certification
// set and compares it with NIST's reference decode. NBIS reproduces those
// exactly; so must we, but the test only fails past ±1 grey level.
func TestDecodeNISTReference(t *testing.T) {
	root := filepath.Join(corpusDir(t), "thales-wsq/nist")
	for _, dir := range []string{"75", "225", "not_7_9"} {
		files, _ := filepath.Glob(filepath.Join(root, "wsq", dir, "*.wsq"))
		if len(files) == 0 {
			t.Errorf("no files in %s", dir)
		}
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".wsq")
			t.Run(dir+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				got, err := Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				want := readWebPGray(t, filepath.Join(root, "wsq_decoded", dir, name+".webp"))
				if got.Bounds() != want.Bounds() {
					t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
				}
				s := compareGray(got, want)
				t.Logf("%dx%d max |Δ| %d, identical %.4f%%", got.Rect.Dx(), got.Rect.Dy(), s.maxDiff, 100*s.identical)
				if s.maxDiff > 1 {
					t.Errorf("max |Δ| = %d > 1", s.maxDiff)
				}
			})
		}
	}
}

// type4Images walks the records of an ANSI/NIST-ITL traditional-encoding
// file whose records are Type-1, Type-2 and then binary Type-4, returning
// the finger position and the image data of each Type-4 record. It is a
// test helper, not a parser.
func type4Images(t *testing.T, data []byte) map[int][]byte {
	t.Helper()
	const fs, gs, rs, us = 0x1c, 0x1d, 0x1e, 0x1f
	end := bytes.IndexByte(data, fs)
	if end < 0 {
		t.Fatal("no end of Type-1 record")
	}
	// Field 1.003 lists the records: "1<US>n<RS>type<US>idc<RS>...".
	var types []string
	for _, field := range bytes.Split(data[:end], []byte{gs}) {
		if v, ok := bytes.CutPrefix(field, []byte("1.003:")); ok {
			for i, sub := range bytes.Split(v, []byte{rs}) {
				if i > 0 {
					types = append(types, string(bytes.SplitN(sub, []byte{us}, 2)[0]))
				}
			}
		}
	}
	off := end + 1
	out := map[int][]byte{}
	for _, typ := range types {
		switch typ {
		case "2":
			e := bytes.IndexByte(data[off:], fs)
			if e < 0 {
				t.Fatal("no end of Type-2 record")
			}
			off += e + 1
		case "4":
			if len(data)-off < 18 {
				t.Fatal("truncated Type-4 record")
			}
			n := int(binary.BigEndian.Uint32(data[off:]))
			if n < 18 || len(data)-off < n {
				t.Fatalf("bad Type-4 length %d", n)
			}
			rec := data[off : off+n]
			out[int(rec[6])] = rec[18:]
			off += n
		default:
			t.Fatalf("unexpected record type %s", typ)
		}
	}
	return out
}

// TestDecodeTenPrintCard decodes the 14 WSQ images of NIST's Type-4 ten-print
// card and compares them with JNBIS's decodes (fp-N.png, N the finger
// position).
func TestDecodeTenPrintCard(t *testing.T) {
	root := filepath.Join(corpusDir(t), "jnbis")
	data, err := os.ReadFile(filepath.Join(root, "ansi/references/type-4-tpcard.an2"))
	if err != nil {
		t.Skip(err)
	}
	imgs := type4Images(t, data)
	if len(imgs) != 14 {
		t.Fatalf("found %d Type-4 images, want 14", len(imgs))
	}
	for fgp := 1; fgp <= 14; fgp++ {
		t.Run("fp-"+strconv.Itoa(fgp), func(t *testing.T) {
			wsqData, ok := imgs[fgp]
			if !ok {
				t.Fatalf("no image for finger position %d", fgp)
			}
			got, err := Decode(bytes.NewReader(wsqData))
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(root, "samples/nist", "fp-"+strconv.Itoa(fgp)+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			m, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			want := toGray(m)
			if got.Bounds() != want.Bounds() {
				t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
			}
			s := compareGray(got, want)
			t.Logf("%dx%d max |Δ| %d, identical %.4f%%", got.Rect.Dx(), got.Rect.Dy(), s.maxDiff, 100*s.identical)
			if s.maxDiff > 1 {
				t.Errorf("max |Δ| = %d > 1", s.maxDiff)
			}
		})
	}
}

func TestDecodeConfigAndMetadata(t *testing.T) {
	root := corpusDir(t)
	data, err := os.ReadFile(filepath.Join(root, "reference/nbis-cwsq/75/a001.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || format != "wsq" || cfg.Width != 1508 || cfg.Height != 1008 {
		t.Fatalf("DecodeConfig = %+v, %q, %v", cfg, format, err)
	}
	md, err := ReadMetadata(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if md.PPI != 500 || md.Width != 1508 || md.Height != 1008 || md.Encoder != 2 || md.Software != 0 {
		t.Errorf("metadata = %+v", md)
	}
	if v, _ := md.NISTCOM.Get("WSQ_BITRATE"); v != "0.750000" {
		t.Errorf("WSQ_BITRATE = %q", v)
	}
	if len(md.Comments) != 1 || md.NISTCOM.String() != md.Comments[0] {
		t.Errorf("NISTCOM does not round-trip:\n%q\n%q", md.NISTCOM.String(), md.Comments)
	}
	// NIST's reference encodes have no comment: the PPI is unknown.
	data, err = os.ReadFile(filepath.Join(root, "thales-wsq/nist/wsq/75/a001.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	md, err = ReadMetadata(bytes.NewReader(data))
	if err != nil || md.PPI != -1 || md.NISTCOM != nil {
		t.Errorf("metadata = %+v, %v", md, err)
	}
	if m, format, err := image.Decode(bytes.NewReader(data)); err != nil || format != "wsq" || m.Bounds().Dx() != 1508 {
		t.Errorf("image.Decode: %v %q", err, format)
	}
}

// segmentsOf splits a WSQ stream into its marker segments up to the first
// SOB; the rest (blocks and EOI) is returned as tail.
func segmentsOf(t *testing.T, data []byte) (segs [][]byte, tail []byte) {
	t.Helper()
	off := 2
	for {
		m := int(binary.BigEndian.Uint16(data[off:]))
		if m == markerSOB {
			return segs, data[off:]
		}
		n := int(binary.BigEndian.Uint16(data[off+2:]))
		segs = append(segs, data[off:off+2+n])
		off += 2 + n
	}
}

// TestDecodeStreamVariants checks stream features the corpus does not
// exercise: tables in another order, a restart interval, restart markers,
// and comments between blocks and before EOI.
func TestDecodeStreamVariants(t *testing.T) {
	root := corpusDir(t)
	data, err := os.ReadFile(filepath.Join(root, "reference/nbis-cwsq/75/cmp00010.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	segs, tail := segmentsOf(t, data)
	com := []byte("\xff\xa8\x00\x07hello")
	drt := []byte("\xff\xa7\x00\x04\x00\x10")
	rst := []byte("\xff\xb0")
	reversed := [][]byte{{0xff, 0xa0}}
	for i := len(segs) - 1; i >= 0; i-- {
		reversed = append(reversed, segs[i])
	}
	// Before each marker that ends a block's data, insert a restart marker
	// and a comment.
	var blocks []byte
	inData := false
	for i := 0; i < len(tail); i++ {
		if tail[i] == 0xff && i+1 < len(tail) && tail[i+1] != 0 {
			m := int(tail[i])<<8 | int(tail[i+1])
			if inData {
				blocks = append(blocks, rst...)
				blocks = append(blocks, com...)
			}
			inData = false
			if m == markerSOB {
				blocks = append(blocks, tail[i:i+5]...) // marker and header
				i += 4
				inData = true
				continue
			}
			if m != markerEOI {
				n := int(binary.BigEndian.Uint16(tail[i+2:]))
				blocks = append(blocks, tail[i:i+2+n]...)
				i += 1 + n
				continue
			}
		}
		blocks = append(blocks, tail[i])
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"reversed tables", bytes.Join(append(reversed, tail), nil)},
		{"restart interval", bytes.Join([][]byte{data[:2], drt, data[2:]}, nil)},
		{"restart markers and comments between blocks", bytes.Join(append(append([][]byte{{0xff, 0xa0}}, segs...), blocks), nil)},
	}
	for _, tt := range tests {
		got, err := Decode(bytes.NewReader(tt.data))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%s: pixels differ", tt.name)
		}
	}
}

// TestDecodeErrors checks that malformed streams give clear errors.
func TestDecodeErrors(t *testing.T) {
	root := corpusDir(t)
	good, err := os.ReadFile(filepath.Join(root, "reference/nbis-cwsq/75/cmp00010.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	// Offsets of the header segments.
	segOff := map[int]int{}
	for off := 2; ; {
		m := int(binary.BigEndian.Uint16(good[off:]))
		if _, ok := segOff[m]; !ok {
			segOff[m] = off
		}
		if m == markerSOB {
			break
		}
		off += 2 + int(binary.BigEndian.Uint16(good[off+2:]))
	}
	patch := func(off int, b ...byte) []byte {
		d := bytes.Clone(good)
		copy(d[off:], b)
		return d
	}
	sof, dht, sob := segOff[markerSOF], segOff[markerDHT], segOff[markerSOB]
	tests := []struct {
		name        string
		data        []byte
		want        string // substring of the error
		unsupported bool
	}{
		{"empty", nil, "unexpected end of data", false},
		{"no SOI", good[2:], "missing SOI", false},
		{"bad marker", patch(segOff[markerDTT], 0xff, 0xb9), "unexpected marker 0xffb9", false},
		{"not a marker", patch(segOff[markerDTT], 0x12, 0x34), "expected a marker", false},
		{"zero width", patch(sof+8, 0, 0), "image is 0×", false},
		{"huge dimensions", patch(sof+6, 0xff, 0xff, 0xff, 0xff), "exceeds MaxPixels", true},
		{"too small", patch(sof+6, 0, 20, 0, 20), "too small", true},
		{"over-subscribed Huffman table", patch(dht+5, 2, 0, 1), "over-subscribe", false},
		{"Huffman table id", patch(dht+4, 9), "table identifier 9", false},
		{"undefined Huffman table", patch(sob+4, 5), "undefined Huffman table 5", false},
		{"segment length", patch(segOff[markerDQT]+2, 0, 1), "segment length 1", false},
		{"short DQT", patch(segOff[markerDQT]+2, 0, 10), "too short", false},
		{"no DQT", bytes.Join([][]byte{good[:segOff[markerDQT]], good[sof:]}, nil), "no quantization table", false},
		{"block before frame", bytes.Join([][]byte{good[:sof], good[sob:]}, nil), "block before the frame header", false},
		{"missing EOI", good[:len(good)-2], "unexpected end of data", false},
		{"garbage data", patch(sob+5, bytes.Repeat([]byte{0x00}, 64)...), "", false},
	}
	// Truncation at every marker of the stream, and just after it.
	for i := 0; i+3 < len(good); i++ {
		if good[i] == 0xff && good[i+1] != 0 {
			name := markerName(int(good[i])<<8 | int(good[i+1]))
			tests = append(tests,
				struct {
					name        string
					data        []byte
					want        string
					unsupported bool
				}{"truncated at " + name + " " + strconv.Itoa(i), good[:i], "", false},
				struct {
					name        string
					data        []byte
					want        string
					unsupported bool
				}{"truncated after " + name + " " + strconv.Itoa(i), good[:i+3], "", false})
		}
	}
	for _, tt := range tests {
		_, err := Decode(bytes.NewReader(tt.data))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		var fe *FormatError
		var ue UnsupportedError
		if tt.unsupported && !errors.As(err, &ue) {
			t.Errorf("%s: %v is not an UnsupportedError", tt.name, err)
		}
		if !tt.unsupported && !errors.As(err, &fe) {
			t.Errorf("%s: %v is not a FormatError", tt.name, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not contain %q", tt.name, err, tt.want)
		}
	}
}
