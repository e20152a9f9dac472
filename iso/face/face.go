// Package face implements face image records: ISO/IEC 19794-5:2005,
// ISO/IEC 19794-5:2011 and ANSI INCITS 385-2004, decoding into and
// encoding from [iso.FaceRecord]. Image data is kept as bytes.
//
// Layouts (integers big-endian):
//
//	19794-5:2005 ("FAC\0", "010\0"; clause 5): 14-byte header (record
//	  length 4, number of facial images 2). Per image: facial record data
//	  length (4, counting the whole image block), number of feature points
//	  (2), gender, eye colour, hair colour (1 each), property mask (3),
//	  expression (2), pose yaw, pitch, roll (1 each), their uncertainties
//	  (1 each); feature points of 8 bytes (type, code, X 2, Y 2, reserved
//	  2); image information of 12 bytes (face image type, image data type,
//	  width 2, height 2, colour space, source type, device type 2, quality
//	  2); then the image data.
//	INCITS 385-2004: the same layout (385 clause 6); some code tables
//	  differ, which the bytes cannot show.
//	19794-5:2011 ("030\0"): 17-byte general header (length 4, number of
//	  representations 2, certification flag 1, temporal semantics 2); each
//	  representation: length (4), the 19794-1:2011 representation header
//	  without certification blocks, facial information of 17 bytes
//	  (landmark count 2, gender, eye colour, hair colour, subject height,
//	  property mask 3, expression 2, pose 3, uncertainty 3), landmark points
//	  of 8 bytes (type, code, X, Y, Z), image information of 11 bytes (face
//	  image type, image data type, width 2, height 2, spatial sampling
//	  rate level, post-acquisition processing 2, cross reference, colour
//	  space), image data length (4) and data, then any 3D data. The 2011
//	  layout up to the landmark points is read the same way by MOSIP
//	  bio-utils and idemia python-iso19794; the 11-byte image information
//	  block is from MOSIP alone (UNVERIFIED), and no 2011 sample is in the
//	  corpus.
//
// Importing this package registers the formats with package iso.
package face

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/part1"
)

func init() {
	for _, f := range []iso.Format{iso.Face2005, iso.ANSI385v2004, iso.Face2011} {
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
				rec, ok := r.(*iso.FaceRecord)
				if !ok {
					return fmt.Errorf("face: cannot encode %T", r)
				}
				return Encode(w, rec, f)
			},
		})
	}
}

// Fixed parts of a 2005 facial image block: the facial information (20
// bytes, clause 5.5) and the image information (12 bytes, clause 5.7).
const (
	info2005  = 20
	image2005 = 12
)

// Decode decodes a face record of format f; see [iso.DecodeOptions].
func Decode(b []byte, f iso.Format, opts *iso.DecodeOptions) (*iso.FaceRecord, error) {
	r := bin.NewReader(b, f, opts)
	rec := &iso.FaceRecord{Format: f}
	var length uint64
	switch f {
	case iso.Face2005, iso.ANSI385v2004:
		r.Magic("FAC\x00010\x00")
		length = uint64(r.U32("record length"))
		n := int(r.U16("number of facial images"))
		for i := 0; i < n && !r.Failed(); i++ {
			r.Scope = fmt.Sprintf("image %d", i+1)
			rec.Images = append(rec.Images, read2005(r))
		}
	case iso.Face2011:
		var n int
		length, n, rec.CertificationFlag = part1.ReadGeneral(r, "FAC\x00030\x00", "number of representations")
		rec.TemporalSemantics = r.U16("temporal semantics")
		for i := 0; i < n && !r.Failed(); i++ {
			r.Scope = fmt.Sprintf("representation %d", i+1)
			rec.Images = append(rec.Images, read2011(r))
		}
	default:
		return nil, iso.UnsupportedError(fmt.Sprintf("face: format %s", f))
	}
	r.Scope = ""
	if !r.Failed() {
		rec.Trailing, rec.DeclaredLength = bin.Finish(r, length, "image")
	}
	return bin.Outcome(r, rec)
}

func readInfo(r *bin.Reader, im *iso.FaceImage, height bool) int {
	n := int(r.U16("number of feature points"))
	im.Gender = r.U8("gender")
	im.EyeColour = r.U8("eye colour")
	im.HairColour = r.U8("hair colour")
	if height {
		im.SubjectHeight = r.U8("subject height")
	}
	im.Properties = r.U24("property mask")
	im.Expression = r.U16("expression")
	for i := range im.Pose {
		im.Pose[i] = r.U8("pose angle")
	}
	for i := range im.PoseUncertainty {
		im.PoseUncertainty[i] = r.U8("pose angle uncertainty")
	}
	return n
}

func readPoints(r *bin.Reader, im *iso.FaceImage, n int) {
	if n == 0 {
		return
	}
	if r.Remaining() < 8*n {
		r.Bytes(8*n, "feature points")
		return
	}
	im.FeaturePoints = make([]iso.FeaturePoint, n)
	r.Item = "feature point"
	for i := range im.FeaturePoints {
		r.Index = i + 1
		p := &im.FeaturePoints[i]
		p.Type = r.U8("type")
		p.Code = r.U8("code")
		p.X = r.U16("x")
		p.Y = r.U16("y")
		p.Z = r.U16("z")
	}
	r.Item = ""
}

