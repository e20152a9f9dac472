package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

func validDialect(d string) bool {
	switch nistxml.Dialect(d) {
	case nistxml.Dialect2008, nistxml.Dialect2011, nistxml.DialectINTI, nistxml.Dialect2015:
		return true
	}
	return false
}

const convertUsage = "convert --to an2|json|xml|ISO-FORMAT|png|wsq|jpeg|jp2 [--dialect 2008|2011|inti|2015] [-o OUT] [--record N] [--as ISO-FORMAT] [--strict] FILE"

func runConvert(c *cli, args []string) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	to := fs.String("to", "", "output format: an2, json, xml, png, wsq, jpeg or jp2")
	dialect := fs.String("dialect", string(nistxml.Dialect2011), "XML dialect to write: 2008, 2011, inti or 2015")
	out := fs.String("o", "-", "output file, - for standard output; a folder when every image of a transaction is written")
	record := fs.Int("record", 0, "the record (numbered from 1, as inspect shows) whose image to convert")
	strict := fs.Bool("strict", false, "refuse input with any decoding problem")
	as := fs.String("as", "", "read the input as this ISO/INCITS edition (card formats, INCITS 385)")
	var h headerFlags
	fs.StringVar(&h.tot, "tot", "", "ISO record in: 1.004 TOT of the transaction made")
	fs.StringVar(&h.dai, "dai", "", "ISO record in: 1.007 DAI")
	fs.StringVar(&h.ori, "ori", "", "ISO record in: 1.008 ORI")
	fs.StringVar(&h.tcn, "tcn", "", "ISO record in: 1.009 TCN")
	fs.StringVar(&h.src, "src", "", "ISO record in: source agency (xx.004 SRC) of the image records made")
	fs.StringVar(&h.captureDate, "capture-date", "", "ISO record in: capture date YYYYMMDD for editions that carry none (2005)")
	fs.BoolVar(&h.type4, "type4", false, "ISO finger images in: write binary Type-4 records instead of Type-14")
	var o imageOptions
	fs.Float64Var(&o.bitrate, "bitrate", 0, "WSQ bit rate in bits per pixel (default 0.75)")
	fs.IntVar(&o.ppi, "ppi", 0, "WSQ resolution to record (default 500)")
	fs.IntVar(&o.quality, "quality", 0, "JPEG quality 1-100 (default 75)")
	fs.Float64Var(&o.ratio, "ratio", 0, "JPEG 2000 compression ratio (default 10)")
	fs.BoolVar(&o.lossless, "lossless", false, "JPEG 2000: lossless (reversible 5/3 wavelet)")

	pos, err := parseArgs(fs, args)
	if err == nil {
		_, err = oneFile(pos)
	}
	_, isImage := imageTargets[*to]
	toISO := iso.Format(*to)
	isISO := toISO.Known()
	if err == nil {
		switch {
		case *to == "":
			err = fmt.Errorf("--to is required")
		case *to != sniff.AN2 && *to != sniff.JSON && *to != sniff.XML && !isImage && !isISO:
			err = fmt.Errorf("--to %s is not supported; this build writes an2, json, xml, the ISO/INCITS formats (iso19794-2:2005 ...), png, wsq, jpeg and jp2", *to)
		case !validDialect(*dialect):
			err = fmt.Errorf("--dialect %s is not one of 2008, 2011, inti, 2015", *dialect)
		case *record < 0:
			err = fmt.Errorf("--record must be positive")
		}
	}
	if err != nil {
		c.failf("convert: %v (usage: biogate %s)", err, convertUsage)
		return exitUnusable
	}
	name := pos[0]
	b, err := c.readInput(name)
	if err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	switch f := sniff.Format(b); {
	case f == sniff.WSQ || f == sniff.PNG || f == sniff.JPEG || f == sniff.JP2:
		if !isImage {
			c.failf("convert: %s: the input is a %s image; convert it to png, wsq, jpeg or jp2", name, f)
			return exitUnusable
		}
		return c.convertImageFile(name, b, *to, *out, o)
	case f == sniff.ISO || *as != "":
		l, err := loadISO(b, iso.Format(*as), *strict)
		if err != nil {
			c.failf("convert: %s: %v", name, err)
			return exitUnusable
		}
		for _, p := range l.problems {
			fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: %s\n", name, p)
		}
		switch {
		case isISO:
			return c.isoToISO(name, l, toISO, *out)
		case isImage:
			c.failf("convert: %s: --to %s: convert the ISO record to an2 first, then its images", name, *to)
			return exitUnusable
		}
		return c.isoToTransaction(name, l, *to, *dialect, *out, h)
	}
	l, err := loadTransaction(b, *strict)
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitUnusable
	}
	for _, p := range l.problems {
		fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: %v\n", name, p)
	}
	for _, f := range l.findings {
		fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: from XML: %s\n", name, findingText(f))
	}
	if isImage {
		return c.convertTransactionImages(l, name, *record, *to, *out, o)
	}
	if isISO {
		return c.transactionToISO(name, l, *record, toISO, *out)
	}
	var buf bytes.Buffer
	switch *to {
	case sniff.AN2:
		err = nist.Encode(&buf, l.t)
	case sniff.JSON:
		err = nist.EncodeJSON(&buf, l.t)
	case sniff.XML:
		var findings []nistxml.Finding
		findings, err = nistxml.Encode(&buf, l.t, &nistxml.EncodeOptions{Dialect: nistxml.Dialect(*dialect)})
		for _, f := range findings {
			fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: to XML %s: %s\n", name, *dialect, findingText(f))
		}
	}
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	if err := c.output(*out, buf.Bytes()); err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	return exitOK
}

// writeFileAtomic writes b to name through a temporary file in the same
// folder, synced and renamed, so a reader never sees half a file.
func writeFileAtomic(name string, b []byte) error {
	dir := "."
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		dir = name[:i+1]
	}
	f, err := os.CreateTemp(dir, ".biogate-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
