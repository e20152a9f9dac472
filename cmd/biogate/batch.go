package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/biogate/biogate/batch"
	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/sign"
	"github.com/spf13/cobra"
)

func init() {
	registerGroup("batch", "validate, convert or sign whole folders and archives, resumably")
	register("batch", newBatchValidateCommand)
	register("batch", newBatchConvertCommand)
	register("batch", newBatchSignCommand)
	register("batch", newBatchModerniseCommand)
}

// batchFlags are the flags every batch subcommand takes.
type batchFlags struct {
	out     string
	jobs    int
	maxSize byteSize
	quiet   bool
}

// batchLong is the help text every batch subcommand shares.
const batchLong = `

SRC is a folder (walked recursively), a tar, tar.gz or zip archive (read entry
by entry), a file, or - for a list of such paths on standard input. Formats are
sniffed per file. Outputs go under --out, mirroring the input tree (an archive's
entries under a folder named after it), written atomically. DIR also holds
journal.jsonl: the same command run again after Ctrl-C, a kill or a crash skips
the files already done (same content) and redoes the rest. report.jsonl has one
line per file (outcome ok, nonconformant, failed or skipped-unsupported);
summary.json and summary.html sum the run up. Progress is shown on standard
error unless --quiet.

Exit 0 when every file is ok, 1 when one is nonconformant or failed, 2 when the
command could not run or was interrupted.`

func (f *batchFlags) add(cmd *cobra.Command) {
	f.maxSize = batch.DefaultMaxFileSize
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "output `DIR` (required): outputs, journal, report and summary")
	fl.IntVar(&f.jobs, "jobs", 0, "files processed at once (`N`; 0: the number of CPUs)")
	fl.Var(&f.maxSize, "max-size", "largest file or archive entry read, a `SIZE` in bytes or with K, M, G; a larger one fails")
	fl.BoolVar(&f.quiet, "quiet", false, "show no progress")
	cmd.MarkFlagRequired("out")
}

