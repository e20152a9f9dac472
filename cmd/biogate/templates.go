package main

import (
	"errors"
	"fmt"

	"github.com/biogate/biogate/match/extract"
	"github.com/biogate/biogate/match/input"
)

// templateFlags are the flags of the commands that read templates from
// images, transactions or minutiae records (extract, match).
type templateFlags struct {
	ppi    float64
	images bool
	in     inputFlags
}

// add declares --ppi and, where a transaction's Type-9 minutiae are
// preferred (match), --images.
func (f *templateFlags) add(fl interface {
	Float64Var(*float64, string, float64, string)
	BoolVar(*bool, string, bool, string)
}, imagesFlag bool) {
	fl.Float64Var(&f.ppi, "ppi", 0, "resolution of the input images in pixels per inch (`PPI`), replacing what they state; 0: their own, or 500 when they state none")
	if imagesFlag {
		fl.BoolVar(&f.images, "images", false, "for a transaction holding both Type-9 minutiae and images, extract from the images")
	}
}

func (f *templateFlags) options() *input.Options {
	return &input.Options{PPI: f.ppi, Images: f.images}
}

// templates reads FILE's templates. On failure it prints one line and
// returns exit code 2 when FILE cannot be read, 1 when it can but the
// extractor refuses its images (too small, a resolution out of range);
// warnings (what was assumed) are printed one line each.
func (c *cli) templates(cmd, name string, f *templateFlags) ([]input.Item, int) {
	if f.ppi < 0 {
		c.failf("%s: --ppi %g: a resolution is positive", cmd, f.ppi)
		return nil, exitUnusable
	}
	b, err := c.readInput(name, f.in.maxSize)
	if err != nil {
		c.failf("%s: %v", cmd, err)
		return nil, exitUnusable
	}
	items, err := input.Templates(b, f.options())
	if len(items) == 0 {
		c.failf("%s: %s: %s", cmd, name, oneLine(errText(err)))
		var refused *extract.InputError
		if errors.As(err, &refused) {
			return nil, exitFailed
		}
		return nil, exitUnusable
	}
	if err != nil {
		c.failf("%s: %s: warning: %s", cmd, name, oneLine(err.Error()))
	}
	return items, exitOK
}

func errText(err error) string {
	if err == nil {
		return "no fingerprint found"
	}
	return err.Error()
}

// where names an item of an input for messages.
func where(name string, it input.Item) string {
	if it.Where == "" {
		return name
	}
	return fmt.Sprintf("%s (%s)", name, it.Where)
}
