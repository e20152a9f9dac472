package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/spf13/cobra"
)

func init() { register("", newConvertCommand) }

// convertFlags are the flags of convert.
type convertFlags struct {
	to, dialect, out, as string
	record               int
	strict               bool
	wrap                 convert.TransactionOptions
	image                convert.ImageOptions
	enc                  codec.Options
	lossless             bool
	in                   inputFlags
	fgp                  int
}

func newConvertCommand(c *cli) *cobra.Command {
	var f convertFlags
	cmd := &cobra.Command{
		Use:   "convert --to FORMAT [flags] FILE",
		Short: "convert a transaction, an ISO/INCITS record or an image to another format",
		Long: `convert writes FILE in the format --to names: a transaction as an2, json or xml (in
a --dialect); an ISO/INCITS record as another edition of its kind or wrapped in a
transaction (--tot, --dai, --ori, --tcn, --src, --capture-date, --type4); a
transaction's record as an ISO/INCITS record (--record N, or the first that fits);
an image, or the image of record N of a transaction, as png, wsq, jpeg or jp2.
Without --record, every image of a transaction is written into the folder -o names.
Fingerprint images (WSQ, PNG, JPEG, JPEG 2000, TIFF, BMP; one or more FILEs) given
with --to an2 are wrapped into one transaction, a Type-14 record each: WSQ when the
image is 8-bit grey at 500 ppi, PNG (lossless) otherwise; --fgp and --ppi say the
finger position and resolution where the files do not.

FORMAT is one of ` + strings.Join(exchange.OutputFormats(), ", ") + `.`,
		Args: someFiles,
		RunE: runs(func(args []string) int {
			if f.to == "an2" && allImages(args) {
				return c.wrapImages(args, &f)
			}
			if len(args) != 1 {
				c.failf("convert: expected one input FILE, got %d (several are taken only as images wrapped with --to an2) (see biogate convert --help)", len(args))
				return exitUnusable
			}
			return c.convert(args[0], &f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "output `FORMAT` (required): an2, json, xml, an ISO/INCITS format name, png, wsq, jpeg or jp2")
	fl.StringVar(&f.dialect, "dialect", "2011", "XML `DIALECT` to write: "+strings.Join(exchange.Dialects(), ", "))
	fl.StringVarP(&f.out, "output", "o", "-", "output `FILE`, - for standard output; a folder when every image of a transaction is written. Written atomically; a device, FIFO or symbolic link is refused")
	fl.IntVar(&f.record, "record", 0, "the record `N` (from 1, as inspect numbers them) to convert to an image or an ISO/INCITS record")
	fl.BoolVar(&f.strict, "strict", false, "refuse input with any decoding problem")
	fl.StringVar(&f.as, "as", "", "read the input as this ISO/INCITS `FORMAT` (card formats, INCITS 385)")
	fl.StringVar(&f.wrap.TypeOfTransaction, "tot", "", "ISO record to transaction: 1.004 `TOT`, the type of transaction")
	fl.StringVar(&f.wrap.Destination, "dai", "", "ISO record to transaction: 1.007 `DAI`, the destination agency")
	fl.StringVar(&f.wrap.Originating, "ori", "", "ISO record to transaction: 1.008 `ORI`, the originating agency")
	fl.StringVar(&f.wrap.ControlNumber, "tcn", "", "ISO record to transaction: 1.009 `TCN`, the transaction control number")
	fl.StringVar(&f.image.Source, "src", "", "ISO record to transaction: xx.004 `SRC`, the source agency of the image records made")
	fl.StringVar(&f.image.Date, "capture-date", "", "ISO record to transaction: capture date `YYYYMMDD` for editions that carry none (2005)")
	fl.BoolVar(&f.wrap.Type4, "type4", false, "ISO finger images to transaction: write binary Type-4 records instead of Type-14")
	fl.Float64Var(&f.enc.WSQBitrate, "bitrate", 0, "WSQ: bit `RATE` in bits per pixel (0: 0.75)")
	fl.IntVar(&f.enc.WSQPPI, "ppi", 0, "WSQ: resolution to record; images wrapped with --to an2: their resolution, in pixels per inch (`PPI`; 0: what the file states, or 500)")
	fl.IntVar(&f.fgp, "fgp", 0, "images wrapped with --to an2: finger position `N` (ANSI/NIST-ITL Table 8; 0 unknown)")
	fl.IntVar(&f.enc.JPEGQuality, "quality", 0, "JPEG: `QUALITY` 1-100 (0: 75)")
	fl.Float64Var(&f.enc.JP2Ratio, "ratio", 0, "JPEG 2000: compression `RATIO` (0: 10)")
	fl.BoolVar(&f.lossless, "lossless", false, "JPEG 2000: lossless (the reversible 5/3 wavelet)")
	f.in.add(cmd)
	return cmd
}

// options are the core's conversion options for f, or a usage error.
func (f *convertFlags) options() (exchange.ConvertOptions, error) {
	o := exchange.ConvertOptions{To: f.to, Dialect: f.dialect, Record: f.record, Image: &f.enc, Lossless: f.lossless, Wrap: &f.wrap}
	o.Wrap.Image = &f.image
	switch {
	case f.to == "":
		return o, errors.New("--to is required")
	case !slices.Contains(exchange.OutputFormats(), f.to) && !iso.Format(f.to).Known():
		return o, fmt.Errorf("--to %s is not supported; this build writes an2, json, xml, the ISO/INCITS formats (iso19794-2:2005 ...), png, wsq, jpeg and jp2", f.to)
	case !slices.Contains(exchange.Dialects(), f.dialect):
		return o, fmt.Errorf("--dialect %s is not one of %s", f.dialect, strings.Join(exchange.Dialects(), ", "))
	case f.record < 0:
		return o, errors.New("--record must be positive")
	}
	return o, nil
}

func (c *cli) convert(name string, f *convertFlags) int {
	o, err := f.options()
	if err != nil {
		c.failf("convert: %v (see biogate convert --help)", err)
		return exitUnusable
	}
	in, code := c.load("convert", name, f.in.maxSize, &exchange.LoadOptions{Strict: f.strict, As: iso.Format(f.as)})
	if code != exitOK {
		return code
	}
	for _, n := range in.Notes() {
		c.failf("convert: %s: warning: %s", name, n)
	}
	switch {
	case in.Image != nil && !isImageTarget(o.To):
		c.failf("convert: %s: the input is a %s image; convert it to png, wsq, jpeg or jp2", name, in.Format)
		return exitUnusable
	case in.Record != nil && isImageTarget(o.To):
		c.failf("convert: %s: --to %s: convert the ISO record to an2 first, then its images", name, o.To)
		return exitUnusable
	case in.Transaction != nil && isImageTarget(o.To) && o.Record == 0:
		return c.convertAllImages(name, in, o, f.out)
	}
	out, err := in.Convert(o)
	if out != nil {
		for _, n := range out.Notes {
			c.failf("convert: %s: warning: %s", name, n)
		}
	}
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return convertExit(err)
	}
	return c.writeOutput("convert", f.out, out.Body)
}

// convertExit maps a conversion failure to an exit code: a request that
// cannot be run is 2, a readable input that cannot become what was asked
// is 1.
func convertExit(err error) int {
	switch exchange.KindOf(err) {
	case exchange.KindInvalid, exchange.KindUnreadable:
		return exitUnusable
	}
	return exitFailed
}

func isImageTarget(f string) bool {
	return f == sniff.PNG || f == sniff.WSQ || f == sniff.JPEG || f == sniff.JP2
}

// imageExt is the file extension of each image format in a folder.
var imageExt = map[string]string{sniff.PNG: ".png", sniff.WSQ: ".wsq", sniff.JPEG: ".jpg", sniff.JP2: ".jp2"}

// convertAllImages writes every image record of a transaction into the
// folder out, one file per record.
func (c *cli) convertAllImages(name string, in *exchange.Input, o exchange.ConvertOptions, out string) int {
	if out == "-" {
		c.failf("convert: %s: without --record every image is written: give a folder with -o", name)
		return exitUnusable
	}
	if err := os.MkdirAll(out, 0o777); err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	t := in.Transaction
	written, failed := 0, 0
	for i, r := range t.Records {
		im, ok := t.ImageOf(r)
		if !ok || len(im.Data()) == 0 {
			continue
		}
		idc, _ := im.IDC()
		file := filepath.Join(out, fmt.Sprintf("record%02d-type%d-idc%02d%s", i+1, r.Type, idc, imageExt[o.To]))
		o.Record = i + 1
		res, err := in.Convert(o)
		if err == nil {
			err = c.output(file, res.Body)
		}
		if err != nil {
			c.failf("convert: %s: record %d (Type-%d): %v", name, i+1, r.Type, err)
			failed++
			continue
		}
		written++
	}
	fmt.Fprintf(c.stdout, "%d images written to %s", written, out)
	if failed > 0 {
		fmt.Fprintf(c.stdout, ", %d could not be converted", failed)
	}
	fmt.Fprintln(c.stdout)
	if written == 0 && failed == 0 {
		c.failf("convert: %s: the transaction holds no image", name)
		return exitFailed
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// writeOutput writes the result of a command; it cannot fail silently.
func (c *cli) writeOutput(cmd, out string, b []byte) int {
	if err := c.output(out, b); err != nil {
		c.failf("%s: %v", cmd, err)
		return exitUnusable
	}
	return exitOK
}
