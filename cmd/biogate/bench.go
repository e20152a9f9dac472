package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/biogate/biogate/match/bench"
	"github.com/spf13/cobra"
)

func init() {
	registerGroup("bench", "measure Biogate's own components on your data")
	register("bench", newBenchMatchCommand)
}

type benchMatchFlags struct {
	out string
	ppi float64
}

func newBenchMatchCommand(c *cli) *cobra.Command {
	var f benchMatchFlags
	cmd := &cobra.Command{
		Use:   "match [flags] DIR...",
		Short: "the FVC verification benchmark of the extractor and matcher on folders of images",
		Long: `bench match reads each DIR's images named FINGER_IMPRESSION.ext (FVC naming: 101_1.tif
... 110_8.tif), extracts a template from each, compares every ordered pair of different
images of the folder (genuine when both show the same finger) and prints, per folder,
the genuine and impostor counts, the EER, FNMR at FMR 1%, 0.1% and 0 (ZeroFMR), the
images that failed to enrol, the extraction time per image and the comparisons per
second (one goroutine). Into the folder -o names it writes det.png (the DET curves of
every folder), and per folder SET-scores.tsv (every comparison) and SET-det.tsv (the
threshold sweep).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("expected at least one folder")
			}
			return nil
		},
		RunE: runs(func(args []string) int { return c.benchMatch(args, &f) }),
	}
	cmd.Flags().StringVarP(&f.out, "output", "o", ".", "`DIR` the DET curve and the score tables are written to")
	cmd.Flags().Float64Var(&f.ppi, "ppi", 0, "resolution of the images in pixels per inch (`PPI`); 0: what they state, or 500")
	return cmd
}

func (c *cli) benchMatch(dirs []string, f *benchMatchFlags) int {
	if f.ppi < 0 {
		c.failf("bench match: --ppi %g: a resolution is positive", f.ppi)
		return exitUnusable
	}
	var results []*bench.Result
	for _, d := range dirs {
		r, err := bench.Run(d, &bench.Options{PPI: f.ppi})
		if err != nil {
			c.failf("bench match: %v", oneLine(err.Error()))
			return exitUnusable
		}
		results = append(results, r)
	}
	if err := os.MkdirAll(f.out, 0o777); err != nil {
		c.failf("bench match: %v", err)
		return exitUnusable
	}
	write := func(name string, fill func(*bytes.Buffer) error) bool {
		var buf bytes.Buffer
		err := fill(&buf)
		if err == nil {
			err = c.output(filepath.Join(f.out, name), buf.Bytes())
		}
		if err != nil {
			c.failf("bench match: %s: %v", name, err)
			return false
		}
		return true
	}
	ok := true
	for _, r := range results {
		ok = ok && write(r.Set+"-scores.tsv", func(b *bytes.Buffer) error { return bench.WriteScores(b, r) })
		ok = ok && write(r.Set+"-det.tsv", func(b *bytes.Buffer) error { return bench.WriteDETTable(b, r.Points) })
	}
	var names []string
	for _, r := range results {
		names = append(names, r.Set)
	}
	title := "DET: Biogate extractor and matcher on " + strings.Join(names, ", ")
	ok = ok && write("det.png", func(b *bytes.Buffer) error { return bench.WriteDET(b, title, bench.CurvesOf(results)) })
	if !ok {
		return exitUnusable
	}
	if err := bench.WriteSummary(c.stdout, results); err != nil {
		c.failf("bench match: %v", err)
		return exitUnusable
	}
	return exitOK
}
