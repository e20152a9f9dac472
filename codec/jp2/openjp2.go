//go:build openjp2 && cgo

package jp2

/*
#cgo pkg-config: libopenjp2
#include <stdlib.h>
#include "glue.h"
*/
import "C"

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"io"
	"unsafe"
)

// Available reports whether this build can decode and encode JPEG 2000: it
// is true in builds with the openjp2 tag and cgo.
const Available = true

// The signatures that tell the two containers apart: the JP2 signature box
// (T.800 Annex I.5.1) and the SOC+SIZ markers that begin a codestream
// (Annex A.4.1, A.5.1).
var (
	sigJP2 = []byte("\x00\x00\x00\x0cjP  \r\n\x87\n")
	sigJ2K = []byte{0xFF, 0x4F, 0xFF, 0x51}
)

func init() {
	image.RegisterFormat("jp2", string(sigJP2), Decode, DecodeConfig)
	image.RegisterFormat("j2k", string(sigJ2K), Decode, DecodeConfig)
}

// Decode reads a JP2 file or JPEG 2000 codestream from r. It reads all of r
// into memory first (OpenJPEG seeks), so bound r, e.g. with io.LimitReader,
// for untrusted input; [DecodeBytes] decodes data already in memory.
func Decode(r io.Reader) (image.Image, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return DecodeBytes(b)
}

// DecodeConfig returns the colour model and size of a JP2 file or JPEG 2000
// codestream without decoding its samples.
func DecodeConfig(r io.Reader) (image.Config, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return image.Config{}, err
	}
	img, err := decode(b, true)
	if err != nil {
		return image.Config{}, err
	}
	defer C.opj_image_destroy(img)
	layout, err := layoutOf(img)
	if err != nil {
		return image.Config{}, err
	}
	return image.Config{ColorModel: layout.model(), Width: layout.w, Height: layout.h}, nil
}

// DecodeBytes decodes a JP2 file or JPEG 2000 codestream held in data.
func DecodeBytes(data []byte) (image.Image, error) {
	img, err := decode(data, false)
	if err != nil {
		return nil, err
	}
	defer C.opj_image_destroy(img)
	layout, err := layoutOf(img)
	if err != nil {
		return nil, err
	}
	return layout.convert(img)
}

