package exchange

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// RenderOptions names the image Render draws, numbered as Inspect numbers
// records and views.
type RenderOptions struct {
	Record int // a transaction's record, from 1; 0 when it holds one image
	View   int // an ISO/INCITS image record's view, from 1; 0 for the first
}

func (o RenderOptions) check() error {
	if o.Record < 0 || o.View < 0 {
		return errorf(KindInvalid, "record and view count from 1")
	}
	return nil
}

// pixelCost is the memory charged per pixel of an image decoded for
// rendering: the decoded image (up to 4 bytes a pixel for colour), the
// decoder's working planes (WSQ: two float32 planes; openjp2: an int32
// per component) and the PNG written, which compresses poorly for prints.
const pixelCost = 16

// Render decodes one image of b (sniffed: an image record of a
// transaction, a view of an ISO/IEC 19794-4/-5/-6 or INCITS 381/385
// record, or an image file) and writes it as PNG, for the console to show.
// The memory it takes is charged to the budget ctx carries before
// decoding, from the size the data's own header declares (else the
// record's). An error says which record and where its data lies.
func Render(ctx context.Context, b []byte, o RenderOptions) (*Output, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var p *picture
	var err error
	switch f := sniff.Format(b); {
	case isImageFormat(f):
		if o.Record > 1 || o.View > 1 {
			return nil, errorf(KindInvalid, "the input is a %s image: it has no record %d or view %d", f, o.Record, o.View)
		}
		p = &picture{data: b, loc: conformance.Location{Offset: 0}, what: "the input image"}
	case f == sniff.ISO:
		if o.Record > 1 {
			return nil, errorf(KindInvalid, "the input is an ISO/INCITS record: choose its image with view, not record")
		}
		p, err = isoPicture(b, o.View)
	default:
		l, lerr := loadTransaction(ctx, b)
		if lerr != nil {
			return nil, lerr
		}
		p, err = recordPicture(l, o.Record)
	}
	if err != nil {
		return nil, err
	}
	m, err := p.decode(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// Speed over size: the PNG goes to a browser on the same network.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, m); err != nil {
		return nil, p.fail(KindUnsupported, fmt.Errorf("writing PNG: %w", err))
	}
	return &Output{Body: buf.Bytes(), Format: sniff.PNG, ContentType: ContentType(sniff.PNG)}, nil
}

// picture is image data to decode and where it lies, for errors.
type picture struct {
	im   *nist.Image // the image record's view; nil for an image file
	data []byte
	loc  conformance.Location
	what string
}

// recordPicture picks record n (from 1) of a transaction, or its only
// image record when n is 0.
func recordPicture(l *loaded, n int) (*picture, error) {
	t := l.t
	n, err := chooseImageRecord(t, n, KindNoImage)
	if err != nil {
		return nil, err
	}
	r := t.Records[n-1]
	loc := conformance.Location{Record: n, RecordType: r.Type, Offset: -1}
	if hasOffsets(l.format) {
		loc.Offset = r.Offset
	}
	im, ok := t.ImageOf(r)
	if !ok {
		return nil, &Error{Kind: KindNoImage, Msg: fmt.Sprintf("record %d is a Type-%d record, which holds no image", n, r.Type),
			Findings: []conformance.Finding{renderFinding(loc, "the record holds no image")}}
	}
	data := im.Data()
	for _, f := range r.Fields {
		if len(data) > 0 && sameBytes(f.Value, data) {
			loc.Field = nist.FieldTag(r.Type, f.Number)
			if hasOffsets(l.format) {
				loc.Offset = r.ValueOffset(f)
			}
		}
	}
	if len(data) == 0 {
		return nil, &Error{Kind: KindNoImage, Msg: fmt.Sprintf("record %d (Type-%d) holds no image data", n, r.Type),
			Findings: []conformance.Finding{renderFinding(loc, "the record holds no image data")}}
	}
	return &picture{im: &im, data: data, loc: loc, what: fmt.Sprintf("record %d (Type-%d)", n, r.Type)}, nil
}

// isoPicture picks view v (from 1; 0 the first) of an ISO/INCITS image
// record.
func isoPicture(b []byte, v int) (*picture, error) {
	rec, _, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
	if rec == nil {
		return nil, &Error{Kind: KindUnreadable, Msg: "the input record cannot be read", Err: err}
	}
	if v == 0 {
		v = 1
	}
	if n := viewCount(rec); v > n {
		return nil, errorf(KindInvalid, "view %d: the %s record has %d", v, rec.Kind(), n)
	}
	loc := conformance.Location{Field: fmt.Sprintf("view %d image data", v), Offset: -1}
	im, err := viewImage(rec, v-1)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Findings = []conformance.Finding{renderFinding(loc, e.Error())}
		}
		return nil, err
	}
	if len(im.Data()) == 0 {
		return nil, &Error{Kind: KindNoImage, Msg: fmt.Sprintf("view %d holds no image data", v),
			Findings: []conformance.Finding{renderFinding(loc, "the view holds no image data")}}
	}
	return &picture{im: &im, data: im.Data(), loc: loc, what: fmt.Sprintf("view %d", v)}, nil
}

// decode charges the image's memory to ctx's budget, then decodes it.
func (p *picture) decode(ctx context.Context) (image.Image, error) {
	w, h := p.size()
	if err := budget.Charge(ctx, int64(w)*int64(h)*pixelCost); err != nil {
		return nil, err
	}
	var m image.Image
	var err error
	if p.im != nil {
		m, err = convert.RecordImage(*p.im)
	} else {
		m, err = codec.Decode(p.data, codec.Unknown, nil)
	}
	if err != nil {
		e := imageError(err, p.what)
		return nil, p.fail(e.Kind, e.Err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err // the request's time ran out while decoding
	}
	return m, nil
}

// size is the image's size as its data's own header declares it (the
// decoders allocate from it), else as the record declares it.
func (p *picture) size() (w, h int) {
	if w, h, ok := dataSize(p.data); ok {
		return w, h
	}
	if p.im != nil {
		w, _ = p.im.Width()
		h, _ = p.im.Height()
	}
	return max(w, 0), max(h, 0)
}

// fail is an error of kind k about p, with the finding locating it.
func (p *picture) fail(k Kind, err error) *Error {
	e := &Error{Kind: k, Msg: p.what, Err: err}
	e.Findings = []conformance.Finding{renderFinding(p.loc, e.Error())}
	return e
}

// renderFinding locates a rendering failure.
func renderFinding(loc conformance.Location, msg string) conformance.Finding {
	return conformance.Finding{Assertion: "BIOGATE.render", Level: conformance.Level3, Severity: conformance.Error,
		Location: loc, Message: msg}
}
