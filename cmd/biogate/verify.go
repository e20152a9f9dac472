package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/sign"
)

const verifyUsage = "verify --keys JWKS FILE"

// runVerify checks the Biogate signature of a transaction against trusted
// public keys: exit 0 verified, 1 signature invalid, untrusted or missing,
// 2 unreadable input or keys.
func runVerify(c *cli, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	keysFile := fs.String("keys", "", "the trusted public keys (JWK set)")
	pos, err := parseArgs(fs, args)
	if err == nil {
		_, err = oneFile(pos)
	}
	if err == nil && *keysFile == "" {
		err = fmt.Errorf("--keys is required")
	}
	if err != nil {
		c.failf("verify: %v (usage: biogate %s)", err, verifyUsage)
		return exitUnusable
	}
	kb, err := os.ReadFile(*keysFile)
	if err != nil {
		c.failf("verify: %v", err)
		return exitUnusable
	}
	trusted, err := sign.ParseKeySet(kb)
	if err != nil {
		c.failf("verify: %s: %v", *keysFile, err)
		return exitUnusable
	}
	name := pos[0]
	b, err := c.readInput(name)
	if err != nil {
		c.failf("verify: %v", err)
		return exitUnusable
	}
	var res *sign.Result
	if sniff.Format(b) == sniff.AN2 {
		// The bytes received are the bytes checked.
		res, err = sign.VerifyBytes(b, trusted)
		if res == nil && err != nil && !isSignError(err) {
			c.failf("verify: %s: %v", name, err)
			return exitUnusable
		}
	} else {
		l, lerr := loadTransaction(b, false)
		if lerr != nil {
			c.failf("verify: %s: %v", name, lerr)
			return exitUnusable
		}
		res, err = sign.Verify(l.t, trusted)
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
