package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

const (
	sample    = "../../testdata/sample.an2"
	corpusDir = "../../../shared/corpus"
)

// biogate runs the command in-process and returns its exit code and output.
func biogate(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("../../testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/biogate -update to accept):\n%s", path, got)
	}
}

func TestInspectSample(t *testing.T) {
	code, out, errOut := biogate(t, nil, "inspect", sample)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	golden(t, "sample.an2.inspect.txt", out)

	code, out, _ = biogate(t, nil, "inspect", "--json", sample)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	golden(t, "sample.an2.inspect.json", out)
	var rep inspectReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Version != "0502" || len(rep.Records) != 4 || rep.Records[3].Fields[13].Binary.Width != 48 {
		t.Errorf("unexpected report: version %s, %d records", rep.Version, len(rep.Records))
	}
}

// TestConvertRoundTrip converts the sample to the JSON form and back through
// the CLI, with flags after the file as users type them.
func TestConvertRoundTrip(t *testing.T) {
	an2, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	code, js, errOut := biogate(t, nil, "convert", sample, "--to", "json")
	if code != exitOK {
		t.Fatalf("to json: exit %d: %s", code, errOut)
	}
	golden(t, "sample.json", js)
	out := filepath.Join(t.TempDir(), "back.an2")
	code, _, errOut = biogate(t, []byte(js), "convert", "--to", "an2", "-o", out, "-")
	if code != exitOK {
		t.Fatalf("to an2: exit %d: %s", code, errOut)
	}
	back, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, an2) {
		t.Fatal("an2 -> json -> an2 through the CLI is not byte-identical")
	}
}

func TestExitCodes(t *testing.T) {
	an2, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(an2, []byte("2.001:101"), []byte("2.001:100"), 1)
	tests := []struct {
		name   string
		stdin  []byte
		args   []string
		code   int
		stderr string
	}{
		{"no arguments", nil, nil, exitUnusable, ""},
		{"help", nil, []string{"help"}, exitOK, ""},
		{"unknown command", nil, []string{"frobnicate"}, exitUnusable, `unknown command "frobnicate"`},
		{"help of no command", nil, []string{"help", "nope"}, exitUnusable, `no command "nope"`},
		{"help of a command", nil, []string{"convert", "-h"}, exitOK, ""},
		{"flag without its value", nil, []string{"convert", sample, "--to"}, exitUnusable, "flag needs an argument: --to"},
		{"group without subcommand", nil, []string{"audit"}, exitUnusable, "expected a subcommand: report or verify"},
		{"inspect without file", nil, []string{"inspect"}, exitUnusable, "expected one input FILE"},
		{"inspect two files", nil, []string{"inspect", "a", "b"}, exitUnusable, "expected one input FILE, got 2"},
		{"unknown flag", nil, []string{"inspect", "--bogus", sample}, exitUnusable, "unknown flag: --bogus"},
		{"missing file", nil, []string{"inspect", "/nonexistent.an2"}, exitUnusable, "no such file"},
		{"not a transaction", []byte("hello"), []string{"inspect", "-"}, exitUnusable, "not in a format Biogate recognises"},
		{"truncated", an2[:50], []string{"inspect", "-"}, exitUnusable, "record 1 (Type-1), byte 50: input ends inside a field tag"},
		{"lenient inspect of a broken file", broken, []string{"inspect", "-"}, exitOK, ""},
		{"strict inspect of a broken file", broken, []string{"inspect", "--strict", "-"}, exitUnusable, "record 2 (Type-2), field 2.001, byte 198: LEN is 100"},
		{"convert without --to", nil, []string{"convert", sample}, exitUnusable, "--to is required"},
		{"convert to an unsupported format", nil, []string{"convert", "--to", "gif", sample}, exitUnusable, "--to gif is not supported"},
		{"convert to an unknown dialect", nil, []string{"convert", "--to", "xml", "--dialect", "1999", sample}, exitUnusable, "--dialect 1999 is not one of"},
		{"convert warns on problems", broken, []string{"convert", "--to", "an2", "-"}, exitOK, "warning: nist: record 2 (Type-2), field 2.001"},
		{"bad JSON form", []byte(`{"format":"biogate-an2","formatVersion":1,"records":[{"type":0,"fields":[]}]}`), []string{"inspect", "-"}, exitUnusable, "records[0].type"},
		{"truncated WSQ", []byte("\xff\xa0\xff\xa8"), []string{"inspect", "-"}, exitUnusable, "the input image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := biogate(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("stderr %q, want it to contain %q", errOut, tt.stderr)
			}
			if tt.code != exitOK && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("failure printed more than one line: %q", errOut)
			}
		})
	}
}