// decode runs OpenJPEG over data; the caller destroys the image.
func decode(data []byte, headerOnly bool) (*C.opj_image_t, error) {
	var format C.int
	switch {
	case bytes.HasPrefix(data, sigJP2):
		format = C.OPJ_CODEC_JP2
	case bytes.HasPrefix(data, sigJ2K):
		format = C.OPJ_CODEC_J2K
	default:
		return nil, FormatError("neither a JP2 signature box nor a codestream SOC/SIZ")
	}
	var log C.bg_log
	var img *C.opj_image_t
	// data is only read during the call (no Go pointer is kept by C).
	rc := C.bg_decode((*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(len(data)), format,
		boolInt(headerOnly), MaxPixels, MaxComponents, MaxPrecision, &img, &log)
	switch rc {
	case C.BG_OK:
		return img, nil
	case C.BG_ERR_TOO_LARGE:
		return nil, UnsupportedError(fmt.Sprintf("image larger than %d pixels", MaxPixels))
	case C.BG_ERR_COMPONENTS:
		return nil, UnsupportedError(fmt.Sprintf("more than %d components", MaxComponents))
	case C.BG_ERR_PRECISION:
		return nil, UnsupportedError(fmt.Sprintf("component precision above %d bits", MaxPrecision))
	case C.BG_ERR_SUBSAMPLED:
		return nil, UnsupportedError("subsampled components")
	case C.BG_ERR_NOMEM:
		return nil, fmt.Errorf("jp2: out of memory")
	}
	return nil, FormatError(logText(&log, "OpenJPEG could not decode the data"))
}

// logText returns OpenJPEG's collected messages, or def when there are none.
func logText(log *C.bg_log, def string) string {
	msg := C.GoStringN(&log.msg[0], C.int(log.n))
	if msg == "" {
		return def
	}
	if log.truncated != 0 {
		msg += "; ..."
	}
	return "openjpeg: " + msg
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// components returns the image's components as a Go slice over C memory.
func components(img *C.opj_image_t) []C.opj_image_comp_t {
	return unsafe.Slice(img.comps, int(img.numcomps))
}

// samples returns the w×h samples of a component as a Go slice over C memory.
func samples(c *C.opj_image_comp_t) []int32 {
	return unsafe.Slice((*int32)(unsafe.Pointer(c.data)), int(c.w)*int(c.h))
}

// layout is what the decoded image looks like: size, components, precision.
type layout struct {
	w, h   int
	n      int  // number of components
	prec   uint // largest precision
	ycc    bool // three components in YCbCr (sYCC), to be converted
	wide   bool // more than 8 bits: 16-bit Go image
	alphaN bool // last component is alpha
}

func layoutOf(img *C.opj_image_t) (layout, error) {
	cs := components(img)
	l := layout{w: int(cs[0].w), h: int(cs[0].h), n: len(cs)}
	for i := range cs {
		if int(cs[i].w) != l.w || int(cs[i].h) != l.h {
			return l, UnsupportedError("components of different sizes")
		}
		if p := uint(cs[i].prec); p > l.prec {
			l.prec = p
		}
	}
	if l.w <= 0 || l.h <= 0 {
		return l, FormatError("empty image")
	}
	l.wide = l.prec > 8
	switch C.int(img.color_space) {
	case C.OPJ_CLRSPC_SYCC:
		l.ycc = l.n >= 3
	case C.OPJ_CLRSPC_EYCC, C.OPJ_CLRSPC_CMYK:
		return l, UnsupportedError("e-YCC or CMYK colour space")
	}
	l.alphaN = l.n == 2 || l.n == 4
	return l, nil
}

func (l layout) model() color.Model {
	switch {
	case l.n == 1 && l.wide:
		return color.Gray16Model
	case l.n == 1:
		return color.GrayModel
	case l.alphaN && l.wide:
		return color.NRGBA64Model
	case l.alphaN:
		return color.NRGBAModel
	case l.wide:
		return color.RGBA64Model
	}
	return color.RGBAModel
}

// scaler maps a component's samples (signed or not, of any precision) to
// 16 bits.
type scaler struct {
	off  int32  // added to signed samples
	max  uint32 // largest sample value after the offset
	bits uint
}

func newScaler(c *C.opj_image_comp_t) scaler {
	s := scaler{bits: uint(c.prec), max: 1<<uint(c.prec) - 1}
	if c.sgnd != 0 {
		s.off = 1 << (uint(c.prec) - 1)
	}
	return s
}

// to16 returns v scaled to 0..0xFFFF, clamping out-of-range samples (which
// lossy decoding can produce).
func (s scaler) to16(v int32) uint16 {
	v += s.off
	if v <= 0 {
		return 0
	}
	u := uint32(v)
	if u >= s.max {
		return 0xFFFF
	}
	if s.bits == 16 {
		return uint16(u)
	}
	return uint16((u*0xFFFF + s.max/2) / s.max)
}

// to8 returns v scaled to 0..0xFF.
func (s scaler) to8(v int32) uint8 {
	v += s.off
	if v <= 0 {
		return 0
	}
	u := uint32(v)
	if u >= s.max {
		return 0xFF
	}
	if s.bits == 8 {
		return uint8(u)
	}
	return uint8((u*0xFF + s.max/2) / s.max)
}

// convert copies the decoded samples into a Go image.
func (l layout) convert(img *C.opj_image_t) (image.Image, error) {
	cs := components(img)
	for i := range cs {
		if cs[i].data == nil {
			return nil, FormatError("component without decoded samples")
		}
	}
	sc := make([]scaler, len(cs))
	px := make([][]int32, len(cs))
	for i := range cs {
		sc[i] = newScaler(&cs[i])
		px[i] = samples(&cs[i])
	}
	r := image.Rect(0, 0, l.w, l.h)
	n := l.w * l.h
	switch {
	case l.n == 1 && !l.wide:
		m := image.NewGray(r)
		for i := 0; i < n; i++ {
			m.Pix[i] = sc[0].to8(px[0][i])
		}
		return m, nil
	case l.n == 1:
		m := image.NewGray16(r)
		for i := 0; i < n; i++ {
			v := sc[0].to16(px[0][i])
			m.Pix[2*i], m.Pix[2*i+1] = uint8(v>>8), uint8(v)
		}
		return m, nil
	}
	// Colour (or grey and alpha): gather 16-bit R, G, B, A per pixel.
	rgba := func(i int) (r, g, b, a uint16) {
		a = 0xFFFF
		switch l.n {
		case 2:
			r = sc[0].to16(px[0][i])
			g, b = r, r
			a = sc[1].to16(px[1][i])
			return
		case 4:
			a = sc[3].to16(px[3][i])
		}
		if l.ycc {
			r, g, b = yccToRGB(px[0][i], px[1][i], px[2][i], &cs[0], &cs[1], &cs[2])
			return
		}
		return sc[0].to16(px[0][i]), sc[1].to16(px[1][i]), sc[2].to16(px[2][i]), a
	}
	switch {
	case l.alphaN && l.wide:
		m := image.NewNRGBA64(r)
		for i := 0; i < n; i++ {
			r, g, b, a := rgba(i)
			m.SetNRGBA64(i%l.w, i/l.w, color.NRGBA64{r, g, b, a})
		}
		return m, nil
	case l.alphaN:
		m := image.NewNRGBA(r)
		for i := 0; i < n; i++ {
			r, g, b, a := rgba(i)
			copy(m.Pix[4*i:], []uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)})
		}
		return m, nil
	case l.wide:
		m := image.NewRGBA64(r)
		for i := 0; i < n; i++ {
			r, g, b, _ := rgba(i)
			m.SetRGBA64(i%l.w, i/l.w, color.RGBA64{r, g, b, 0xFFFF})
		}
		return m, nil
	}
	m := image.NewRGBA(r)
	for i := 0; i < n; i++ {
		r, g, b, _ := rgba(i)
		copy(m.Pix[4*i:], []uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xFF})
	}
	return m, nil
}

