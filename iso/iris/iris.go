// Package iris implements iris image records of ISO/IEC 19794-6:2005 and
// ISO/IEC 19794-6:2011, decoding into and encoding from [iso.IrisRecord].
// Image data is kept as bytes.
//
// Layouts (integers big-endian):
//
//	19794-6:2005 ("IIR\0", "010\0"; clause 6.5): a 45-byte header (record
//	  length 4, capture device ID 2, number of eye subtypes 1, header
//	  length 2, image property bits 2, iris diameter 2, image format 2,
//	  width 2, height 2, intensity depth 1, image transformation 1, device
//	  unique ID 16). Per subtype: eye (1: 0 undefined, 1 right, 2 left) and
//	  number of images (2); per image: image number (2), quality (1),
//	  rotation angle (2), rotation uncertainty (2), image length (4), image.
//	  NIST biomdi's two-eye sample carries version "013" with the same
//	  layout; it is decoded as this edition and its version kept.
//	19794-6:2011 ("020\0"): 16-byte general header (length 4, number of
//	  representations 2, certification flag 1, number of eyes 1); each
//	  representation: length (4), the 19794-1:2011 representation header
//	  without certification blocks, representation number (2), eye label,
//	  image type, image format, image properties (1 each), width (2),
//	  height (2), bit depth (1), camera range (2), roll angle (2), roll
//	  uncertainty (2), iris centre smallest X, largest X, smallest Y,
//	  largest Y, diameter smallest, largest (2 each; the order NIST
//	  libbiomeval reads), image length (4), image.
//
// Importing this package registers the formats with package iso.
package iris

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/part1"
)

func init() {
	for _, f := range []iso.Format{iso.Iris2005, iso.Iris2011} {
		f := f
		iso.Register(iso.Codec{
			Format: f,
			Decode: func(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
				rec, err := Decode(b, f, opts)
				if rec == nil {
					return nil, err
				}
				return rec, err
			},
			Encode: func(w io.Writer, r iso.Record) error {
				rec, ok := r.(*iso.IrisRecord)
				if !ok {
					return fmt.Errorf("iris: cannot encode %T", r)
				}
				return Encode(w, rec, f)
			},
		})
	}
}

const header2005 = 45 // 19794-6:2005 clause 6.5.1

// Decode decodes an iris record of format f; see [iso.DecodeOptions].
func Decode(b []byte, f iso.Format, opts *iso.DecodeOptions) (*iso.IrisRecord, error) {
	r := bin.NewReader(b, f, opts)
	rec := &iso.IrisRecord{Format: f}
	var length uint64
	switch f {
	case iso.Iris2005:
		if len(b) >= 8 && string(b[:4]) == "IIR\x00" && string(b[4:8]) == "013\x00" {
			rec.Version2005 = "013"
			r.Magic("IIR\x00013\x00")
		} else {
			r.Magic("IIR\x00010\x00")
		}
		length = uint64(r.U32("record length"))
		rec.CaptureDeviceID = r.U16("capture device ID")
		n := int(r.U8("number of iris subtypes"))
		hl := r.U16("record header length")
		rec.ImageProperties = r.U16("image property bit field")
		rec.IrisDiameter = r.U16("iris diameter")
		rec.ImageFormat2005 = r.U16("image format")
		rec.Width = r.U16("raw image width")
		rec.Height = r.U16("raw image height")
		rec.BitDepth = r.U8("intensity depth")
		rec.Transformation = r.U8("image transformation")
		copy(rec.DeviceUniqueID[:], r.Bytes(16, "device unique identifier"))
		if !r.Failed() && hl != header2005 {
			rec.HeaderLength = &hl
			r.Problem(15, "record header length", iso.ErrLength, "%d, want %d", hl, header2005)
		}
		for i := 0; i < n && !r.Failed(); i++ {
			r.Scope = fmt.Sprintf("subtype %d", i+1)
			st := iso.IrisSubtype{Eye: r.U8("subtype identifier"), Images: r.U16("number of images")}
			rec.Subtypes = append(rec.Subtypes, st)
			for j := 0; j < int(st.Images) && !r.Failed(); j++ {
				r.Scope = fmt.Sprintf("subtype %d image %d", i+1, j+1)
				im := iso.IrisImage{Eye: st.Eye}
				im.Number = r.U16("image number")
				im.Quality = r.U8("image quality")
				im.Rotation = r.U16("rotation angle")
				im.RotationUncertainty = r.U16("rotation uncertainty")
				l := r.U32("image length")
				im.Image = r.Bytes(int(l), "image data")
				rec.Images = append(rec.Images, im)
			}
		}
	case iso.Iris2011:
		var n int
		length, n, rec.CertificationFlag = part1.ReadGeneral(r, "IIR\x00020\x00", "number of representations")
		rec.EyesPresent = r.U8("number of eyes represented")
		for i := 0; i < n && !r.Failed(); i++ {
			r.Scope = fmt.Sprintf("representation %d", i+1)
			rec.Images = append(rec.Images, read2011(r))
		}
	default:
		return nil, iso.UnsupportedError(fmt.Sprintf("iris: format %s", f))
	}
	r.Scope = ""
	if !r.Failed() {
		rec.Trailing, rec.DeclaredLength = bin.Finish(r, length, "image")
	}
	return bin.Outcome(r, rec)
}