func newBatchValidateCommand(c *cli) *cobra.Command {
	var (
		f               batchFlags
		profile, tables string
		level           int
	)
	cmd := &cobra.Command{
		Use:   "validate SRC... --out DIR [flags]",
		Short: "validate every transaction and ISO/INCITS record of folders and archives",
		Long:  "batch validate checks every file as biogate validate does, against --profile." + batchLong,
		Args:  someFiles,
		RunE: runs(func(args []string) int {
			if level < 1 || level > 3 {
				c.failf("batch validate: --level must be 1, 2 or 3 (see biogate batch validate --help)")
				return exitUnusable
			}
			return c.runBatch(batch.Job{Op: batch.OpValidate, Sources: args, Profile: profile, Tables: tables,
				Level: conformance.Level(level)}, &f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&profile, "profile", "base", "application `PROFILE`: base (the standard alone), ebts, inti, or a partner's profile FILE")
	fl.StringVar(&tables, "tables", exchange.DefaultTables, "`DIR` holding the inti and ebts profile tables")
	fl.IntVar(&level, "level", int(exchange.DefaultLevel), "highest conformance `LEVEL` to check: 1 syntax, 2 internal consistency, 3 content")
	f.add(cmd)
	return cmd
}

func newBatchModerniseCommand(c *cli) *cobra.Command {
	var (
		f               batchFlags
		profile, tables string
		sidecar         string
		tot, ori, dai   string
	)
	cmd := &cobra.Command{
		Use:   "modernise SRC... --out DIR [flags]",
		Short: "bring an archive to ANSI/NIST-ITL VER 0502 and ISO/IEC 19794 2011 editions",
		Long: "batch modernise writes traditional transactions of VER 0200-0501 as VER 0502 (Update 2015:\n" +
			"Type-1 as 2011 requires it, Types 3-6 as Type-14, 13 or 15 with their compressed image bytes\n" +
			"unchanged, legacy Type-9 with an INCITS 378 block added, Type-2 as it is), ISO/IEC 19794 2005\n" +
			"records as their 2011 edition and INCITS 378-2004 as 378-2009, and wraps loose images (WSQ,\n" +
			"PNG, JPEG, JPEG 2000, TIFF, BMP) in VER 0502 transactions (FILE.an2) with the finger\n" +
			"position and resolution of --sidecar or of the file name (a token fgpNN, NNNppi). Each loss\n" +
			"is listed in the report and each output validated (its version, and --profile)." + batchLong,
		Args: someFiles,
		RunE: runs(func(args []string) int {
			o := batch.ModerniseOptions{TOT: tot, ORI: ori, DAI: dai}
			if sidecar != "" {
				s, err := batch.LoadSidecar(sidecar)
				if err != nil {
					c.failf("batch modernise: --sidecar: %v", err)
					return exitUnusable
				}
				o.Sidecar = s
			}
			return c.runBatch(batch.Job{Op: batch.OpModernise, Sources: args, Profile: profile, Tables: tables,
				Modernise: batch.ModerniseWith(o), ModerniseKey: o.Key()}, &f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&profile, "profile", "base", "application `PROFILE` the outputs are also checked against: base, ebts, inti, or a partner's profile FILE")
	fl.StringVar(&tables, "tables", exchange.DefaultTables, "`DIR` holding the inti and ebts profile tables")
	fl.StringVar(&sidecar, "sidecar", "", "CSV `FILE` of loose images: file,position,ppi[,impression] (file relative to the source or a base name; position 0-15, Table 8)")
	fl.StringVar(&tot, "tot", "", "1.004 TOT, the type of transaction (`T`) of wrapped loose images")
	fl.StringVar(&ori, "ori", "", "1.008 ORI, the originating agency (`O`) of wrapped loose images")
	fl.StringVar(&dai, "dai", "", "1.007 DAI, the destination agency (`D`) of wrapped loose images")
	f.add(cmd)
	return cmd
}

func newBatchConvertCommand(c *cli) *cobra.Command {
	var (
		f           batchFlags
		to, dialect string
	)
	cmd := &cobra.Command{
		Use:   "convert SRC... --out DIR --to FORMAT [flags]",
		Short: "convert every file of folders and archives to another format",
		Long: "batch convert writes every file in --to FORMAT as biogate convert does; what the target\ncannot carry is listed as the file's losses. FORMAT is one of " +
			strings.Join(exchange.OutputFormats(), ", ") + "." + batchLong,
		Args: someFiles,
		RunE: runs(func(args []string) int {
			return c.runBatch(batch.Job{Op: batch.OpConvert, Sources: args, To: to, Dialect: dialect}, &f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&to, "to", "", "output `FORMAT` (required): an2, json, xml, an ISO/INCITS format name, png, wsq, jpeg or jp2")
	fl.StringVar(&dialect, "dialect", "2011", "XML `DIALECT` to write: "+strings.Join(exchange.Dialects(), ", "))
	cmd.MarkFlagRequired("to")
	f.add(cmd)
	return cmd
}

func newBatchSignCommand(c *cli) *cobra.Command {
	var (
		f                   batchFlags
		keyFile, to, source string
		replace             bool
	)
	cmd := &cobra.Command{
		Use:   "sign SRC... --out DIR --key KEY.jwk [flags]",
		Short: "sign every transaction of folders and archives",
		Long:  "batch sign signs every transaction as biogate sign does (xx.996 HAS, a Type-98 record)." + batchLong,
		Args:  someFiles,
		RunE: runs(func(args []string) int {
			kb, err := os.ReadFile(keyFile)
			if err != nil {
				c.failf("batch sign: --key: %v", err)
				return exitUnusable
			}
			key, err := sign.ParseKey(kb)
			if err != nil {
				c.failf("batch sign: %s: %v", keyFile, err)
				return exitUnusable
			}
			return c.runBatch(batch.Job{Op: batch.OpSign, Sources: args, Key: key, To: to, SignSource: source, SignReplace: replace}, &f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&keyFile, "key", "", "the private signing key `KEY.jwk` (required; biogate keygen makes one)")
	fl.StringVar(&to, "to", "an2", "output `FORMAT`: an2, json or xml")
	fl.StringVar(&source, "source", "", "98.004 SRC, the signing `AGENCY` (default: 1.008 ORI)")
	fl.BoolVar(&replace, "replace", false, "replace a Biogate signature a transaction already carries")
	cmd.MarkFlagRequired("key")
	f.add(cmd)
	return cmd
}

// runBatch runs j with the shared flags until it ends or SIGINT/SIGTERM
// interrupts it, and prints the summary.
func (c *cli) runBatch(j batch.Job, f *batchFlags) int {
	j.Out, j.Jobs, j.MaxFileSize, j.Stdin = f.out, f.jobs, int64(f.maxSize), c.stdin
	if !f.quiet {
		j.Progress, j.Terminal = c.stderr, isTerminal(c.stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := batch.Run(ctx, j)
	name := "batch " + string(j.Op)
	switch {
	case errors.Is(err, context.Canceled):
		printBatchSummary(c.stdout, s, f.out)
		c.failf("%s: interrupted; run the same command again to resume", name)
		return exitUnusable
	case err != nil:
		c.failf("%s: %v", name, err)
		return exitUnusable
	}
	printBatchSummary(c.stdout, s, f.out)
	return s.ExitCode()
}

// printBatchSummary says what became of the files and where the report
// is.
func printBatchSummary(w io.Writer, s *batch.Summary, out string) {
	fmt.Fprintf(w, "%d files: %d ok, %d nonconformant, %d failed, %d skipped-unsupported", s.Files,
		s.ByOutcome[batch.OK], s.ByOutcome[batch.Nonconformant], s.ByOutcome[batch.Failed], s.ByOutcome[batch.SkippedUnsupported])
	if s.Resumed > 0 {
		fmt.Fprintf(w, " (%d done by an earlier run)", s.Resumed)
	}
	fmt.Fprintf(w, "\nreport: %s/%s; summary: %s/%s\n", out, batch.ReportName, out, batch.SummaryHTMLName)
}

// isTerminal reports whether w is a terminal (a character device), where
// progress is one line updated in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