func read2005(r *bin.Reader) iso.FaceImage {
	var im iso.FaceImage
	start := r.Off
	l := int64(r.U32("facial record data length"))
	n := readInfo(r, &im, false)
	if r.Failed() {
		return im
	}
	fixed := int64(info2005 + 8*n + image2005)
	if l < fixed {
		r.Fail(start, "facial record data length", iso.ErrLength, "%d is shorter than the %d bytes of its header and %d feature points", l, fixed, n)
		return im
	}
	readPoints(r, &im, n)
	im.ImageType = r.U8("face image type")
	im.ImageDataType = r.U8("image data type")
	im.Width = r.U16("width")
	im.Height = r.U16("height")
	im.ColourSpace = r.U8("image colour space")
	im.SourceType = r.U8("source type")
	im.DeviceType = r.U16("device type")
	im.Quality = r.U16("quality")
	if r.Failed() {
		return im
	}
	im.Image = r.Bytes(int(l-fixed), "image data")
	return im
}

func read2011(r *bin.Reader) iso.FaceImage {
	var im iso.FaceImage
	sub, end := part1.OpenRep(r)
	if sub == nil {
		return im
	}
	im.Capture = part1.ReadCapture(sub, false)
	n := readInfo(sub, &im, true)
	readPoints(sub, &im, n)
	im.ImageType = sub.U8("face image type")
	im.ImageDataType = sub.U8("image data type")
	im.Width = sub.U16("width")
	im.Height = sub.U16("height")
	im.SpatialSamplingLevel = sub.U8("spatial sampling rate level")
	im.PostAcquisition = sub.U16("post-acquisition processing")
	im.CrossReference = sub.U8("cross reference")
	im.ColourSpace = sub.U8("image colour space")
	il := sub.U32("image data length")
	im.Image = sub.Bytes(int(il), "image data")
	if !sub.Failed() {
		im.Extra = sub.Rest(end)
	}
	part1.CloseRep(r, sub, end)
	return im
}

// Encode writes rec as format f.
func Encode(w io.Writer, rec *iso.FaceRecord, f iso.Format) error {
	b, err := Append(nil, rec, f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Append appends rec encoded as f to dst.
func Append(dst []byte, rec *iso.FaceRecord, f iso.Format) ([]byte, error) {
	fail := func(field, format string, args ...any) error {
		return &iso.FormatError{Format: f, Offset: -1, Field: field, Msg: fmt.Sprintf(format, args...), Err: iso.ErrRange}
	}
	if len(rec.Images) > 0xFFFF {
		return nil, fail("number of facial images", "%d does not fit in two bytes", len(rec.Images))
	}
	w := bin.Writer{B: dst}
	start := w.Len()
	twenty11 := f == iso.Face2011
	switch f {
	case iso.Face2005, iso.ANSI385v2004:
		w.Bytes([]byte("FAC\x00010\x00"))
		w.U32(0)
		w.U16(uint16(len(rec.Images)))
	case iso.Face2011:
		part1.WriteGeneral(&w, "FAC\x00030\x00", len(rec.Images), rec.CertificationFlag)
		w.U16(rec.TemporalSemantics)
	default:
		return nil, iso.UnsupportedError(fmt.Sprintf("face: format %s", f))
	}
	for i := range rec.Images {
		im := &rec.Images[i]
		where := fmt.Sprintf("image %d", i+1)
		if len(im.FeaturePoints) > 0xFFFF {
			return nil, fail(where+": number of feature points", "%d does not fit in two bytes", len(im.FeaturePoints))
		}
		if msg := part1.CheckCapture(im.Capture); msg != "" {
			return nil, fail(where, "%s", msg)
		}
		at := w.Len()
		w.U32(0)
		if twenty11 {
			part1.WriteCapture(&w, im.Capture, false)
		}
		w.U16(uint16(len(im.FeaturePoints)))
		w.U8(im.Gender)
		w.U8(im.EyeColour)
		w.U8(im.HairColour)
		if twenty11 {
			w.U8(im.SubjectHeight)
		}
		w.U24(im.Properties)
		w.U16(im.Expression)
		w.Bytes(im.Pose[:])
		w.Bytes(im.PoseUncertainty[:])
		for _, p := range im.FeaturePoints {
			w.U8(p.Type)
			w.U8(p.Code)
			w.U16(p.X)
			w.U16(p.Y)
			w.U16(p.Z)
		}
		w.U8(im.ImageType)
		w.U8(im.ImageDataType)
		w.U16(im.Width)
		w.U16(im.Height)
		if twenty11 {
			w.U8(im.SpatialSamplingLevel)
			w.U16(im.PostAcquisition)
			w.U8(im.CrossReference)
			w.U8(im.ColourSpace)
			w.U32(uint32(len(im.Image)))
			w.Bytes(im.Image)
			w.Bytes(im.Extra)
		} else {
			w.U8(im.ColourSpace)
			w.U8(im.SourceType)
			w.U16(im.DeviceType)
			w.U16(im.Quality)
			w.Bytes(im.Image)
		}
		l := uint64(w.Len() - at)
		if im.DeclaredLength != 0 {
			l = uint64(im.DeclaredLength)
		}
		if l > 0xFFFFFFFF {
			return nil, fail(where, "block longer than 4 bytes can count")
		}
		w.PutU32(at, uint32(l))
	}
	length := w.EndRecord(start, rec.Trailing, rec.DeclaredLength)
	if length > 0xFFFFFFFF {
		return nil, fail("record length", "%d does not fit in 4 bytes", length)
	}
	w.PutU32(start+8, uint32(length))
	return w.B, nil
}
