package source_test

import (
	"strings"
	"testing"

	"github.com/biogate/biogate/match/source"
)

func TestPGM(t *testing.T) {
	fg, err := source.ImageFile([]byte("P5\n# scanner\n3 2\n255\n\x00\x10\x20\x30\x40\xff"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if fg.Image.Bounds().Dx() != 3 || fg.Image.Bounds().Dy() != 2 || string(fg.Image.Pix) != "\x00\x10\x20\x30\x40\xff" {
		t.Errorf("image %v %q", fg.Image.Bounds(), fg.Image.Pix)
	}
	if fg.PPIStated || fg.PPI != 500 || len(fg.Notes) == 0 {
		t.Errorf("ppi %g stated %v notes %q", fg.PPI, fg.PPIStated, fg.Notes)
	}
	// 16-bit samples scaled by maxval.
	fg, err = source.ImageFile([]byte("P5 2 1 1023\n\x03\xff\x00\x00"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if fg.Image.Pix[0] != 255 || fg.Image.Pix[1] != 0 {
		t.Errorf("16-bit samples became %v", fg.Image.Pix)
	}
	for _, tc := range []struct{ in, want string }{
		{"P5 3 2 255\n\x00", "needs 6"},
		{"P5 100000 100000 255\n", "pixels"},
		{"P5 3 x", "header value 2"},
		{"P5 3 2 0\n", "maxval"},
		{"P5 3 2 255", "no image data"},
	} {
		_, err := source.ImageFile([]byte(tc.in), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.in, err, tc.want)
		}
	}
}
