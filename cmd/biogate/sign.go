package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	nistxml "github.com/biogate/biogate/xml"
	"github.com/spf13/cobra"
)

func init() { register("", newSignCommand) }

type signFlags struct {
	keyFile, out, to, source string
	replace                  bool
	in                       inputFlags
}

func newSignCommand(c *cli) *cobra.Command {
	var f signFlags
	cmd := &cobra.Command{
		Use:   "sign --key KEY.jwk [flags] FILE",
		Short: "sign a transaction (xx.996 HAS on image records, a Type-98 record with the JWS)",
		Args:  oneFile,
		RunE:  runs(func(args []string) int { return c.sign(args[0], &f) }),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.keyFile, "key", "", "the private signing key `KEY.jwk` (required; biogate keygen makes one)")
	fl.StringVarP(&f.out, "output", "o", "-", "output `FILE`, - for standard output (written atomically; a device, FIFO or symbolic link is refused)")
	fl.StringVar(&f.to, "to", sniff.AN2, "output `FORMAT`: an2, json or xml (the signature survives each)")
	fl.StringVar(&f.source, "source", "", "98.004 SRC, the signing `AGENCY` (default: 1.008 ORI)")
	fl.BoolVar(&f.replace, "replace", false, "replace a Biogate signature the transaction already carries")
	f.in.add(cmd)
	return cmd
}

// sign signs a transaction with a private JWK (package sign).
func (c *cli) sign(name string, f *signFlags) int {
	switch {
	case f.keyFile == "":
		c.failf("sign: --key is required (see biogate sign --help)")
		return exitUnusable
	case f.to != sniff.AN2 && f.to != sniff.JSON && f.to != sniff.XML:
		c.failf("sign: --to %s is not one of an2, json, xml (see biogate sign --help)", f.to)
		return exitUnusable
	}
	l, code := c.load("sign", name, f.in.maxSize, nil)
	if code != exitOK {
		return code
	}
	if l.Transaction == nil {
		c.failf("sign: %s: the input is %s, not a transaction", name, l.Format)
		return exitUnusable
	}
	kb, err := os.ReadFile(f.keyFile)
	if err != nil {
		c.failf("sign: %v", err)
		return exitUnusable
	}
	key, err := sign.ParseKey(kb)
	if err != nil {
		c.failf("sign: %s: %v", f.keyFile, err)
		return exitUnusable
	}
	for _, n := range l.Notes() {
		c.failf("sign: %s: warning: %s", name, n)
	}
	if v, ok := l.Transaction.Header().Version(); ok && v < nist.V0500 {
		fmt.Fprintf(c.stderr, "biogate: sign: %s: warning: VER %s predates the Type-98 record and xx.996 HAS (ANSI/NIST-ITL 1-2011); a validator of that version will reject them\n", name, v)
	}
	if err := sign.Sign(l.Transaction, key, &sign.Options{Source: f.source, Replace: f.replace}); err != nil {
		c.failf("sign: %s: %v", name, err)
		return exitFailed
	}
	var buf bytes.Buffer
	switch f.to {
	case sniff.AN2:
		err = nist.Encode(&buf, l.Transaction)
	case sniff.JSON:
		err = nist.EncodeJSON(&buf, l.Transaction)
	case sniff.XML:
		_, err = nistxml.Encode(&buf, l.Transaction, nil)
	}
	if err != nil {
		c.failf("sign: %s: %v", name, err)
		return exitFailed
	}
	return c.writeOutput("sign", f.out, buf.Bytes())
}
