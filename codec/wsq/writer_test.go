package wsq

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncodeFidelity encodes the 40 certification inputs at 0.75 and 2.25
// bpp, decodes the result, and compares it with NIST's reference decode of
// NIST's reference encode. For scale it also decodes NBIS cwsq's encodes of
// the same inputs. It fails when our RMSE or max |Δ| exceeds NBIS's, or the
// bit rate is more than 1% from the reference encode's.
func TestEncodeFidelity(t *testing.T) {
	root := corpusDir(t)
	inputs, _ := filepath.Glob(filepath.Join(root, "thales-wsq/nist/input/*.webp"))
	if len(inputs) != 40 {
		t.Fatalf("found %d inputs, want 40", len(inputs))
	}
	if testing.Short() {
		inputs = inputs[:4]
	}
	for _, rate := range []struct {
		dir string
		bpp float64
	}{{"75", 0.75}, {"225", 2.25}} {
		var table strings.Builder
		fmt.Fprintf(&table, "\n%-10s %8s %8s %5s %5s %8s %8s %7s\n", rate.dir, "rmse", "nbis", "max", "nbis", "bpp", "ref bpp", "Δbpp%")
		worstRate := 0.0
		for _, in := range inputs {
			name := strings.TrimSuffix(filepath.Base(in), ".webp")
			src := readWebPGray(t, in)
			var buf bytes.Buffer
			if err := Encode(&buf, src, &Options{Bitrate: rate.bpp}); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got, err := Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("%s: decoding our encode: %v", name, err)
			}
			want := readWebPGray(t, filepath.Join(root, "thales-wsq/nist/wsq_decoded", rate.dir, name+".webp"))
			nbisData, err := os.ReadFile(filepath.Join(root, "reference/nbis-cwsq", rate.dir, name+".wsq"))
			if err != nil {
				t.Fatal(err)
			}
			nbis, err := Decode(bytes.NewReader(nbisData))
			if err != nil {
				t.Fatalf("%s: decoding NBIS encode: %v", name, err)
			}
			refData, err := os.ReadFile(filepath.Join(root, "thales-wsq/nist/wsq", rate.dir, name+".wsq"))
			if err != nil {
				t.Fatal(err)
			}
			ours, theirs := compareGray(got, want), compareGray(nbis, want)
			px := float64(len(src.Pix))
			bpp, refBpp := float64(8*buf.Len())/px, float64(8*len(refData))/px
			dRate := 100 * (bpp - refBpp) / refBpp
			worstRate = math.Max(worstRate, math.Abs(dRate))
			fmt.Fprintf(&table, "%-10s %8.4f %8.4f %5d %5d %8.4f %8.4f %+7.3f\n", name, ours.rmse, theirs.rmse, ours.maxDiff, theirs.maxDiff, bpp, refBpp, dRate)
			if ours.rmse > theirs.rmse+1e-9 || ours.maxDiff > theirs.maxDiff {
				t.Errorf("%s at %s: RMSE %.4f max %d, worse than NBIS's %.4f max %d", name, rate.dir, ours.rmse, ours.maxDiff, theirs.rmse, theirs.maxDiff)
			}
			if math.Abs(dRate) > 1 {
				t.Errorf("%s at %s: bit rate %.4f is %+.2f%% from the reference encode's %.4f", name, rate.dir, bpp, dRate, refBpp)
			}
		}
		fmt.Fprintf(&table, "worst |Δbpp| %.3f%%", worstRate)
		t.Log(table.String())
	}
}

// TestEncodeMatchesNBIS checks that our encodes are byte-identical to NBIS
// cwsq's, NISTCOM comment included.
func TestEncodeMatchesNBIS(t *testing.T) {
	root := corpusDir(t)
	inputs, _ := filepath.Glob(filepath.Join(root, "thales-wsq/nist/input/*.webp"))
	if testing.Short() {
		inputs = inputs[:4]
	}
	same := 0
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".webp")
		src := readWebPGray(t, in)
		for _, rate := range []struct {
			dir string
			bpp float64
		}{{"75", 0.75}, {"225", 2.25}} {
			var buf bytes.Buffer
			if err := Encode(&buf, src, &Options{Bitrate: rate.bpp}); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(root, "reference/nbis-cwsq", rate.dir, name+".wsq"))
			if err != nil {
				t.Fatal(err)
			}
			if got := buf.Bytes(); !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s at %s bpp: differs from NBIS from byte %#x (lengths %d, %d)", name, rate.dir, i, len(got), len(want))
			} else {
				same++
			}
		}
	}
	t.Logf("%d of %d encodes byte-identical to NBIS cwsq", same, 2*len(inputs))
}

