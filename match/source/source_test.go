package source_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/corpustest"
	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/match/source"
)

const corpus = "../../../shared/corpus"

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCorpusImageFiles reads fingerprint image files of the corpus: all
// of the small formats and the first 16 of each large group (560 FVC
// TIFFs, 168 WSQ files, which package codec's own tests decode in full).
// The FVC TIFFs state no resolution: 500 ppi is assumed, with a note.
func TestCorpusImageFiles(t *testing.T) {
	all := corpustest.Manifest(t, corpus, "tiff (fingerprint", "bmp", "png", "jpeg", "jp2", "wsq")
	var rows []corpustest.Row
	perFormat := map[string]int{}
	for _, r := range all {
		if perFormat[r.Format]++; perFormat[r.Format] <= 16 {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		t.Fatal("MANIFEST lists no image file")
	}
	unsupported := 0
	for _, row := range rows {
		b := read(t, row.Path)
		fg, err := source.ImageFile(b, nil)
		var ue *codec.UnsupportedError
		if errors.As(err, &ue) {
			unsupported++ // JPEG 2000 without the openjp2 build tag
			t.Logf("%s: %v", row.Path, err)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", row.Path, err)
			continue
		}
		cfgW, cfgH := fg.Image.Bounds().Dx(), fg.Image.Bounds().Dy()
		if cfgW == 0 || cfgH == 0 || len(fg.Image.Pix) != cfgW*cfgH || fg.Image.Stride != cfgW {
			t.Errorf("%s: image %dx%d with %d pixels", row.Path, cfgW, cfgH, len(fg.Image.Pix))
		}
		if strings.HasPrefix(row.Path, "fingerprints/") && (fg.PPIStated || fg.PPI != 500 || len(fg.Notes) == 0) {
			t.Errorf("%s: ppi %g stated %v notes %q; the FVC TIFFs state none", row.Path, fg.PPI, fg.PPIStated, fg.Notes)
		}
	}
	if unsupported == len(rows) {
		t.Fatal("no image decoded")
	}
}

// TestTransactionImagesAgainstReference reads the fourteen Type-4 images
// of NIST's ten-print card and compares each with jnbis's decode of it,
// named by finger position.
func TestTransactionImagesAgainstReference(t *testing.T) {
	corpustest.Manifest(t, corpus, "an2") // skips when absent
	fingers, err := source.Load(read(t, "jnbis/ansi/references/type-4-tpcard.an2"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fingers) != 14 {
		t.Fatalf("%d images, want 14", len(fingers))
	}
	for _, fg := range fingers {
		ref, err := png.Decode(bytes.NewReader(read(t, "jnbis/samples/nist/fp-"+strconv.Itoa(fg.Position)+".png")))
		if err != nil {
			t.Fatalf("%s position %d: %v", fg.Where, fg.Position, err)
		}
		if !fg.PPIStated || fg.PPI < 499 || fg.PPI > 501 || fg.Impression < 0 {
			t.Errorf("%s: ppi %g (stated %v), impression %d", fg.Where, fg.PPI, fg.PPIStated, fg.Impression)
		}
		if d := maxDiff(fg.Image, ref); d > 1 {
			t.Errorf("%s (position %d): pixels differ from the reference decode by up to %d", fg.Where, fg.Position, d)
		}
	}
}

func maxDiff(a *image.Gray, b image.Image) int {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 256
	}
	worst := 0
	for y := 0; y < a.Bounds().Dy(); y++ {
		for x := 0; x < a.Bounds().Dx(); x++ {
			r, _, _, _ := b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y).RGBA()
			d := int(a.GrayAt(x, y).Y) - int(r>>8)
			worst = max(worst, d, -d)
		}
	}
	return worst
}

// TestCorpusRecordsAndTransactions loads every corpus finger image record
// and transaction: each yields images with a resolution, or an error
// naming the record.
func TestCorpusRecordsAndTransactions(t *testing.T) {
	rows := corpustest.Manifest(t, corpus, "iso19794-4", "an2-traditional")
	images := 0
	for _, row := range rows {
		fingers, err := source.Load(read(t, row.Path), nil)
		if errors.Is(err, source.ErrNoImage) {
			continue
		}
		var se *source.Error
		if err != nil && !errors.As(err, &se) && len(fingers) == 0 && !strings.Contains(err.Error(), "cannot be read") {
			t.Errorf("%s: %v", row.Path, err)
		}
		for _, fg := range fingers {
			images++
			if fg.Image == nil || fg.PPI <= 0 || fg.Where == "" {
				t.Errorf("%s %s: image %v ppi %g", row.Path, fg.Where, fg.Image != nil, fg.PPI)
			}
		}
	}
	if images == 0 {
		t.Fatal("no image read from the corpus records and transactions")
	}
	t.Logf("%d images from %d files", images, len(rows))
}

