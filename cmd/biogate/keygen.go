package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/biogate/biogate/internal/atomicfile"
	"github.com/biogate/biogate/sign"
	"github.com/spf13/cobra"
)

func init() { register("", newKeygenCommand) }

func newKeygenCommand(c *cli) *cobra.Command {
	var algName, out string
	cmd := &cobra.Command{
		Use:   "keygen --out KEY.jwk [flags]",
		Short: "make a signing key and its public JWK set",
		Long: `keygen writes a new private signing key (KEY.jwk, mode 0600, never over an existing
file) and, beside it, KEY.pub.jwks, the public JWK set to give to partners.`,
		Args: noArgs,
		RunE: runs(func([]string) int { return c.keygen(algName, out) }),
	}
	cmd.Flags().StringVar(&algName, "alg", "ES256", "signature `ALGORITHM`: ES256, EdDSA or RS256")
	cmd.Flags().StringVar(&out, "out", "", "the private key `FILE` to write (KEY.jwk, required); KEY.pub.jwks is written beside it")
	return cmd
}

func (c *cli) keygen(algName, out string) int {
	if out == "" {
		c.failf("keygen: --out is required (see biogate keygen --help)")
		return exitUnusable
	}
	alg, err := sign.ParseAlgorithm(algName)
	if err != nil {
		c.failf("keygen: --alg %s is not one of ES256, EdDSA, RS256 (see biogate keygen --help)", algName)
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
	pubName := publicKeysName(out)
	// O_EXCL: never overwrite a key.
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
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
		err = atomicfile.WriteFile(pubName, append(pubJSON, '\n'), 0o666)
	}
	if err != nil {
		c.failf("keygen: %v", err)
		return exitUnusable
	}
	fmt.Fprintf(c.stdout, "%s key %s: private %s, public %s\n", alg, key.KeyID(), out, pubName)
	return exitOK
}

// publicKeysName returns KEY.pub.jwks for KEY.jwk (or KEY).
func publicKeysName(out string) string {
	return strings.TrimSuffix(out, ".jwk") + ".pub.jwks"
}
