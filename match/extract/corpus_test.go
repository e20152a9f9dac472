package extract

import (
	"bufio"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/templateio"
)

const corpusDir = "../../../shared/corpus"

// fvcSets are the fingerprint sets of the corpus with the resolution their
// FVC documentation gives.
var fvcSets = []struct {
	name string
	ppi  float64
}{
	{"fvc2002-db1-b", 500}, {"fvc2002-db2-b", 569}, {"fvc2002-db3-b", 500}, {"fvc2002-db4-b", 500},
	{"fvc2004-db2-b", 500}, {"fvc2004-db3-b", 512}, {"fvc2004-db4-b", 500},
}

func corpusImages(t testing.TB, set string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "fingerprints", set, "*.tif"))
	if len(files) == 0 {
		t.Skipf("corpus set %s absent under %s", set, corpusDir)
	}
	return files
}

func loadTIFF(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := tiff.Decode(bufio.NewReader(f))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// readXYT reads an NBIS mindtct .xyt file into ISO conventions with
// templateio.ReadXYT (which says how NBIS's conventions differ).
func readXYT(t testing.TB, path string, width, height int) []match.Minutia {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no NBIS reference %s", path)
	}
	defer f.Close()
	tp, err := templateio.ReadXYT(f, width, height, 500)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tp.Minutiae
}

// pairCount pairs minutiae of a and b greedily, closest first, within dist
// pixels and ang degrees.
func pairCount(a, b []match.Minutia, dist, ang float64) int {
	used := make([]bool, len(b))
	n := 0
	for _, m := range a {
		best, bj := dist+1, -1
		for j, o := range b {
			if used[j] {
				continue
			}
			d := math.Hypot(float64(m.X-o.X), float64(m.Y-o.Y))
			if d <= dist && angDiff(m.Angle, o.Angle) <= ang && d < best {
				best, bj = d, j
			}
		}
		if bj >= 0 {
			used[bj] = true
			n++
		}
	}
	return n
}

// TestAgreementWithMindtct reports how many of our minutiae pair with NBIS
// mindtct's on the same images (within 8 px and 20°). It asserts only a
// floor well below what a working extractor reaches, as a guard against a
// broken coordinate or angle convention.
func TestAgreementWithMindtct(t *testing.T) {
	for _, set := range fvcSets {
		files := corpusImages(t, set.name)
		var ours, theirs, paired, pairedPos int
		for _, p := range files {
			img := loadTIFF(t, p)
			tp, err := Extract(img, set.ppi)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(filepath.Base(p), ".tif")
			ref := readXYT(t, filepath.Join(corpusDir, "reference", "nbis-mindtct", set.name, name+".xyt"), img.Bounds().Dx(), img.Bounds().Dy())
			ours += len(tp.Minutiae)
			theirs += len(ref)
			paired += pairCount(tp.Minutiae, ref, 8, 20)
			pairedPos += pairCount(tp.Minutiae, ref, 8, 180)
		}
		t.Logf("%s: ours %d (%.1f/image), mindtct %d (%.1f/image), paired %d (%.1f%% of ours, %.1f%% of mindtct's); position only %d",
			set.name, ours, float64(ours)/float64(len(files)), theirs, float64(theirs)/float64(len(files)),
			paired, 100*float64(paired)/float64(ours), 100*float64(paired)/float64(theirs), pairedPos)
		if paired < theirs/4 {
			t.Errorf("%s: only %d of mindtct's %d minutiae paired", set.name, paired, theirs)
		}
	}
}
