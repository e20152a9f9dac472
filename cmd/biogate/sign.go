package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	nistxml "github.com/biogate/biogate/xml"
)

const signUsage = "sign --key KEY.jwk [-o OUT] [--to an2|json|xml] [--source SRC] [--replace] FILE"

// runSign signs a transaction with a private JWK: xx.996 HAS on every
// image record and a Type-98 record carrying the JWS (package sign).
func runSign(c *cli, args []string) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	keyFile := fs.String("key", "", "the private key (JWK)")
	out := fs.String("o", "-", "output file, - for standard output")
	to := fs.String("to", sniff.AN2, "output format: an2, json or xml (the signature survives either)")
	source := fs.String("source", "", "98.004 SRC, the signing agency (default: 1.008 ORI)")
	replace := fs.Bool("replace", false, "replace a Biogate signature the transaction already carries")
	strict := false
	l, name, code := c.openArgs(fs, args, signUsage, &strict, func() error {
		switch {
		case *keyFile == "":
			return fmt.Errorf("--key is required")
		case *to != sniff.AN2 && *to != sniff.JSON && *to != sniff.XML:
			return fmt.Errorf("--to %s is not one of an2, json, xml", *to)
		}
		return nil
	})
	if code != exitOK {
		return code
	}
	kb, err := os.ReadFile(*keyFile)
	if err != nil {
		c.failf("sign: %v", err)
		return exitUnusable
	}
	key, err := sign.ParseKey(kb)
	if err != nil {
		c.failf("sign: %s: %v", *keyFile, err)
		return exitUnusable
	}
	for _, p := range l.problems {
		fmt.Fprintf(c.stderr, "biogate: sign: %s: warning: %v\n", name, p)
	}
	if v, ok := l.t.Header().Version(); ok && v < nist.V0500 {
		fmt.Fprintf(c.stderr, "biogate: sign: %s: warning: VER %s predates the Type-98 record and xx.996 HAS (ANSI/NIST-ITL 1-2011); a validator of that version will reject them\n", name, v)
	}
	if err := sign.Sign(l.t, key, &sign.Options{Source: *source, Replace: *replace}); err != nil {
		c.failf("sign: %s: %v", name, err)
		return exitFailed
	}
	var buf bytes.Buffer
	switch *to {
	case sniff.AN2:
		err = nist.Encode(&buf, l.t)
	case sniff.JSON:
		err = nist.EncodeJSON(&buf, l.t)
	case sniff.XML:
		_, err = nistxml.Encode(&buf, l.t, nil)
	}
	if err != nil {
		c.failf("sign: %s: %v", name, err)
		return exitFailed
	}
	if err := c.output(*out, buf.Bytes()); err != nil {
		c.failf("sign: %v", err)
		return exitUnusable
	}
	return exitOK
}
