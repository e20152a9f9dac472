package main

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
)

// imageTargets maps the --to names of image formats (DESIGN.md) to the
// codec that writes them and the file extension used in a folder.
var imageTargets = map[string]struct {
	c   codec.Compression
	ext string
}{
	sniff.PNG:  {codec.PNG, ".png"},
	sniff.WSQ:  {codec.WSQ20, ".wsq"},
	sniff.JPEG: {codec.JPEGB, ".jpg"},
	sniff.JP2:  {codec.JP2, ".jp2"},
}

// imageOptions are the encoding flags of convert.
type imageOptions struct {
	bitrate  float64
	ppi      int
	quality  int
	ratio    float64
	lossless bool
}

func (o imageOptions) codec(target codec.Compression) (codec.Compression, *codec.Options) {
	if target == codec.JP2 && o.lossless {
		target = codec.JP2L
	}
	return target, &codec.Options{WSQBitrate: o.bitrate, WSQPPI: o.ppi, JPEGQuality: o.quality, JP2Ratio: o.ratio}
}

// convertImageFile converts an image file (WSQ, PNG, JPEG, JPEG 2000) to
// another image format.
func (c *cli) convertImageFile(name string, data []byte, to string, out string, o imageOptions) int {
	m, err := codec.Decode(data, codec.Unknown, nil)
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitUnusable
	}
	return c.writeImage(m, to, out, o)
}

func (c *cli) writeImage(m image.Image, to, out string, o imageOptions) int {
	comp, opts := o.codec(imageTargets[to].c)
	var buf bytes.Buffer
	if err := codec.Encode(&buf, m, comp, opts); err != nil {
		c.failf("convert: --to %s: %v", to, err)
		return exitFailed
	}
	if err := c.output(out, buf.Bytes()); err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	return exitOK
}

// output writes b to standard output ("-") or, atomically, to a file.
func (c *cli) output(out string, b []byte) error {
	if out == "-" {
		_, err := c.stdout.Write(b)
		return err
	}
	return writeFileAtomic(out, b)
}

// convertTransactionImages converts the image of record N (from 1, as
// inspect numbers records) or, with N = 0, every image record into the
// folder out.
func (c *cli) convertTransactionImages(l *loaded, name string, record int, to, out string, o imageOptions) int {
	t := l.t
	if record > 0 {
		if record > len(t.Records) {
			c.failf("convert: %s: --record %d: the transaction has %d records", name, record, len(t.Records))
			return exitUnusable
		}
		r := t.Records[record-1]
		im, ok := t.ImageOf(r)
		if !ok {
			c.failf("convert: %s: --record %d is a Type-%d record, which holds no image", name, record, r.Type)
			return exitFailed
		}
		m, err := convert.RecordImage(im)
		if err != nil {
			c.failf("convert: %s: record %d (Type-%d): %v", name, record, r.Type, err)
			return exitFailed
		}
		return c.writeImage(m, to, out, o)
	}
	if out == "-" {
		c.failf("convert: %s: without --record every image is written: give a folder with -o", name)
		return exitUnusable
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	written, failed := 0, 0
	for i, r := range t.Records {
		im, ok := t.ImageOf(r)
		if !ok || len(im.Data()) == 0 {
			continue
		}
		idc, _ := im.IDC()
		file := filepath.Join(out, fmt.Sprintf("record%02d-type%d-idc%02d%s", i+1, r.Type, idc, imageTargets[to].ext))
		m, err := convert.RecordImage(im)
		if err == nil {
			if code := c.writeImage(m, to, file, o); code != exitOK {
				failed++
				continue
			}
			written++
			continue
		}
		c.failf("convert: %s: record %d (Type-%d): %v", name, i+1, r.Type, err)
		failed++
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
