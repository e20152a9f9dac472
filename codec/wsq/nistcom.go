package wsq

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"
)

// NISTCOM is the content of a NIST comment: the COM segment text that NIST's
// reference software writes into WSQ (and JPEG) files, "NIST_COM <n>"
// followed by one "KEY value" line per attribute, such as PIX_WIDTH,
// PIX_HEIGHT, PIX_DEPTH, PPI (-1 when unknown), LOSSY, COLORSPACE,
// COMPRESSION and WSQ_BITRATE. Fields keep their order; the NIST_COM header
// line is not a field.
type NISTCOM []Field

// A Field is one attribute of a NISTCOM comment.
type Field struct{ Key, Value string }

const nistcomHeader = "NIST_COM"

// ParseNISTCOM parses the text of a NISTCOM comment.
func ParseNISTCOM(text string) (NISTCOM, error) {
	lines := strings.Split(strings.TrimRight(text, "\x00"), "\n")
	key, _, _ := strings.Cut(strings.TrimSpace(lines[0]), " ")
	if key != nistcomHeader {
		return nil, errors.New("wsq: comment is not a NISTCOM")
	}
	n := NISTCOM{}
	for _, l := range lines[1:] {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, _ := strings.Cut(l, " ")
		n = append(n, Field{k, strings.TrimSpace(v)})
	}
	return n, nil
}

// Get returns the value of the first field with the given key.
func (n NISTCOM) Get(key string) (string, bool) {
	for _, f := range n {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// String formats the comment as NBIS does: the header with the number of
// lines (fields plus the header), then the fields, separated by newlines.
func (n NISTCOM) String() string {
	var b strings.Builder
	b.WriteString(nistcomHeader + " " + strconv.Itoa(len(n)+1))
	for _, f := range n {
		b.WriteString("\n" + f.Key + " " + f.Value)
	}
	return b.String()
}

// Metadata is the descriptive content of a WSQ stream's header.
type Metadata struct {
	Width, Height int
	// PPI is the resolution from the NISTCOM comment, -1 when unknown.
	PPI int
	// Comments holds every COM segment before the first block, in order.
	Comments []string
	// NISTCOM is the first NISTCOM comment, nil if there is none.
	NISTCOM NISTCOM
	// Encoder and Software are the encoder number and the software
	// implementation number of the frame header.
	Encoder  int
	Software int
}

// ReadMetadata reads the header of a WSQ stream, up to its first block.
func ReadMetadata(r io.Reader) (*Metadata, error) {
	sr := &streamReader{r: bufio.NewReader(r)}
	if _, err := sr.marker(true); err != nil {
		return nil, err
	}
	md := &Metadata{PPI: -1}
	haveFrame := false
	for {
		m, err := sr.marker(false)
		if err != nil {
			return nil, err
		}
		if m == markerSOB {
			if !haveFrame {
				return nil, formatErr(sr.off-2, "SOB", "block before the frame header")
			}
			return md, nil
		}
		p, err := sr.segment(m)
		if err != nil {
			return nil, err
		}
		switch m {
		case markerSOF:
			f, err := parseSOF(p)
			if err != nil {
				return nil, err
			}
			md.Width, md.Height = f.width, f.height
			md.Encoder, md.Software = int(f.encoder), int(f.software)
			haveFrame = true
		case markerCOM:
			c := string(p.b)
			md.Comments = append(md.Comments, c)
			if md.NISTCOM != nil {
				break
			}
			if n, err := ParseNISTCOM(c); err == nil {
				md.NISTCOM = n
				if v, ok := n.Get("PPI"); ok {
					if ppi, err := strconv.Atoi(v); err == nil {
						md.PPI = ppi
					}
				}
			}
		case markerDTT, markerDQT, markerDHT, markerDRT:
		default:
			return nil, formatErr(p.off-4, markerName(m), "unexpected %s marker before the first block", markerName(m))
		}
	}
}
