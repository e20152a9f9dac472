package bench

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/biogate/biogate/match/eval"
)

// WriteScores writes one line per comparison: probe, candidate (file
// names), genuine (1 or 0) and score, tab-separated, after a header line.
func WriteScores(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "probe\tcandidate\tgenuine\tscore")
	for _, p := range r.Pairs {
		g := 0
		if p.Genuine {
			g = 1
		}
		fmt.Fprintf(bw, "%s\t%s\t%d\t%s\n", r.Samples[p.Probe].Name(), r.Samples[p.Candidate].Name(), g, formatScore(p.Score))
	}
	return bw.Flush()
}

// WriteDETTable writes a DET sweep, one line per threshold: threshold,
// FMR and FNMR, tab-separated, after a header line. The last threshold,
// above every score, is written "+Inf".
func WriteDETTable(w io.Writer, points []eval.Point) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "threshold\tfmr\tfnmr")
	for _, p := range points {
		fmt.Fprintf(bw, "%s\t%.6f\t%.6f\n", formatScore(p.Threshold), p.FMR, p.FNMR)
	}
	return bw.Flush()
}

func formatScore(s float64) string {
	if math.IsInf(s, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(s, 'g', 8, 64)
}

// WriteSummary writes what a person reads first: per set, the counts,
// EER, FNMR at FMR 1 %, 0.1 % and 0 with their thresholds, failures to
// enrol, and the speed figures.
func WriteSummary(w io.Writer, results []*Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "set\timages\tgenuine\timpostor\tEER\tFNMR@FMR1%\tFNMR@FMR0.1%\tFNMR@FMR0\tFTE\textract ms/image (CPU)\tcomparisons per CPU s\t(wall: ms/image, comparisons/s)")
	for _, r := range results {
		s := r.Summary
		fmt.Fprintf(bw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%d\t%.1f\t%.0f\t(%.1f, %.0f)\n", r.Set, len(r.Samples), s.Genuine, s.Impostor,
			pct(s.EER), pct(s.FMR1.FNMR), pct(s.FMR01.FNMR), pct(s.ZeroFMR.FNMR), len(r.FailedToEnrol),
			float64(r.ExtractPerImage.Microseconds())/1000, r.ComparisonsPerSecond,
			float64(r.ExtractWall.Microseconds())/1000, r.ComparisonsPerWallSecond)
	}
	for _, r := range results {
		s := r.Summary
		fmt.Fprintf(bw, "%s: thresholds: FMR 1%% at score %s, FMR 0.1%% at %s, FMR 0 at %s\n", r.Set,
			formatScore(s.FMR1.Threshold), formatScore(s.FMR01.Threshold), formatScore(s.ZeroFMR.Threshold))
		for _, n := range r.Notes {
			fmt.Fprintf(bw, "%s: every image: %s\n", r.Set, n)
		}
		for _, e := range r.FailedToEnrol {
			fmt.Fprintf(bw, "%s: failed to enrol: %v\n", r.Set, e)
		}
	}
	return bw.Flush()
}

func pct(v float64) string { return fmt.Sprintf("%.2f%%", 100*v) }