// yccToRGB converts one sYCC sample (IEC 61966-2-1 Amd 1, the full-range
// YCbCr of T.800 Annex I.5.3.3 EnumCS 18) to 16-bit RGB.
func yccToRGB(y, cb, cr int32, cy, ccb, ccr *C.opj_image_comp_t) (r, g, b uint16) {
	norm := func(v int32, c *C.opj_image_comp_t, chroma bool) float64 {
		p := uint(c.prec)
		max := float64(uint32(1)<<p - 1)
		f := float64(v)
		if c.sgnd != 0 {
			f += float64(int32(1) << (p - 1))
		}
		f /= max
		if chroma {
			f -= 0.5
		}
		return f
	}
	fy, fb, fr := norm(y, cy, false), norm(cb, ccb, true), norm(cr, ccr, true)
	clamp := func(f float64) uint16 {
		switch {
		case f <= 0:
			return 0
		case f >= 1:
			return 0xFFFF
		}
		return uint16(f*0xFFFF + 0.5)
	}
	return clamp(fy + 1.402*fr), clamp(fy - 0.344136*fb - 0.714136*fr), clamp(fy + 1.772*fb)
}

// Encode writes m to w as a JP2 file. Grey images are written as one
// component (8 bits, or 16 for [*image.Gray16]); others as RGB, with an
// alpha component when m is not opaque, 16 bits for the 64-bit colour
// types and 8 bits otherwise.
func Encode(w io.Writer, m image.Image, o *Options) error {
	b := m.Bounds()
	width, height := b.Dx(), b.Dy()
	if width <= 0 || height <= 0 {
		return FormatError("empty image")
	}
	if int64(width)*int64(height) > MaxPixels {
		return UnsupportedError(fmt.Sprintf("image larger than %d pixels", MaxPixels))
	}
	var opts Options
	if o != nil {
		opts = *o
	}
	ratio := opts.Ratio
	if ratio == 0 {
		ratio = DefaultRatio
	}
	if !opts.Lossless && ratio < 1 {
		return fmt.Errorf("jp2: compression ratio %g is below 1", ratio)
	}

	n, prec, cspace := encodingOf(m)
	img := C.bg_image_create(C.uint(n), C.uint(width), C.uint(height), C.uint(prec), cspace)
	if img == nil {
		return fmt.Errorf("jp2: out of memory")
	}
	defer C.opj_image_destroy(img)
	fill(img, m, n, prec)

	// Resolution levels: OpenJPEG's default of 6 (5 decompositions), fewer
	// for images smaller than 32 pixels on a side (each level halves them).
	numres := 6
	for numres > 1 && (width < 1<<(numres-1) || height < 1<<(numres-1)) {
		numres--
	}
	var sink C.bg_sink
	defer C.bg_sink_free(&sink)
	var log C.bg_log
	rc := C.bg_encode(img, boolInt(opts.Lossless), C.float(ratio), C.int(numres), &sink, &log)
	switch rc {
	case C.BG_OK:
	case C.BG_ERR_NOMEM:
		return fmt.Errorf("jp2: out of memory")
	default:
		return fmt.Errorf("jp2: encoding failed: %s", logText(&log, "no message from OpenJPEG"))
	}
	out := unsafe.Slice((*byte)(unsafe.Pointer(sink.buf)), int(sink.len))
	_, err := w.Write(out)
	return err
}