func read2011(r *bin.Reader) iso.IrisImage {
	var im iso.IrisImage
	start := r.Off
	declared := r.U32("representation length")
	im.Capture = part1.ReadCapture(r, false)
	im.Number = r.U16("representation number")
	im.Eye = r.U8("eye label")
	im.ImageType = r.U8("image type")
	im.ImageFormat = r.U8("image format")
	im.Properties = r.U8("image properties")
	im.Width = r.U16("image width")
	im.Height = r.U16("image height")
	im.BitDepth = r.U8("bit depth")
	im.Range = r.U16("camera range")
	im.RollAngle = r.U16("roll angle of eye")
	im.RollUncertainty = r.U16("roll angle uncertainty")
	im.CentreSmallestX = r.U16("iris centre smallest x")
	im.CentreLargestX = r.U16("iris centre largest x")
	im.CentreSmallestY = r.U16("iris centre smallest y")
	im.CentreLargestY = r.U16("iris centre largest y")
	im.DiameterSmallest = r.U16("iris diameter smallest")
	im.DiameterLargest = r.U16("iris diameter largest")
	l := r.U32("image length")
	im.Image = r.Bytes(int(l), "image data")
	if r.Failed() {
		return im
	}
	// The representation is read by its structure; a declared length that
	// leaves bytes over keeps them, one that disagrees otherwise is kept
	// and reported (NIST libbiomeval's iris01.iso2011 declares 5 bytes
	// fewer than its representation holds).
	end := start + int(declared)
	switch {
	case end > r.Off && end <= len(r.B):
		im.Extra = r.Rest(end)
	case end != r.Off:
		im.DeclaredLength = declared
		r.Problem(start, "representation length", iso.ErrLength, "%d disagrees with the %d bytes of the representation (kept)", declared, r.Off-start)
	}
	return im
}

