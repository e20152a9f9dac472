package match

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/tiff"
)

const corpusDir = "../../shared/corpus"

// fvcSets are the FVC sets of the corpus with NBIS mindtct minutiae.
var fvcSets = []string{
	"fvc2002-db1-b", "fvc2002-db2-b", "fvc2002-db3-b", "fvc2002-db4-b",
	"fvc2004-db2-b", "fvc2004-db3-b", "fvc2004-db4-b",
}

// sample is one image of an FVC set: its name FINGER_IMPRESSION and the
// template of its mindtct minutiae.
type sample struct {
	name   string
	finger string
	tmpl   Template
}

// readXYT reads NBIS xyt minutiae ("x y theta quality" per line) into
// template conventions. NBIS's xyt (mindtct xytreps.c,
// lfs2nist_minutia_XYT) has its origin at the lower-left pixel (y = height
// - row) and theta counter-clockwise from +x pointing away from the ridge
// ending or bifurcation valley, the opposite of ISO/IEC 19794-2 (M1), so
// the direction turns by 180°.
func readXYT(path string, width, height int) ([]Minutia, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ms []Minutia
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 4 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 4", path, line, len(fs))
		}
		var v [4]int
		for i, s := range fs {
			if v[i], err = strconv.Atoi(s); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
		}
		ms = append(ms, Minutia{
			X: v[0], Y: height - v[1],
			Angle:   float64((v[2] + 180) % 360),
			Quality: v[3],
		})
	}
	return ms, sc.Err()
}

var manifestPPI = regexp.MustCompile(`(\d+) dpi`)

// setPPI reads a set's resolution from the corpus MANIFEST (the FVC
// documentation's figure, which mindtct was given too).
func setPPI(t testing.TB, set string) float64 {
	b, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "fingerprints/"+set+"/") {
			if m := manifestPPI.FindStringSubmatch(line); m != nil {
				v, _ := strconv.Atoi(m[1])
				return float64(v)
			}
		}
	}
	t.Fatalf("no resolution for %s in MANIFEST.tsv", set)
	return 0
}

// loadSet reads the mindtct templates of one FVC set, sorted by name; it
// skips the test when the corpus is absent.
func loadSet(t testing.TB, set string) []sample {
	dir := filepath.Join(corpusDir, "reference", "nbis-mindtct", set)
	names, err := filepath.Glob(filepath.Join(dir, "*.xyt"))
	if err != nil || len(names) == 0 {
		t.Skipf("corpus absent: no %s/*.xyt", dir)
	}
	sort.Strings(names)
	ppi := setPPI(t, set)
	var out []sample
	for _, p := range names {
		name := strings.TrimSuffix(filepath.Base(p), ".xyt")
		img, err := os.Open(filepath.Join(corpusDir, "fingerprints", set, name+".tif"))
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("corpus absent: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := tiff.DecodeConfig(img)
		img.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ms, err := readXYT(p, cfg.Width, cfg.Height)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sample{
			name:   name,
			finger: strings.SplitN(name, "_", 2)[0],
			tmpl:   Template{Width: cfg.Width, Height: cfg.Height, PPI: ppi, Quality: -1, Minutiae: ms},
		})
	}
	return out
}

func sortStrings(s []string) { sort.Strings(s) }
