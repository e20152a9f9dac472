package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
)

func runConvert(c *cli, args []string) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	to := fs.String("to", "", "output format: an2 or json")
	out := fs.String("o", "-", "output file (- for standard output)")
	strict := fs.Bool("strict", false, "refuse input with any decoding problem")
	l, name, code := c.openArgs(fs, args, "convert --to an2|json [-o OUT] [--strict] FILE", strict, func() error {
		switch *to {
		case "":
			return fmt.Errorf("--to is required")
		case sniff.AN2, sniff.JSON:
			return nil
		}
		return fmt.Errorf("--to %s is not supported; this build converts transactions to an2 or json", *to)
	})
	if code != exitOK {
		return code
	}
	for _, p := range l.problems {
		fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: %v\n", name, p)
	}
	var buf bytes.Buffer
	var err error
	if *to == sniff.AN2 {
		err = nist.Encode(&buf, l.t)
	} else {
		err = nist.EncodeJSON(&buf, l.t)
	}
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	if *out == "-" {
		_, err = c.stdout.Write(buf.Bytes())
	} else {
		err = writeFileAtomic(*out, buf.Bytes())
	}
	if err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	return exitOK
}

// writeFileAtomic writes b to name through a temporary file in the same
// folder, synced and renamed, so a reader never sees half a file.
func writeFileAtomic(name string, b []byte) error {
	f, err := os.CreateTemp(dirOf(name), ".biogate-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func dirOf(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if os.IsPathSeparator(name[i]) {
			return name[:i+1]
		}
	}
	return "."
}