// Encode writes rec as format f. For 19794-6:2005 the images are grouped
// under subtype headers as rec.Subtypes says when its counts add up to the
// number of images, else one subtype per run of images of the same eye.
func Encode(w io.Writer, rec *iso.IrisRecord, f iso.Format) error {
	b, err := Append(nil, rec, f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Append appends rec encoded as f to dst.
func Append(dst []byte, rec *iso.IrisRecord, f iso.Format) ([]byte, error) {
	fail := func(field, format string, args ...any) error {
		return &iso.FormatError{Format: f, Offset: -1, Field: field, Msg: fmt.Sprintf(format, args...), Err: iso.ErrRange}
	}
	w := bin.Writer{B: dst}
	start := w.Len()
	switch f {
	case iso.Iris2005:
		subtypes := groups(rec)
		if len(subtypes) > 255 {
			return nil, fail("number of iris subtypes", "%d does not fit in one byte", len(subtypes))
		}
		version := rec.Version2005
		if version == "" {
			version = "010"
		}
		if len(version) != 3 {
			return nil, fail("version", "%q is not three characters", version)
		}
		hl := uint16(header2005)
		if rec.HeaderLength != nil {
			hl = *rec.HeaderLength
		}
		w.Bytes([]byte("IIR\x00" + version + "\x00"))
		w.U32(0)
		w.U16(rec.CaptureDeviceID)
		w.U8(uint8(len(subtypes)))
		w.U16(hl)
		w.U16(rec.ImageProperties)
		w.U16(rec.IrisDiameter)
		w.U16(rec.ImageFormat2005)
		w.U16(rec.Width)
		w.U16(rec.Height)
		w.U8(rec.BitDepth)
		w.U8(rec.Transformation)
		w.Bytes(rec.DeviceUniqueID[:])
		k := 0
		for _, st := range subtypes {
			w.U8(st.Eye)
			w.U16(st.Images)
			for j := 0; j < int(st.Images); j++ {
				im := &rec.Images[k]
				k++
				w.U16(im.Number)
				w.U8(im.Quality)
				w.U16(im.Rotation)
				w.U16(im.RotationUncertainty)
				w.U32(uint32(len(im.Image)))
				w.Bytes(im.Image)
			}
		}
	case iso.Iris2011:
		if len(rec.Images) > 0xFFFF {
			return nil, fail("number of representations", "%d does not fit in two bytes", len(rec.Images))
		}
		part1.WriteGeneral(&w, "IIR\x00020\x00", len(rec.Images), rec.CertificationFlag)
		w.U8(rec.EyesPresent)
		for i := range rec.Images {
			im := &rec.Images[i]
			if msg := part1.CheckCapture(im.Capture); msg != "" {
				return nil, fail(fmt.Sprintf("representation %d", i+1), "%s", msg)
			}
			at := w.Len()
			w.U32(0)
			part1.WriteCapture(&w, im.Capture, false)
			w.U16(im.Number)
			w.U8(im.Eye)
			w.U8(im.ImageType)
			w.U8(im.ImageFormat)
			w.U8(im.Properties)
			w.U16(im.Width)
			w.U16(im.Height)
			w.U8(im.BitDepth)
			w.U16(im.Range)
			w.U16(im.RollAngle)
			w.U16(im.RollUncertainty)
			w.U16(im.CentreSmallestX)
			w.U16(im.CentreLargestX)
			w.U16(im.CentreSmallestY)
			w.U16(im.CentreLargestY)
			w.U16(im.DiameterSmallest)
			w.U16(im.DiameterLargest)
			w.U32(uint32(len(im.Image)))
			w.Bytes(im.Image)
			w.Bytes(im.Extra)
			part1.EndRep(&w, at, im.DeclaredLength)
		}
	default:
		return nil, iso.UnsupportedError(fmt.Sprintf("iris: format %s", f))
	}
	length := w.EndRecord(start, rec.Trailing, rec.DeclaredLength)
	if length > 0xFFFFFFFF {
		return nil, fail("record length", "%d does not fit in 4 bytes", length)
	}
	w.PutU32(start+8, uint32(length))
	return w.B, nil
}

// groups returns the 2005 subtype headers to write.
func groups(rec *iso.IrisRecord) []iso.IrisSubtype {
	sum := 0
	for _, st := range rec.Subtypes {
		sum += int(st.Images)
	}
	if rec.Subtypes != nil && sum == len(rec.Images) {
		return rec.Subtypes
	}
	var out []iso.IrisSubtype
	for i, im := range rec.Images {
		if i == 0 || im.Eye != rec.Images[i-1].Eye || out[len(out)-1].Images == 0xFFFF {
			out = append(out, iso.IrisSubtype{Eye: im.Eye})
		}
		out[len(out)-1].Images++
	}
	return out
}
