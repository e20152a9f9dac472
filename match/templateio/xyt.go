package templateio

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/biogate/biogate/match"
)

// XYTError is a problem in an .xyt file, with its line number.
type XYTError struct {
	Line int
	Msg  string
}

func (e *XYTError) Error() string { return fmt.Sprintf("xyt: line %d: %s", e.Line, e.Msg) }

// maxXYTMinutiae bounds what ReadXYT accepts: NBIS itself reads at most
// 1,000 minutiae per file (bozorth.h MAX_FILE_MINUTIAE).
const maxXYTMinutiae = 1000

// ReadXYT reads NBIS mindtct's text minutiae, one "x y theta quality" line
// per minutia, into a template of an image width × height pixels at ppi.
//
// NBIS's xyt conventions (mindtct lfs2nist_minutia_XYT in
// nbis/mindtct/src/lib/lfs/xytreps.c): the origin is the bottom-left
// corner, y = height - row; theta is in degrees counter-clockwise from
// east like 19794-2 but points the opposite way (out of the ridge ending
// or bifurcation valley), so the template's angle is theta + 180. The
// quality column is mindtct's reliability 0-100. The files name no
// minutia type: every minutia is Other.
func ReadXYT(r io.Reader, width, height int, ppi float64) (match.Template, error) {
	t := match.Template{Width: width, Height: height, PPI: ppi, Quality: -1}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256), 4096)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) < 3 || len(fs) > 4 {
			return t, &XYTError{line, fmt.Sprintf("%d columns, want x y theta [quality]", len(fs))}
		}
		var v [4]int
		v[3] = -1
		for i, s := range fs {
			n, err := strconv.Atoi(s)
			if err != nil {
				return t, &XYTError{line, fmt.Sprintf("column %d %q is not a whole number", i+1, s)}
			}
			v[i] = n
		}
		x, y, theta, q := v[0], v[1], v[2], v[3]
		row := height - y
		switch {
		case x < 0 || x >= width:
			return t, &XYTError{line, fmt.Sprintf("x %d outside the image width %d", x, width)}
		case row < 0 || row >= height:
			return t, &XYTError{line, fmt.Sprintf("y %d outside 1..%d (the image height, origin bottom-left)", y, height)}
		case q > 100:
			return t, &XYTError{line, fmt.Sprintf("quality %d above 100", q)}
		case len(t.Minutiae) == maxXYTMinutiae:
			return t, &XYTError{line, fmt.Sprintf("more than %d minutiae", maxXYTMinutiae)}
		}
		t.Minutiae = append(t.Minutiae, match.Minutia{
			X: x, Y: row,
			Angle:   float64(((theta+180)%360 + 360) % 360),
			Type:    match.Other,
			Quality: q,
		})
	}
	if err := sc.Err(); err != nil {
		return t, &XYTError{line + 1, err.Error()}
	}
	return t, nil
}
