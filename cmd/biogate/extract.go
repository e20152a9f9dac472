package main

import (
	"bytes"
	"strings"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/match/templateio"
	"github.com/biogate/biogate/nist"
	"github.com/spf13/cobra"
)

func init() { register("", newExtractCommand) }

type extractFlags struct {
	to, out string
	tf      templateFlags
	wrap    convert.TransactionOptions
}

func newExtractCommand(c *cli) *cobra.Command {
	var f extractFlags
	cmd := &cobra.Command{
		Use:   "extract [flags] IMAGE|TRANSACTION|ISO-RECORD",
		Short: "find the minutiae of fingerprint images and write them as a template",
		Long: `extract finds the minutiae of each fingerprint of FILE (an image: WSQ, PNG, JPEG,
JPEG 2000, TIFF, BMP; a transaction's friction-ridge images; a 19794-4 finger image
record; a transaction's Type-9 minutiae when it holds no image) and writes them
as an ISO/IEC 19794-2 or INCITS 378 record (one view per
finger; default iso19794-2:2011), or with --to an2 as Type-9 records (INCITS 378
block) added to the transaction, beside each image record with its IDC. An image file
given with --to an2 is first wrapped into a new transaction (Type-14, as convert
--to an2 does; --tot, --dai, --ori, --tcn fill its Type-1). A minutiae record is read
as it is and written in the format asked.`,
		Args: oneFile,
		RunE: runs(func(args []string) int { return c.extract(args[0], &f) }),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", string(iso.FMR2011), "template `FORMAT`: "+strings.Join(minutiaeTargets(), ", ")+", or an2 (Type-9 records in a transaction)")
	fl.StringVarP(&f.out, "output", "o", "-", "output `FILE`, - for standard output (written atomically)")
	fl.StringVar(&f.wrap.TypeOfTransaction, "tot", "", "image to transaction: 1.004 `TOT`")
	fl.StringVar(&f.wrap.Destination, "dai", "", "image to transaction: 1.007 `DAI`")
	fl.StringVar(&f.wrap.Originating, "ori", "", "image to transaction: 1.008 `ORI`")
	fl.StringVar(&f.wrap.ControlNumber, "tcn", "", "image to transaction: 1.009 `TCN`")
	f.tf.add(fl, false)
	f.tf.images = true // extract finds minutiae; a transaction's Type-9s are read only when it has no image
	f.tf.in.add(cmd)
	return cmd
}

func minutiaeTargets() []string {
	var out []string
	for _, f := range convert.MinutiaeFormats {
		out = append(out, string(f))
	}
	return out
}

func (c *cli) extract(name string, f *extractFlags) int {
	if f.to != sniff.AN2 && iso.Format(f.to).Kind() != iso.KindMinutiae {
		c.failf("extract: --to %s is not a template format (%s or an2) (see biogate extract --help)", f.to, strings.Join(minutiaeTargets(), ", "))
		return exitUnusable
	}
	if f.to == sniff.AN2 {
		return c.extractToTransaction(name, f)
	}
	items, code := c.templates("extract", name, &f.tf)
	if code != exitOK {
		return code
	}
	c.warnNotes("extract", name, items)
	ts := make([]match.Template, len(items))
	for i, it := range items {
		ts[i] = it.Template
	}
	rec, rep, err := templateio.ToRecordViews(ts, iso.Format(f.to))
	if err != nil {
		c.failf("extract: %s: %v", name, err)
		return exitFailed
	}
	for _, fd := range rep.Findings {
		c.failf("extract: %s: warning: %s", name, fd)
	}
	b, err := iso.Marshal(rec, iso.Format(f.to))
	if err != nil {
		c.failf("extract: %s: %v", name, err)
		return exitFailed
	}
	return c.writeOutput("extract", f.out, b)
}

func (c *cli) warnNotes(cmd, name string, items []input.Item) {
	for _, it := range items {
		for _, n := range it.Notes {
			c.failf("%s: %s: warning: %s", cmd, where(name, it), n)
		}
	}
}

// extractToTransaction adds a Type-9 record per extracted image to the
// input transaction, or to a new one wrapping the input image.
func (c *cli) extractToTransaction(name string, f *extractFlags) int {
	b, err := c.readInput(name, f.tf.in.maxSize)
	if err != nil {
		c.failf("extract: %v", err)
		return exitUnusable
	}
	var t *nist.Transaction
	var fingers []source.Finger
	switch sniff.Format(b) {
	case sniff.AN2, sniff.XML, sniff.JSON:
		if t, err = source.DecodeTransaction(b); err == nil {
			fingers, err = source.FromTransaction(t, nil)
		}
	case sniff.ISO:
		c.failf("extract: %s: --to an2 takes an image or a transaction; an ISO/INCITS record becomes a transaction with biogate convert --to an2", name)
		return exitUnusable
	default:
		var fg source.Finger
		if fg, err = source.ImageFile(b, nil); err == nil {
			if f.tf.ppi > 0 {
				fg.PPI, fg.PPIStated = f.tf.ppi, true
			}
			var rep *convert.Report
			t, rep, err = convert.WrapImages([]convert.LooseImage{fg.Loose(name)}, &f.wrap)
			if rep != nil {
				for _, fd := range rep.Findings {
					c.failf("extract: %s: warning: %s", name, fd)
				}
			}
			fg.IDC = 1
			fingers = []source.Finger{fg}
		}
	}
	if len(fingers) == 0 {
		c.failf("extract: %s: %s", name, oneLine(errText(err)))
		return exitUnusable
	}
	if err != nil {
		c.failf("extract: %s: warning: %s", name, oneLine(err.Error()))
	}
	added := 0
	for i := range fingers {
		it, err := input.Extract(&fingers[i], f.tf.options())
		if err != nil {
			c.failf("extract: %s: %v", name, err)
			continue
		}
		c.warnNotes("extract", name, []input.Item{it})
		if _, rep, err := templateio.AddType9(t, it.Template, fingers[i].IDC, nil); err != nil {
			c.failf("extract: %s: %s: %v", name, fingers[i].Where, err)
			continue
		} else {
			for _, fd := range rep.Findings {
				c.failf("extract: %s: warning: %s", where(name, it), fd)
			}
		}
		added++
	}
	if added == 0 {
		c.failf("extract: %s: no template could be extracted", name)
		return exitFailed
	}
	var buf bytes.Buffer
	if err := nist.Encode(&buf, t); err != nil {
		c.failf("extract: %s: %v", name, err)
		return exitFailed
	}
	return c.writeOutput("extract", f.out, buf.Bytes())
}
