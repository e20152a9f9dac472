// Package eval computes the accuracy figures of a biometric comparison
// algorithm from a list of scores and their ground truth: the detection
// error trade-off (DET) points, the equal error rate (EER), the false
// non-match rate at a given false match rate, and the decision threshold
// that reaches a given false match rate.
//
// Protocol (the one of the FVC competitions and of NBIS's reference table
// in ../shared/corpus/reference/README.md): a comparison is accepted when
// its score is greater than or equal to the threshold; the sweep visits
// every distinct score, plus a threshold above the highest score (nothing
// accepted). FMR is the fraction of impostor comparisons accepted, FNMR the
// fraction of genuine comparisons rejected. FNMR at FMR x is the lowest
// FNMR among thresholds whose FMR is at most x; the EER is where the FMR
// and FNMR curves cross: the mean of the two at the threshold where they
// are closest.
//
// Threshold guidance for the embedded matcher (match.Score: MCC16b with
// LSS-R, scores in [0, 1], a template against itself about 0.997), from
// the 44,240 ordered pairs of the seven FVC sets of the corpus pooled
// (NBIS mindtct minutiae, 3,920 genuine and 40,320 impostor comparisons;
// TestAccuracyVersusBozorth3 in package match prints them):
//
//	FMR 1%     score >= 0.0187
//	FMR 0.1%   score >= 0.0219
//	FMR 0.01%  score >= 0.0247  (at most 4 of the impostor scores reach it: rough)
//
// Scores are small because the relaxation halves a pair's similarity at
// each of its five iterations unless other pairs support it; genuine
// pairs typically score 0.03 to 0.3. Thresholds for other extractors (the
// embedded one, other vendors') differ and are best measured with this
// package on their own templates.
package eval

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Point is one threshold of the sweep with the error rates it gives.
type Point struct {
	Threshold float64 // accept when score >= Threshold
	FMR       float64 // impostor comparisons accepted / impostor comparisons
	FNMR      float64 // genuine comparisons rejected / genuine comparisons
}

// ErrNoComparisons is returned when the scores lack genuine or impostor
// comparisons, so that one of the two error rates is undefined.
var ErrNoComparisons = errors.New("eval: need at least one genuine and one impostor comparison")

// LengthError reports scores and labels of different lengths.
type LengthError struct{ Scores, Labels int }

func (e LengthError) Error() string {
	return fmt.Sprintf("eval: %d scores but %d labels", e.Scores, e.Labels)
}

// NaNError reports a score that is not a number, at its index.
type NaNError struct{ Index int }

func (e NaNError) Error() string { return fmt.Sprintf("eval: score %d is NaN", e.Index) }

// DET sweeps every distinct score as a threshold, in ascending order, and
// returns one point per threshold followed by a last point above the
// highest score (FMR 0, FNMR 1). genuine[i] tells whether scores[i] compares
// two samples of the same finger.
func DET(scores []float64, genuine []bool) ([]Point, error) {
	if len(scores) != len(genuine) {
		return nil, LengthError{len(scores), len(genuine)}
	}
	type labelled struct {
		score   float64
		genuine bool
	}
	all := make([]labelled, len(scores))
	nGen, nImp := 0, 0
	for i, s := range scores {
		if math.IsNaN(s) {
			return nil, NaNError{i}
		}
		all[i] = labelled{s, genuine[i]}
		if genuine[i] {
			nGen++
		} else {
			nImp++
		}
	}
	if nGen == 0 || nImp == 0 {
		return nil, ErrNoComparisons
	}
	sort.Slice(all, func(i, j int) bool { return all[i].score < all[j].score })
	points := make([]Point, 0, 64)
	// Below the current threshold: rejected genuine and impostor counts.
	rejGen, rejImp := 0, 0
	for i := 0; i < len(all); {
		t := all[i].score
		points = append(points, Point{
			Threshold: t,
			FMR:       float64(nImp-rejImp) / float64(nImp),
			FNMR:      float64(rejGen) / float64(nGen),
		})
		for ; i < len(all) && all[i].score == t; i++ {
			if all[i].genuine {
				rejGen++
			} else {
				rejImp++
			}
		}
	}
	points = append(points, Point{Threshold: math.Inf(1), FMR: 0, FNMR: 1})
	return points, nil
}

// EER returns the equal error rate of a sweep made by DET: the mean of FMR
// and FNMR at the threshold where they are closest (the first such
// threshold on a tie), the definition that reproduces NBIS's reference
// table.
func EER(points []Point) float64 {
	best, eer := math.Inf(1), math.NaN()
	for _, p := range points {
		if d := math.Abs(p.FMR - p.FNMR); d < best {
			best, eer = d, (p.FMR+p.FNMR)/2
		}
	}
	return eer
}

// AtFMR returns the point of lowest FNMR among those whose FMR is at most
// fmr (the lowest threshold that keeps FMR <= fmr). The last point of a DET
// sweep has FMR 0, so a point is always found.
func AtFMR(points []Point, fmr float64) Point {
	for _, p := range points {
		if p.FMR <= fmr {
			return p
		}
	}
	return points[len(points)-1]
}

// Summary is the usual report of a verification benchmark.
type Summary struct {
	Genuine, Impostor int
	EER               float64
	// FNMR at FMR 1%, 0.1% and 0 ("ZeroFMR"), with the thresholds
	// reaching them.
	FMR1, FMR01, FMR001, ZeroFMR Point
}

// Summarise computes the Summary of labelled scores.
func Summarise(scores []float64, genuine []bool) (Summary, []Point, error) {
	points, err := DET(scores, genuine)
	if err != nil {
		return Summary{}, nil, err
	}
	s := Summary{
		EER:     EER(points),
		FMR1:    AtFMR(points, 0.01),
		FMR01:   AtFMR(points, 0.001),
		FMR001:  AtFMR(points, 0.0001),
		ZeroFMR: AtFMR(points, 0),
	}
	for _, g := range genuine {
		if g {
			s.Genuine++
		} else {
			s.Impostor++
		}
	}
	return s, points, nil
}