// pngWithPHYs encodes a grey image as PNG with a pHYs chunk of ppm pixels
// per metre (PNG 11.3.5.3) inserted after IHDR.
func pngWithPHYs(t *testing.T, ppm uint32) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 4))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	chunk := make([]byte, 4+4+9+4)
	binary.BigEndian.PutUint32(chunk, 9)
	copy(chunk[4:], "pHYs")
	binary.BigEndian.PutUint32(chunk[8:], ppm)
	binary.BigEndian.PutUint32(chunk[12:], ppm)
	chunk[16] = 1
	binary.BigEndian.PutUint32(chunk[17:], crc32.ChecksumIEEE(chunk[4:17]))
	ihdrEnd := 8 + 12 + 13
	return append(append(append([]byte(nil), b[:ihdrEnd]...), chunk...), b[ihdrEnd:]...)
}

func TestImageFileResolution(t *testing.T) {
	tests := []struct {
		name   string
		in     []byte
		ppi    float64
		stated bool
	}{
		{"PNG pHYs 19685 px/m", pngWithPHYs(t, 19685), 500, true},
		{"PNG pHYs 39370 px/m", pngWithPHYs(t, 39370), 1000, true},
		{"PNG pHYs 2835 px/m (72 ppi, a software default)", pngWithPHYs(t, 2835), 500, false},
		{"PNG without pHYs", pngWithPHYs(t, 0)[:0], 0, false},
	}
	tests[3].in = func() []byte {
		var buf bytes.Buffer
		png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 3)))
		return buf.Bytes()
	}()
	tests[3].ppi = 500
	for _, tc := range tests {
		fg, err := source.ImageFile(tc.in, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if fg.PPI != tc.ppi || fg.PPIStated != tc.stated || (!tc.stated && len(fg.Notes) == 0) {
			t.Errorf("%s: ppi %g stated %v notes %q; want %g %v", tc.name, fg.PPI, fg.PPIStated, fg.Notes, tc.ppi, tc.stated)
		}
	}
}

// TestHostileImages: images claiming huge sizes are refused from their
// headers; truncated ones fail with an error, never a panic.
func TestHostileImages(t *testing.T) {
	huge := pngWithPHYs(t, 19685)
	binary.BigEndian.PutUint32(huge[16:], 100000) // IHDR width
	binary.BigEndian.PutUint32(huge[20:], 100000) // IHDR height
	binary.BigEndian.PutUint32(huge[29:], crc32.ChecksumIEEE(huge[12:29]))
	if _, err := source.ImageFile(huge, nil); err == nil || !strings.Contains(err.Error(), "pixels") {
		t.Errorf("100000×100000 PNG: err %v", err)
	}
	b := read(t, "fingerprints/fvc2002-db1-b/101_1.tif")
	for _, n := range []int{8, 20, 100, len(b) / 2} {
		if _, err := source.Load(b[:n], nil); err == nil {
			t.Errorf("TIFF cut to %d bytes read without error", n)
		}
	}
	if _, err := source.Load([]byte("hello"), nil); err == nil {
		t.Error("text read as an image")
	}
}

// TestRecordImageHeaderBound: a record whose PNG data declares more
// pixels than accepted is refused before decoding, whatever HLL/VLL say.
func TestRecordImageHeaderBound(t *testing.T) {
	huge := pngWithPHYs(t, 19685)
	binary.BigEndian.PutUint32(huge[16:], 30000)
	binary.BigEndian.PutUint32(huge[20:], 30000)
	binary.BigEndian.PutUint32(huge[29:], crc32.ChecksumIEEE(huge[12:29]))
	img := image.NewGray(image.Rect(0, 0, 300, 300))
	tr, _, err := convert.WrapImages([]convert.LooseImage{{Image: img, PPI: 400}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tr.Records {
		if r.Type == 14 {
			r.SetBinary(999, huge)
		}
	}
	_, err = source.FromTransaction(tr, nil)
	if err == nil || !strings.Contains(err.Error(), "declares 30000×30000") {
		t.Errorf("err %v", err)
	}
}
