// Package bench runs the verification benchmark of the FVC competitions
// on folders of fingerprint images named FINGER_IMPRESSION.ext (FVC2002
// and FVC2004 "B" sets: 101_1.tif ... 110_8.tif): it extracts a template
// from every image, compares every ordered pair of different images of a
// folder (genuine when both show the same finger), and reports the equal
// error rate, FNMR at FMR 1 %, 0.1 % and 0 (ZeroFMR), the genuine and
// impostor counts, the extraction time per image and the comparisons per
// second, with a DET curve drawn as a PNG and the scores as TSV.
//
// Rates follow package match/eval (accept when score >= threshold; EER
// where FMR and FNMR are closest; FNMR at FMR x the lowest among
// thresholds whose FMR is at most x), the definitions with which NBIS's
// reference figures in the corpus were computed. An image whose template
// cannot be extracted (failure to enrol) gets an empty template, which
// scores 0 against every other: its genuine pairs count as rejections.
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/biogate/biogate/internal/cputime"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/eval"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
)

// Sample is one image of a set.
type Sample struct {
	Path       string
	Finger     string // the FINGER part of the name
	Impression int    // the IMPRESSION part
}

// Name is the file name without its folder.
func (s Sample) Name() string { return filepath.Base(s.Path) }

// fvcName is FINGER_IMPRESSION.ext (FVC2002 and FVC2004 naming).
var fvcName = regexp.MustCompile(`^([0-9A-Za-z]+)_([0-9]+)\.[A-Za-z0-9]+$`)

// Samples lists the images of dir named FINGER_IMPRESSION.ext, sorted by
// finger then impression. Other files are ignored; a folder holding none
// is an error.
func Samples(dir string) ([]Sample, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Sample
	for _, e := range ents {
		m := fvcName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		imp, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		out = append(out, Sample{Path: filepath.Join(dir, e.Name()), Finger: m[1], Impression: imp})
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("%s: fewer than two images named FINGER_IMPRESSION.ext", dir)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Finger != out[j].Finger {
			return out[i].Finger < out[j].Finger
		}
		return out[i].Impression < out[j].Impression
	})
	return out, nil
}

// Options tune Run; nil means the defaults.
type Options struct {
	// PPI, when positive, is the resolution of the images (the FVC TIFFs
	// state none; 500 is assumed otherwise).
	PPI float64
}

// Pair is one comparison: indices into Result.Samples.
type Pair struct {
	Probe, Candidate int
	Score            float64
	Genuine          bool
}

// Result is the benchmark of one folder.
type Result struct {
	Set     string // the folder's name
	Samples []Sample
	Pairs   []Pair
	Summary eval.Summary
	Points  []eval.Point
	// FailedToEnrol lists the images no template was extracted from,
	// each with its error.
	FailedToEnrol []error
	// ExtractPerImage is the mean time of extracting one template
	// (decoding excluded), one image at a time on one goroutine: CPU time
	// of the process where it can be measured (a shared machine's wall
	// clock counts other work too), else wall time; ExtractWall is the
	// wall time.
	ExtractPerImage, ExtractWall time.Duration
	// ComparisonsPerSecond is measured on one goroutine over every pair,
	// per CPU second where CPU time can be measured;
	// ComparisonsPerWallSecond by the wall clock.
	ComparisonsPerSecond, ComparisonsPerWallSecond float64
	// Notes are the image notes (an assumed resolution, ...) that all
	// images share, once.
	Notes []string
}

// Run benchmarks one folder.
func Run(dir string, o *Options) (*Result, error) {
	if o == nil {
		o = &Options{}
	}
	samples, err := Samples(dir)
	if err != nil {
		return nil, err
	}
	res := &Result{Set: filepath.Base(filepath.Clean(dir)), Samples: samples}
	prepared := make([]*match.Prepared, len(samples))
	var extractTime, extractCPU time.Duration
	extracted := 0
	noteCount := map[string]int{}
	for i, s := range samples {
		b, err := os.ReadFile(s.Path)
		if err != nil {
			return nil, err
		}
		fg, err := source.ImageFile(b, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Path, err)
		}
		start, cpu0 := time.Now(), cputime.Process()
		it, err := input.Extract(&fg, &input.Options{PPI: o.PPI})
		extractTime += time.Since(start)
		extractCPU += cputime.Process() - cpu0
		if err != nil {
			res.FailedToEnrol = append(res.FailedToEnrol, fmt.Errorf("%s: %w", s.Name(), err))
			prepared[i] = match.Prepare(match.Template{})
			continue
		}
		extracted++
		for _, n := range it.Notes {
			noteCount[n]++
		}
		prepared[i] = match.Prepare(it.Template)
	}
	for n, c := range noteCount {
		if c == extracted {
			res.Notes = append(res.Notes, n)
		}
	}
	sort.Strings(res.Notes)
	res.ExtractWall = extractTime / time.Duration(len(samples))
	res.ExtractPerImage = res.ExtractWall
	if extractCPU > 0 {
		res.ExtractPerImage = extractCPU / time.Duration(len(samples))
	}

	n := len(samples)
	res.Pairs = make([]Pair, 0, n*(n-1))
	var cmp match.Comparer
	start, cpu0 := time.Now(), cputime.Process()
	for i := range samples {
		for j := range samples {
			if i == j {
				continue
			}
			res.Pairs = append(res.Pairs, Pair{Probe: i, Candidate: j, Score: cmp.Score(prepared[i], prepared[j]),
				Genuine: samples[i].Finger == samples[j].Finger})
		}
	}
	if el := time.Since(start).Seconds(); el > 0 {
		res.ComparisonsPerWallSecond = float64(len(res.Pairs)) / el
		res.ComparisonsPerSecond = res.ComparisonsPerWallSecond
	}
	if cpu := (cputime.Process() - cpu0).Seconds(); cpu > 0 {
		res.ComparisonsPerSecond = float64(len(res.Pairs)) / cpu
	}
	scores := make([]float64, len(res.Pairs))
	genuine := make([]bool, len(res.Pairs))
	for k, p := range res.Pairs {
		scores[k], genuine[k] = p.Score, p.Genuine
	}
	res.Summary, res.Points, err = eval.Summarise(scores, genuine)
	if err != nil {
		return nil, err
	}
	if res.Summary.Genuine == 0 || res.Summary.Impostor == 0 {
		return nil, fmt.Errorf("%s: %d genuine and %d impostor pairs: both are needed", dir, res.Summary.Genuine, res.Summary.Impostor)
	}
	return res, nil
}