// synthetic returns a fingerprint-like test pattern.
func synthetic(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x-w/2), float64(y-h/2)
			v := 128 + 100*math.Sin(math.Hypot(dx, dy)/3)*math.Exp(-(dx*dx+dy*dy)/float64(w*h))
			g.Pix[y*g.Stride+x] = uint8(v)
		}
	}
	return g
}

func TestEncodeRoundTrip(t *testing.T) {
	src := synthetic(300, 257)
	for _, tt := range []struct {
		bpp     float64
		maxRMSE float64
	}{{0.3, 12}, {0.75, 8}, {2.25, 3}, {4, 2}} {
		var buf bytes.Buffer
		opt := &Options{Bitrate: tt.bpp, PPI: -1, Comments: []string{"first", "second"}}
		if err := Encode(&buf, src, opt); err != nil {
			t.Fatal(err)
		}
		got, err := Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		s := compareGray(got, src)
		bpp := float64(8*buf.Len()) / float64(len(src.Pix))
		t.Logf("%.2f bpp requested: %.3f bpp, RMSE %.3f, max %d", tt.bpp, bpp, s.rmse, s.maxDiff)
		if s.rmse > tt.maxRMSE {
			t.Errorf("%.2f bpp: RMSE %.3f", tt.bpp, s.rmse)
		}
		md, err := ReadMetadata(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if md.PPI != -1 || len(md.Comments) != 3 || md.Comments[1] != "first" || md.Comments[2] != "second" {
			t.Errorf("metadata %+v", md)
		}
	}
}

func TestEncodeSpecialImages(t *testing.T) {
	uniform := image.NewGray(image.Rect(0, 0, 65, 65))
	for i := range uniform.Pix {
		uniform.Pix[i] = 77
	}
	rgba := image.NewRGBA(image.Rect(10, 10, 138, 110))
	for y := 10; y < 110; y++ {
		for x := 10; x < 138; x++ {
			rgba.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x * y), 255})
		}
	}
	sub := synthetic(400, 400).SubImage(image.Rect(50, 60, 350, 330))
	for _, tt := range []struct {
		name string
		m    image.Image
	}{{"uniform", uniform}, {"RGBA with offset", rgba}, {"sub-image", sub}} {
		var buf bytes.Buffer
		if err := Encode(&buf, tt.m, nil); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got, err := Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got.Rect.Dx() != tt.m.Bounds().Dx() || got.Rect.Dy() != tt.m.Bounds().Dy() {
			t.Errorf("%s: size %v", tt.name, got.Rect)
		}
		if tt.name == "uniform" && !bytes.Equal(got.Pix, uniform.Pix) {
			t.Errorf("uniform image not restored exactly")
		}
	}
	for _, tt := range []struct {
		name string
		m    image.Image
		o    *Options
	}{
		{"negative bit rate", uniform, &Options{Bitrate: -1}},
		{"NaN bit rate", uniform, &Options{Bitrate: math.NaN()}},
		{"empty image", image.NewGray(image.Rect(0, 0, 0, 0)), nil},
		{"too small", image.NewGray(image.Rect(0, 0, MinDimension-1, 300)), nil},
	} {
		if err := Encode(&bytes.Buffer{}, tt.m, tt.o); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// TestMinDimension checks that every size from MinDimension up can be
// encoded.
func TestMinDimension(t *testing.T) {
	for n := MinDimension; n < 600; n++ {
		wt, _ := buildTrees(n, n)
		if _, err := analysisPlans(&wt); err != nil {
			t.Fatalf("%d: %v", n, err)
		}
	}
}
