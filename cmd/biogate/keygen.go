package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/biogate/biogate/sign"
)

const keygenUsage = "keygen --alg ES256|EdDSA|RS256 --out KEY.jwk"

// runKeygen writes a new private signing key (KEY.jwk, mode 0600) and,
// beside it, KEY.pub.jwks, the public JWK set to give to partners.
func runKeygen(c *cli, args []string) int {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	algName := fs.String("alg", "ES256", "signature algorithm: ES256, EdDSA or RS256")
	out := fs.String("out", "", "the private key file to write (KEY.jwk); KEY.pub.jwks is written beside it")
	pos, err := parseArgs(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err == nil && *out == "" {
		err = fmt.Errorf("--out is required")
	}
	alg, aerr := sign.ParseAlgorithm(*algName)
	if err == nil && aerr != nil {
		err = fmt.Errorf("--alg %s is not one of ES256, EdDSA, RS256", *algName)
	}
	if err != nil {
		c.failf("keygen: %v (usage: biogate %s)", err, keygenUsage)
		return exitUnusable
	}
	key, err := sign.GenerateKey(alg)
	if err != nil {
		c.failf("keygen: %v", err)
		return exitFailed
	}
	pub, err := sign.PublicSet(key)
	if err != nil {
		c.failf("keygen: %v", err)
		return exitFailed
	}
	priv, err := json.MarshalIndent(key, "", "  ")
	if err != nil {
		c.failf("keygen: %v", err)
		return exitFailed
	}
	pubJSON, err := json.MarshalIndent(pub, "", "  ")
	if err != nil {
		c.failf("keygen: %v", err)
		return exitFailed
	}
	pubName := publicKeysName(*out)
	// O_EXCL: never overwrite a key.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		c.failf("keygen: %v", err)
		return exitUnusable
	}
	_, err = f.Write(append(priv, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = writeFileAtomic(pubName, append(pubJSON, '\n'))
	}
	if err != nil {
		c.failf("keygen: %v", err)
		return exitUnusable
	}
	fmt.Fprintf(c.stdout, "%s key %s: private %s, public %s\n", alg, key.KeyID(), *out, pubName)
	return exitOK
}

// publicKeysName returns KEY.pub.jwks for KEY.jwk (or KEY).
func publicKeysName(out string) string {
	return strings.TrimSuffix(out, ".jwk") + ".pub.jwks"
}
