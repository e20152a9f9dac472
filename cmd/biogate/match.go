package main

import (
	"bufio"
	"strconv"

	"github.com/biogate/biogate/match"
	"github.com/spf13/cobra"
)

func init() { register("", newMatchCommand) }

type matchFlags struct {
	cross bool
	tf    templateFlags
}

func newMatchCommand(c *cli) *cobra.Command {
	var f matchFlags
	cmd := &cobra.Command{
		Use:   "match [flags] PROBE CANDIDATE...",
		Short: "compare fingerprints: one probe against candidates, or every pair of files",
		Long: `match compares fingerprints and prints one line per comparison, in argument order:
SCORE<TAB>CANDIDATE for a probe against each candidate, or with --cross
SCORE<TAB>PROBE<TAB>CANDIDATE for every ordered pair of different files (each template
prepared once). Each file may be a fingerprint image (WSQ, PNG, JPEG, JPEG 2000, TIFF,
BMP), a transaction with Type-9 minutiae or a friction-ridge image, an ISO/IEC 19794-2
or INCITS 378 minutiae record, or a 19794-4 finger image record; a file holding several
fingers is compared by its first. Scores are in [0, 1], higher meaning more similar.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageErrorf("expected at least two files, got %d", len(args))
			}
			return nil
		},
		RunE: runs(func(args []string) int { return c.match(args, &f) }),
	}
	cmd.Flags().BoolVar(&f.cross, "cross", false, "compare every ordered pair of different files")
	f.tf.add(cmd.Flags(), true)
	f.tf.in.add(cmd)
	return cmd
}

func (c *cli) match(args []string, f *matchFlags) int {
	// Every file is read before any score is printed, so that an
	// unreadable one stops the command with one line and no output.
	// Warnings wait until every file has been read, so that a failure is
	// the one line printed.
	prepared := make([]*match.Prepared, len(args))
	var warn []func()
	for i, name := range args {
		items, code := c.templates("match", name, &f.tf)
		if code != exitOK {
			return code
		}
		warn = append(warn, func() {
			c.warnNotes("match", name, items[:1])
			if len(items) > 1 {
				c.failf("match: %s: warning: %d fingers; the first, %s, is compared", name, len(items), where(name, items[0]))
			}
		})
		prepared[i] = match.Prepare(items[0].Template)
	}
	for _, w := range warn {
		w()
	}
	w := bufio.NewWriter(c.stdout)
	score := func(a, b int) string { return strconv.FormatFloat(match.Score(prepared[a], prepared[b]), 'f', 4, 64) }
	if !f.cross {
		for j := 1; j < len(args); j++ {
			w.WriteString(score(0, j) + "\t" + args[j] + "\n")
		}
	} else {
		for i := range args {
			for j := range args {
				if i != j {
					w.WriteString(score(i, j) + "\t" + args[i] + "\t" + args[j] + "\n")
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		c.failf("match: %v", err)
		return exitUnusable
	}
	return exitOK
}
