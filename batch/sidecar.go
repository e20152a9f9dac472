package batch

import (
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// MaxSidecarSize caps the bytes of a sidecar CSV read: a larger one is
// an error, never read further (about 300,000 lines of a typical size).
const MaxSidecarSize = 16 << 20

// Sidecar says what the file names of a folder of loose images do not:
// each image's finger position, resolution and impression type. It is a
// CSV file with the columns
//
//	file, position, ppi[, impression]
//
// file is the image's path relative to the source root ("scans/a.tif",
// with / or the system separator) or its base name ("a.tif", then every
// file of that name, in any folder, matches); position is the finger
// position code 0-15 (ANSI/NIST-ITL 1-2011 Table 8); ppi the resolution
// in pixels per inch (empty: as the image says); impression the
// impression type code (Table 7; empty or absent: as the image says). A
// first line whose first cell is "file" is a header.
type Sidecar struct {
	entries map[string]SidecarEntry // by cleaned, slash-separated name
	sum     [sha256.Size]byte       // of the CSV's bytes, for ModerniseOptions.Key
}

// SidecarEntry is one line of a Sidecar.
type SidecarEntry struct {
	Line       int     // the line of the CSV it came from
	Position   int     // Table 8 finger position code, 0-15
	PPI        float64 // 0: the image's own
	Impression int     // Table 7 impression type code; -1: the image's own
}

// SidecarError is a sidecar CSV that cannot be used: what and where.
type SidecarError struct {
	Name string // the file read ("" for a reader)
	Line int    // 0: the file as a whole
	Msg  string
}

func (e *SidecarError) Error() string {
	where := "sidecar"
	if e.Name != "" {
		where = e.Name
	}
	if e.Line > 0 {
		where += ":" + strconv.Itoa(e.Line)
	}
	return where + ": " + e.Msg
}

// LoadSidecar reads the sidecar CSV at name.
func LoadSidecar(name string) (*Sidecar, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadSidecar(f)
	var se *SidecarError
	if errors.As(err, &se) {
		se.Name = name
	}
	return s, err
}

// ReadSidecar reads a sidecar CSV of at most MaxSidecarSize bytes.
func ReadSidecar(r io.Reader) (*Sidecar, error) {
	lr := &io.LimitedReader{R: r, N: MaxSidecarSize + 1}
	h := sha256.New()
	cr := csv.NewReader(io.TeeReader(lr, h))
	cr.FieldsPerRecord = -1 // the impression column is optional
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	s := &Sidecar{entries: map[string]SidecarEntry{}}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if lr.N <= 0 {
			return nil, &SidecarError{Msg: fmt.Sprintf("larger than %d bytes", MaxSidecarSize)}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &SidecarError{Line: pe.Line, Msg: pe.Err.Error()}
			}
			return nil, &SidecarError{Msg: err.Error()}
		}
		line, _ := cr.FieldPos(0)
		if first && strings.EqualFold(strings.TrimSpace(rec[0]), "file") {
			continue // the header
		}
		name, e, err := sidecarEntry(rec, line)
		if err != nil {
			return nil, err
		}
		if prev, ok := s.entries[name]; ok {
			return nil, &SidecarError{Line: line, Msg: fmt.Sprintf("%s is given on line %d already", name, prev.Line)}
		}
		s.entries[name] = e
	}
	h.Sum(s.sum[:0])
	return s, nil
}

// sidecarEntry reads one line: file, position, ppi[, impression].
func sidecarEntry(rec []string, line int) (string, SidecarEntry, error) {
	bad := func(format string, a ...any) (string, SidecarEntry, error) {
		return "", SidecarEntry{}, &SidecarError{Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	if len(rec) < 3 || len(rec) > 4 {
		return bad("%d columns; want file, position, ppi and optionally impression", len(rec))
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	name := path.Clean(filepath.ToSlash(rec[0]))
	if rec[0] == "" || name == "." || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
		return bad("file %q is not a path relative to the source root", rec[0])
	}
	e := SidecarEntry{Line: line, Impression: -1}
	pos, err := strconv.Atoi(rec[1])
	if err != nil || pos < 0 || pos > 15 {
		return bad("position %q is not a finger position code 0-15 (ANSI/NIST-ITL 1-2011 Table 8)", rec[1])
	}
	e.Position = pos
	if rec[2] != "" {
		ppi, err := strconv.ParseFloat(rec[2], 64)
		if err != nil || !(ppi > 0 && ppi <= 65535) {
			return bad("ppi %q is not a resolution of 1 to 65535 pixels per inch", rec[2])
		}
		e.PPI = ppi
	}
	if len(rec) == 4 && rec[3] != "" {
		imp, err := strconv.Atoi(rec[3])
		if err != nil || imp < 0 || imp > 255 {
			return bad("impression %q is not an impression type code (ANSI/NIST-ITL 1-2011 Table 7)", rec[3])
		}
		e.Impression = imp
	}
	return name, e, nil
}

// Len is the number of files the sidecar describes.
func (s *Sidecar) Len() int {
	if s == nil {
		return 0
	}
	return len(s.entries)
}

// Lookup finds the entry of the file rel (relative to its source root,
// or any path ending in it): the longest of rel's trailing paths that
// the sidecar names wins, so "a/x.tif" beats "x.tif".
func (s *Sidecar) Lookup(rel string) (SidecarEntry, bool) {
	if s == nil || rel == "" {
		return SidecarEntry{}, false
	}
	rel = path.Clean(filepath.ToSlash(rel))
	for {
		if e, ok := s.entries[rel]; ok {
			return e, true
		}
		_, rest, ok := strings.Cut(rel, "/")
		if !ok {
			return SidecarEntry{}, false
		}
		rel = rest
	}
}

// The naming conventions a file name is read by. Only tokens that say
// what they are count: "fgp" and the Table 8 code ("r_fgp02.wsq",
// "s12-fgp7.png"), and a resolution followed by "ppi" ("a_1000ppi.tif").
// Bare number suffixes are not read: FVC's "101_1.tif" numbers the
// impression of a finger that is not named, NIST SD4's "f0001_01.png" a
// file, so "_01" names no finger unambiguously.
var (
	namePosition = regexp.MustCompile(`(?i)(?:^|[^a-z0-9])fgp[_-]?(\d{1,2})(?:[^0-9]|$)`)
	namePPI      = regexp.MustCompile(`(?i)(?:^|[^0-9])(\d{3,5})[_-]?ppi(?:[^a-z]|$)`)
)

// nameFacts reads the finger position and resolution a file name states
// (see namePosition and namePPI): position -1 and ppi 0 when it states
// none.
func nameFacts(rel string) (position int, ppi float64) {
	base := path.Base(filepath.ToSlash(rel))
	position = -1
	if m := namePosition.FindStringSubmatch(base); m != nil {
		if p, _ := strconv.Atoi(m[1]); p <= 15 {
			position = p
		}
	}
	if m := namePPI.FindStringSubmatch(base); m != nil {
		if v, _ := strconv.Atoi(m[1]); v > 0 && v <= 65535 {
			ppi = float64(v)
		}
	}
	return position, ppi
}