// encodingOf chooses the components, precision and colour space for m.
func encodingOf(m image.Image) (n, prec int, cspace C.int) {
	switch m.(type) {
	case *image.Gray:
		return 1, 8, C.OPJ_CLRSPC_GRAY
	case *image.Gray16:
		return 1, 16, C.OPJ_CLRSPC_GRAY
	}
	switch m.ColorModel() {
	case color.GrayModel:
		return 1, 8, C.OPJ_CLRSPC_GRAY
	case color.Gray16Model:
		return 1, 16, C.OPJ_CLRSPC_GRAY
	}
	n, prec = 3, 8
	switch m.(type) {
	case *image.RGBA64, *image.NRGBA64:
		prec = 16
	}
	if o, ok := m.(interface{ Opaque() bool }); !ok || !o.Opaque() {
		n = 4
	}
	return n, prec, C.OPJ_CLRSPC_SRGB
}

// fill copies m's pixels into the image's component buffers (C memory).
func fill(img *C.opj_image_t, m image.Image, n, prec int) {
	cs := components(img)
	px := make([][]int32, n)
	for i := range px {
		px[i] = samples(&cs[i])
	}
	b := m.Bounds()
	w := b.Dx()
	switch g := m.(type) {
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			dst := px[0][y*w : y*w+w]
			for x, v := range row {
				dst[x] = int32(v)
			}
		}
		return
	}
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := m.At(x, y)
			switch {
			case n == 1 && prec == 8:
				px[0][i] = int32(color.GrayModel.Convert(c).(color.Gray).Y)
			case n == 1:
				px[0][i] = int32(color.Gray16Model.Convert(c).(color.Gray16).Y)
			case prec == 8:
				nc := color.NRGBAModel.Convert(c).(color.NRGBA)
				px[0][i], px[1][i], px[2][i] = int32(nc.R), int32(nc.G), int32(nc.B)
				if n == 4 {
					px[3][i] = int32(nc.A)
				}
			default:
				nc := color.NRGBA64Model.Convert(c).(color.NRGBA64)
				px[0][i], px[1][i], px[2][i] = int32(nc.R), int32(nc.G), int32(nc.B)
				if n == 4 {
					px[3][i] = int32(nc.A)
				}
			}
			i++
		}
	}
}
