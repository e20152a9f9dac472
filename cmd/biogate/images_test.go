package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/exchange"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/codec/jp2"
)

// decodePNG decodes a PNG as 8-bit grey (the reference PNGs are RGBA
// with R = G = B).
func decodePNG(t *testing.T, b []byte) *image.Gray {
	t.Helper()
	m, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := m.(*image.Gray); ok {
		return g
	}
	g := image.NewGray(m.Bounds())
	for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
		for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
			g.Set(x, y, color.GrayModel.Convert(m.At(x, y)))
		}
	}
	return g
}

// TestConvertRecordImage writes the raw Type-4 and Type-14 images of the
// sample as PNG and checks the pixels against the records' data.
func TestConvertRecordImage(t *testing.T) {
	an2, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		record, w, h int
		dataAt       string
	}{{3, 32, 32, "\x00\x00\x04\x12"}, {4, 48, 40, "14.999:"}} {
		code, out, errOut := biogate(t, nil, "convert", "--to", "png", "--record", itoa(c.record), sample)
		if code != exitOK {
			t.Fatalf("record %d: exit %d: %s", c.record, code, errOut)
		}
		g := decodePNG(t, []byte(out))
		if g.Rect.Dx() != c.w || g.Rect.Dy() != c.h {
			t.Fatalf("record %d: %v, want %dx%d", c.record, g.Rect, c.w, c.h)
		}
		start := bytes.Index(an2, []byte(c.dataAt)) + len(c.dataAt)
		if c.record == 3 {
			start += 14 // rest of the 18-byte Type-4 header
		}
		if !bytes.Equal(g.Pix, an2[start:start+c.w*c.h]) {
			t.Errorf("record %d: pixels differ from the record's data", c.record)
		}
	}
}

// TestConvertAllImages writes every image of a transaction into a folder.
func TestConvertAllImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "images")
	code, out, errOut := biogate(t, nil, "convert", "--to", "png", "-o", dir, sample)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "2 images written") {
		t.Errorf("stdout %q", out)
	}
	for _, name := range []string{"record03-type4-idc01.png", "record04-type14-idc02.png"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := codec.Decode(b, codec.PNG, nil); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestConvertTenPrintCard converts the 14 WSQ images of NIST's ten-print
// card to PNG and checks each against the reference decode JNBIS ships
// (named by finger position).
func TestConvertTenPrintCard(t *testing.T) {
	card := filepath.Join(corpusDir, "jnbis/ansi/references/type-4-tpcard.an2")
	if _, err := os.Stat(card); err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	dir := t.TempDir()
	code, _, errOut := biogate(t, nil, "convert", "--to", "png", "-o", dir, card)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(files) != 14 {
		t.Fatalf("%d images written, want 14", len(files))
	}
	l, err := exchange.Load(context.Background(), mustRead(t, card), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, im := range l.Transaction.Images() {
		fgp := im.Positions()[0]
		want := decodePNG(t, mustRead(t, filepath.Join(corpusDir, "jnbis/samples/nist", "fp-"+itoa(fgp)+".png")))
		idc, _ := im.IDC()
		got := decodePNG(t, mustRead(t, filepath.Join(dir, "record"+pad2(i+3)+"-type4-idc"+pad2(idc)+".png")))
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("finger %d: pixels differ from fp-%d.png", fgp, fgp)
		}
	}
}

// TestConvertImageFiles converts image files between formats.
func TestConvertImageFiles(t *testing.T) {
	wsqFile := filepath.Join(corpusDir, "openebts/finger8.wsq")
	if _, err := os.Stat(wsqFile); err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	code, pngOut, errOut := biogate(t, nil, "convert", "--to", "png", wsqFile)
	if code != exitOK {
		t.Fatalf("wsq -> png: exit %d: %s", code, errOut)
	}
	want, err := codec.Decode(mustRead(t, wsqFile), codec.WSQ20, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, []byte(pngOut)); !bytes.Equal(got.Pix, want.(*image.Gray).Pix) {
		t.Error("wsq -> png changed pixels")
	}
	code, wsqOut, errOut := biogate(t, []byte(pngOut), "convert", "--to", "wsq", "--bitrate", "2.25", "-")
	if code != exitOK || !bytes.HasPrefix([]byte(wsqOut), []byte{0xFF, 0xA0}) {
		t.Fatalf("png -> wsq: exit %d: %s", code, errOut)
	}
	code, _, errOut = biogate(t, []byte(pngOut), "convert", "--to", "jp2", "--lossless", "-")
	if jp2.Available && code != exitOK {
		t.Fatalf("png -> jp2: exit %d: %s", code, errOut)
	}
	if !jp2.Available && (code != exitFailed || !strings.Contains(errOut, "-tags openjp2")) {
		t.Fatalf("png -> jp2 without libopenjp2: exit %d: %s", code, errOut)
	}
	code, _, errOut = biogate(t, []byte(pngOut), "convert", "--to", "json", "-")
	if code != exitUnusable || !strings.Contains(errOut, "is a png image") {
		t.Fatalf("png -> json: exit %d: %s", code, errOut)
	}
}

func TestConvertImageErrors(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"convert", "--to", "png", "--record", "2", sample}, exitFailed, "record 2 is a Type-2 record, which holds no image"},
		{[]string{"convert", "--to", "png", "--record", "9", sample}, exitUnusable, "the transaction has 4 records"},
		{[]string{"convert", "--to", "png", sample}, exitUnusable, "give a folder with -o"},
		{[]string{"convert", "--to", "gif", sample}, exitUnusable, "--to gif is not supported"},
	}
	for _, tt := range tests {
		code, _, errOut := biogate(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.stderr)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(n int) string { return strings.TrimLeft(pad2(n), "0") }

func pad2(n int) string {
	s := ""
	for ; n > 0 || len(s) < 2; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
