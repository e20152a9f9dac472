package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fvc(t *testing.T, names ...string) []string {
	t.Helper()
	var out []string
	for _, n := range names {
		p := filepath.Join(corpusDir, "fingerprints", "fvc2002-db1-b", n)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("corpus not available: %v", err)
		}
		out = append(out, p)
	}
	return out
}

// TestMatchUnreadable: an unreadable argument stops match with exit 2,
// one line on standard error and nothing on standard output.
func TestMatchUnreadable(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a fingerprint\n"), 0o644)
	cut := filepath.Join(dir, "cut.tif")
	b, err := os.ReadFile(fvc(t, "101_1.tif")[0])
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cut, b[:200], 0o644)
	probe := fvc(t, "101_1.tif")[0]
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"match", probe, filepath.Join(dir, "absent.wsq")}, "no such file"},
		{"text file", []string{"match", probe, text}, "not an image, transaction or ISO/INCITS record"},
		{"truncated TIFF", []string{"match", cut, probe}, "cut.tif"},
		{"folder", []string{"match", "--cross", probe, dir}, "folder"},
		{"one file", []string{"match", probe}, "at least two files"},
	} {
		code, out, errOut := biogate(t, nil, tc.args...)
		lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
		if code != exitUnusable || out != "" || len(lines) != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, one line with %q", tc.name, code, out, errOut, tc.want)
		}
	}
}

// TestMatchOutput: one line per candidate in argument order, the genuine
// pair above the impostor; --cross gives every ordered pair.
func TestMatchOutput(t *testing.T) {
	files := fvc(t, "101_1.tif", "101_2.tif", "102_1.tif")
	code, out, _ := biogate(t, nil, "match", files[0], files[1], files[2])
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "\t"+files[1]) || !strings.HasSuffix(lines[1], "\t"+files[2]) {
		t.Fatalf("output %q", out)
	}
	if genuine, impostor := lines[0][:strings.Index(lines[0], "\t")], lines[1][:strings.Index(lines[1], "\t")]; genuine <= impostor {
		t.Errorf("genuine score %s not above impostor %s", genuine, impostor)
	}
	code, out, _ = biogate(t, nil, "match", "--cross", files[0], files[1], files[2])
	lines = strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != exitOK || len(lines) != 6 {
		t.Fatalf("--cross: exit %d, %d lines", code, len(lines))
	}
	if f := strings.Split(lines[2], "\t"); len(f) != 3 || f[1] != files[1] || f[2] != files[0] {
		t.Errorf("--cross line 3 %q, want SCORE, %s, %s", lines[2], files[1], files[0])
	}
}

// TestExtractFormats writes each template format and reads it back with
// match: a template compared with the image it came from scores high.
func TestExtractFormats(t *testing.T) {
	img := fvc(t, "101_1.tif")[0]
	dir := t.TempDir()
	for _, to := range []string{"iso19794-2:2011", "incits378:2009", "iso19794-2:2005", "an2"} {
		out := filepath.Join(dir, strings.ReplaceAll(to, ":", "-"))
		code, _, errOut := biogate(t, nil, "extract", "--to", to, "--tot", "CPS", "--dai", "D", "--ori", "O", "--tcn", "T", "-o", out, img)
		if code != exitOK {
			t.Fatalf("--to %s: exit %d: %s", to, code, errOut)
		}
		code, sout, errOut := biogate(t, nil, "match", out, img)
		if code != exitOK || !strings.HasPrefix(sout, "0.") {
			t.Fatalf("--to %s: match exit %d: %s %s", to, code, sout, errOut)
		}
		if sout < "0.5" {
			t.Errorf("--to %s: template against its own image scores %s", to, sout)
		}
	}
	if code, _, errOut := biogate(t, nil, "extract", "--to", "png", img); code != exitUnusable || !strings.Contains(errOut, "not a template format") {
		t.Errorf("--to png: exit %d, %q", code, errOut)
	}
}

// TestConvertWrapsImages: convert --to an2 IMAGE... makes one transaction
// with a Type-14 per image that validates.
func TestConvertWrapsImages(t *testing.T) {
	files := fvc(t, "101_1.tif", "101_2.tif")
	out := filepath.Join(t.TempDir(), "w.an2")
	args := append([]string{"convert", "--to", "an2", "--tot", "CPS", "--dai", "DAI1", "--ori", "ORI1", "--tcn", "TCN1", "--fgp", "2", "--ppi", "500", "--capture-date", "20260101", "-o", out}, files...)
	if code, _, errOut := biogate(t, nil, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, sout, errOut := biogate(t, nil, "validate", out)
	if code != exitOK {
		t.Fatalf("validate: exit %d: %s %s", code, sout, errOut)
	}
	code, sout, _ = biogate(t, nil, "inspect", out)
	if code != exitOK || strings.Count(sout, "Type-14") < 2 {
		t.Errorf("inspect: exit %d, %d Type-14 mentions", code, strings.Count(sout, "Type-14"))
	}
}

// TestMatchRefusedImage: a readable image the extractor refuses (smaller
// than a fingerprint) exits 1 with one line.
func TestMatchRefusedImage(t *testing.T) {
	probe := fvc(t, "101_1.tif")[0]
	tiny := filepath.Join(t.TempDir(), "tiny.pgm")
	os.WriteFile(tiny, []byte("P5 8 8 255\n"+strings.Repeat("\x80", 64)), 0o644)
	code, out, errOut := biogate(t, nil, "match", probe, tiny)
	if code != exitFailed || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "tiny.pgm") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line", code, out, errOut)
	}
}
