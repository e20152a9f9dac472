package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/sign"
	"github.com/spf13/cobra"
)

func init() { register("", newVerifyCommand) }

func newVerifyCommand(c *cli) *cobra.Command {
	var (
		keysFile string
		in       inputFlags
	)
	cmd := &cobra.Command{
		Use:   "verify --keys JWKS [flags] FILE",
		Short: "check a transaction's signature against trusted keys",
		Long: `verify checks the Biogate signature of a transaction against trusted public keys:
exit 0 verified, 1 signature invalid, untrusted or missing, 2 unreadable input or keys.`,
		Args: oneFile,
		RunE: runs(func(args []string) int { return c.verify(args[0], keysFile, in.maxSize) }),
	}
	cmd.Flags().StringVar(&keysFile, "keys", "", "the trusted public keys, a `JWKS` file (required)")
	in.add(cmd)
	return cmd
}

func (c *cli) verify(name, keysFile string, max byteSize) int {
	if keysFile == "" {
		c.failf("verify: --keys is required (see biogate verify --help)")
		return exitUnusable
	}
	kb, err := os.ReadFile(keysFile)
	if err != nil {
		c.failf("verify: %v", err)
		return exitUnusable
	}
	trusted, err := sign.ParseKeySet(kb)
	if err != nil {
		c.failf("verify: %s: %v", keysFile, err)
		return exitUnusable
	}
	l, code := c.load("verify", name, max, nil)
	if code != exitOK {
		return code
	}
	if l.Transaction == nil {
		c.failf("verify: %s: the input is %s, not a transaction", name, l.Format)
		return exitUnusable
	}
	var res *sign.Result
	if l.Format == sniff.AN2 {
		// The bytes received are the bytes checked.
		res, err = sign.VerifyBytes(l.Bytes(), trusted)
		if res == nil && err != nil && !isSignError(err) {
			c.failf("verify: %s: %v", name, err)
			return exitUnusable
		}
	} else {
		res, err = sign.Verify(l.Transaction, trusted)
	}
	if err != nil {
		c.failf("verify: %s: %v", name, err)
		return exitFailed
	}
	fmt.Fprintf(c.stdout, "%s: verified: %s signature by key %s in record %d (Type-98, IDC %d), source %s, %s; %d records, %d bytes covered, %d image hashes checked\n",
		name, res.Algorithm, res.KeyID, res.Record+1, res.IDC, res.Source, res.Created, res.Covered, res.Bytes, res.Hashes)
	return exitOK
}

// isSignError reports whether err is a verification outcome rather than
// unreadable input.
func isSignError(err error) bool {
	for _, e := range []error{sign.ErrNoSignature, sign.ErrMalformed, sign.ErrUntrusted, sign.ErrInvalid, sign.ErrHash} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