// TestInspectCorpus runs inspect (text and JSON) on every traditional file
// of the corpus: each is shown, except NIST's fail_decoder files, which
// exit 2 with one line naming what is broken.
func TestInspectCorpus(t *testing.T) {
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not available (%v); this test reads ../shared/corpus", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for s.Scan() {
		cols := strings.Split(s.Text(), "\t")
		if len(cols) < 6 || cols[5] != "an2-traditional" {
			continue
		}
		path := filepath.Join(corpusDir, cols[0])
		want := exitOK
		if strings.Contains(cols[0], "/fail_decoder/") {
			want = exitUnusable
		}
		for _, args := range [][]string{{"inspect", path}, {"inspect", "--json", path}} {
			code, out, errOut := biogate(t, nil, args...)
			if code != want {
				t.Errorf("%v: exit %d, want %d: %s", args, code, want, errOut)
			}
			if code == exitOK && !strings.Contains(out, "Type-1") && !strings.Contains(out, `"type": 1`) {
				t.Errorf("%v: output does not show the Type-1 record", args)
			}
		}
		n++
	}
	t.Logf("inspected %d corpus transactions", n)
}

// TestConvertXML converts the sample to XML in every dialect and back, and
// reads the INT-I samples of the corpus.
func TestConvertXML(t *testing.T) {
	an2, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2008", "2011", "inti", "2015"} {
		code, x, errOut := biogate(t, nil, "convert", "--to", "xml", "--dialect", d, sample)
		if code != exitOK || !strings.HasPrefix(x, "<?xml") {
			t.Fatalf("%s: exit %d: %s", d, code, errOut)
		}
		code, back, errOut := biogate(t, []byte(x), "convert", "--to", "an2", "-")
		if code != exitOK {
			t.Fatalf("%s: back: exit %d: %s", d, code, errOut)
		}
		if back != string(an2) {
			t.Errorf("%s: an2 -> xml -> an2 is not byte-identical", d)
		}
	}
	samples, _ := filepath.Glob(filepath.Join(corpusDir, "interpol-inti/XMLsamples/*.xml"))
	if len(samples) == 0 {
		t.Skip("corpus not available")
	}
	for _, s := range samples {
		for _, args := range [][]string{{"inspect", s}, {"convert", "--to", "an2", s}, {"convert", "--to", "json", s}} {
			if code, _, errOut := biogate(t, nil, args...); code != exitOK {
				t.Errorf("%v: exit %d: %s", args, code, errOut)
			}
		}
	}
}

// TestInspectISO inspects every ISO/IEC 19794 and INCITS record of the
// corpus, as text and as JSON.
func TestInspectISO(t *testing.T) {
	f, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	n := 0
	for _, line := range strings.Split(string(f), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) < 6 || !(strings.HasPrefix(cols[5], "iso19794-") || strings.HasPrefix(cols[5], "incits")) || strings.Contains(cols[5], "card") {
			continue
		}
		path := filepath.Join(corpusDir, cols[0])
		code, out, errOut := biogate(t, nil, "inspect", path)
		if code != exitOK || !strings.Contains(out, " record (") {
			t.Errorf("%s: exit %d: %s", cols[0], code, errOut)
		}
		code, out, errOut = biogate(t, nil, "inspect", "--json", path)
		var rep map[string]any
		if code != exitOK || json.Unmarshal([]byte(out), &rep) != nil || rep["format"] == "" {
			t.Errorf("%s --json: exit %d: %s", cols[0], code, errOut)
		}
		n++
	}
	card := filepath.Join(corpusDir, "biomdi-bt/ISOCC.min")
	if code, out, errOut := biogate(t, nil, "inspect", "--as", "iso19794-2:2005-card-compact", card); code != exitOK || !strings.Contains(out, "Minutiae[0]") {
		t.Errorf("compact card: exit %d: %s", code, errOut)
	}
	if code, _, errOut := biogate(t, []byte("FMR\x00 99\x00\x00\x00\x00\x00"), "inspect", "-"); code != exitUnusable || !strings.Contains(errOut, "inspect: -:") {
		t.Errorf("unknown edition: exit %d: %s", code, errOut)
	}
	t.Logf("inspected %d ISO/INCITS records", n)
}
