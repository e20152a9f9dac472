package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
	imagesource "github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/nist"
)

// ModerniseOptions tune ModerniseWith.
type ModerniseOptions struct {
	// Sidecar gives loose images' finger positions, resolutions and
	// impression types (nil: none; the file names and the images say
	// what they can).
	Sidecar *Sidecar
	// TOT, ORI and DAI fill 1.004, 1.008 and 1.007 of the transactions
	// loose images are wrapped in ("" leaves each out, reported, and the
	// output is nonconformant: they are mandatory).
	TOT, ORI, DAI string
	// Now is the transaction date written (1.005 DAT); zero means the
	// current time.
	Now time.Time
	// CaptureDate is 14.005 FCD (YYYYMMDD); "" writes the transaction
	// date, listed as a loss by convert (an image file does not say when it was
	// scanned, and FCD is mandatory: ANSI/NIST-ITL 1-2011 Table 31).
	CaptureDate string
}

// Key names what o changes in ModerniseWith's outputs (the sidecar's
// content, the Type-1 values, the capture date), for Job.ModerniseKey: a
// journal entry made with other options is redone.
func (o ModerniseOptions) Key() string {
	h := sha256.New()
	if o.Sidecar != nil {
		h.Write(o.Sidecar.sum[:])
	}
	fmt.Fprintf(h, "%q %q %q %q", o.TOT, o.ORI, o.DAI, o.CaptureDate)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// ModerniseWith is Modernise that also wraps a loose fingerprint image
// (WSQ, PNG, JPEG, JPEG 2000, TIFF or BMP, sniffed) in a VER 0502
// transaction, a Type-1 and one Type-14 record, as `biogate convert
// IMAGE --to an2` does (convert.WrapImages: WSQ at 500 ppi carried as it
// is, other images WSQ-compressed when 8-bit grey at 500 ppi, PNG
// otherwise). The finger position, resolution and impression come from
// o.Sidecar's entry for the file (SourceName of the context), else from
// its name (nameFacts), else from the image (its resolution fields, else
// 500 ppi assumed) and position 0, unknown: each assumption is a loss.
func ModerniseWith(o ModerniseOptions) ModerniseFunc {
	return func(ctx context.Context, in []byte) ([]byte, *ModerniseReport, error) {
		if isImage(sniff.Format(in)) {
			return o.wrap(SourceName(ctx), in)
		}
		return Modernise(ctx, in)
	}
}

// isImage reports whether format is a loose image ModerniseWith wraps.
func isImage(format string) bool {
	switch format {
	case sniff.WSQ, sniff.PNG, sniff.JPEG, sniff.JP2, sniff.TIFF, sniff.BMP:
		return true
	}
	return false
}

// wrap makes the transaction of one loose image named name.
func (o ModerniseOptions) wrap(name string, in []byte) ([]byte, *ModerniseReport, error) {
	fg, err := imagesource.ImageFile(in, nil)
	if err != nil {
		return nil, nil, err
	}
	var losses []string
	position, ppi := nameFacts(name)
	entry, listed := o.Sidecar.Lookup(name)
	if listed {
		position = entry.Position
		if entry.PPI > 0 {
			ppi = entry.PPI
		}
		if entry.Impression >= 0 {
			fg.Impression = entry.Impression
		}
	}
	switch {
	case ppi > 0:
		fg.PPI = ppi
	default:
		// The image's own resolution, or imagesource.DefaultPPI with a note.
		losses = append(losses, fg.Notes...)
	}
	if position < 0 {
		position = 0
		losses = append(losses, "finger position unknown (0, ANSI/NIST-ITL 1-2011 Table 8): neither a sidecar entry nor the file name gives it")
	}
	fg.Position = position
	if fg.Impression < 0 {
		losses = append(losses, "impression type assumed 0, live-scan plain (Table 7): neither a sidecar entry nor the image gives it")
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	// The originating agency is the source agency (14.004 SRC) of the
	// scans it sends. An image file does not say when it was scanned:
	// the transaction date is written, and convert's report says so.
	img := &convert.ImageOptions{Source: o.ORI, Date: o.CaptureDate}
	if img.Date == "" {
		img.Date = now.Format("20060102")
	}
	// 1.009 TCN is mandatory and unique per transaction: one made from
	// the image's SHA-256 is the same for the same image, whenever the
	// batch runs or resumes.
	sum := sha256.Sum256(in)
	tcn := "IMG-" + hex.EncodeToString(sum[:12])
	losses = append(losses, "1.009 TCN "+tcn+" made from the image's SHA-256")
	t, rep, err := convert.WrapImages([]convert.LooseImage{fg.Loose(name)}, &convert.TransactionOptions{
		Version: nist.V0502, TypeOfTransaction: o.TOT, Originating: o.ORI, Destination: o.DAI,
		ControlNumber: tcn, Now: now, Image: img,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("wrapping the %s image: %w", fg.Format, err)
	}
	var buf bytes.Buffer
	if err := nist.Encode(&buf, t); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), &ModerniseReport{Version: "0502", Losses: append(losses, rep.Strings()...)}, nil
}
