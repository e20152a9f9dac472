package main

import (
	"bytes"
	"os"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/nist"
)

// allImages reports whether every FILE is an image (by its first bytes),
// for `convert --to an2 IMAGE...`. A file that cannot be read is left to
// the command to report.
func allImages(names []string) bool {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return len(names) > 1
		}
		head := make([]byte, 64)
		k, _ := f.Read(head)
		f.Close()
		switch sniff.Format(head[:k]) {
		case sniff.WSQ, sniff.PNG, sniff.JPEG, sniff.JP2, sniff.TIFF, sniff.BMP, sniff.PGM:
		default:
			return false
		}
	}
	return true
}

// wrapImages wraps loose fingerprint images into one transaction.
func (c *cli) wrapImages(names []string, f *convertFlags) int {
	if f.fgp < 0 || f.fgp > 255 || f.enc.WSQPPI < 0 {
		c.failf("convert: --fgp %d or --ppi %d out of range (see biogate convert --help)", f.fgp, f.enc.WSQPPI)
		return exitUnusable
	}
	var imgs []convert.LooseImage
	for _, name := range names {
		b, err := c.readInput(name, f.in.maxSize)
		if err != nil {
			c.failf("convert: %v", err)
			return exitUnusable
		}
		fg, err := source.ImageFile(b, nil)
		if err != nil {
			c.failf("convert: %s: %s", name, oneLine(err.Error()))
			return exitUnusable
		}
		if f.enc.WSQPPI > 0 {
			fg.PPI, fg.PPIStated = float64(f.enc.WSQPPI), true
		} else {
			for _, n := range fg.Notes {
				c.failf("convert: %s: warning: %s", name, n)
			}
		}
		fg.Position = f.fgp
		im := fg.Loose(name)
		imgs = append(imgs, im)
	}
	opts := f.wrap
	img := f.image
	if img.Date == "" {
		// The scan's date is not in an image file; its modification
		// time is the nearest fact, and said so.
		if fi, err := os.Stat(names[0]); err == nil {
			img.Date = fi.ModTime().UTC().Format("20060102")
			c.failf("convert: warning: capture date %s taken from %s's modification time (give --capture-date)", img.Date, names[0])
		}
	}
	opts.Image = &img
	t, rep, err := convert.WrapImages(imgs, &opts)
	if rep != nil {
		for _, fd := range rep.Findings {
			c.failf("convert: warning: %s", fd)
		}
	}
	if err != nil {
		c.failf("convert: %v", err)
		return exitFailed
	}
	var buf bytes.Buffer
	if err := nist.Encode(&buf, t); err != nil {
		c.failf("convert: %v", err)
		return exitFailed
	}
	return c.writeOutput("convert", f.out, buf.Bytes())
}
