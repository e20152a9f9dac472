package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/eval"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/match/templateio"
)

// Interop is the interoperability measurement: templates made by another
// extractor (NBIS mindtct's .xyt, converted to ISO/IEC 19794-2:2011 and
// read back, as a partner's records would arrive) compared with
// Biogate's own templates of the same images.
type Interop struct {
	Set string
	// Own compares Biogate's templates with each other, Foreign the
	// other extractor's with each other, Cross every Biogate template
	// with the other extractor's template of every other image (genuine
	// when the finger is the same): each over all ordered pairs of
	// different images, scored by Biogate's matcher.
	Own, Foreign, Cross eval.Summary
	// SameImage are the scores of each image's two templates (Biogate's
	// against the other extractor's), in sample order.
	SameImage []float64
	Samples   []Sample
}

// RunInterop measures interoperability on the images of dir against the
// .xyt files of xytDir named like them (101_1.tif ↔ 101_1.xyt). ppi is
// the images' resolution, given to both extractors (0: what the images
// state, or 500).
func RunInterop(dir, xytDir string, ppi float64) (*Interop, error) {
	samples, err := Samples(dir)
	if err != nil {
		return nil, err
	}
	n := len(samples)
	own := make([]*match.Prepared, n)
	foreign := make([]*match.Prepared, n)
	for i, s := range samples {
		b, err := os.ReadFile(s.Path)
		if err != nil {
			return nil, err
		}
		fg, err := source.ImageFile(b, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Path, err)
		}
		it, err := input.Extract(&fg, &input.Options{PPI: ppi})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Path, err)
		}
		own[i] = match.Prepare(it.Template)
		p := ppi
		if p <= 0 {
			p = fg.PPI
		}
		ft, err := foreignTemplate(filepath.Join(xytDir, strings.TrimSuffix(s.Name(), filepath.Ext(s.Name()))+".xyt"),
			fg.Image.Bounds().Dx(), fg.Image.Bounds().Dy(), p)
		if err != nil {
			return nil, err
		}
		foreign[i] = match.Prepare(ft)
	}
	res := &Interop{Set: filepath.Base(filepath.Clean(dir)), Samples: samples}
	sweep := func(a, b []*match.Prepared) (eval.Summary, error) {
		var scores []float64
		var genuine []bool
		for i := range n {
			for j := range n {
				if i != j {
					scores = append(scores, match.Score(a[i], b[j]))
					genuine = append(genuine, samples[i].Finger == samples[j].Finger)
				}
			}
		}
		s, _, err := eval.Summarise(scores, genuine)
		return s, err
	}
	if res.Own, err = sweep(own, own); err != nil {
		return nil, err
	}
	if res.Foreign, err = sweep(foreign, foreign); err != nil {
		return nil, err
	}
	if res.Cross, err = sweep(own, foreign); err != nil {
		return nil, err
	}
	for i := range n {
		res.SameImage = append(res.SameImage, match.Score(own[i], foreign[i]))
	}
	return res, nil
}

// foreignTemplate reads an .xyt file and passes it through an ISO/IEC
// 19794-2:2011 record, bytes and back, as a partner's template arrives.
func foreignTemplate(path string, w, h int, ppi float64) (match.Template, error) {
	f, err := os.Open(path)
	if err != nil {
		return match.Template{}, err
	}
	defer f.Close()
	t, err := templateio.ReadXYT(f, w, h, ppi)
	if err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	rec, _, err := templateio.ToRecord(t, iso.FMR2011)
	if err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	b, err := iso.Marshal(rec, iso.FMR2011)
	if err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	dec, err := iso.DecodeAs(b, iso.FMR2011, nil)
	if err != nil {
		return t, fmt.Errorf("%s: the 19794-2:2011 record made does not decode: %w", path, err)
	}
	t, _, err = templateio.FromRecord(dec.(*iso.MinutiaeRecord), 0)
	return t, err
}
