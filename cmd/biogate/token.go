package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/biogate/biogate/internal/auth"
)

const tokenUsage = "token --data DIR --partner NAME [--scope submit,read,convert,admin] [--ttl 24h]"

// runToken mints a token signed with the development key of a data
// folder (made by serve --dev).
func runToken(c *cli, args []string) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	data := fs.String("data", "biogate-data", "data folder holding "+devKeyFile+" (made by serve --dev)")
	partner := fs.String("partner", "", "partner the token speaks for")
	scope := fs.String("scope", strings.Join(auth.AllScopes, ","), "scopes, comma-separated: submit, read, convert, admin")
	ttl := fs.Duration("ttl", 24*time.Hour, "how long the token is valid")
	pos, err := parseArgs(fs, args)
	var scopes []string
	if err == nil {
		switch {
		case len(pos) > 0:
			err = fmt.Errorf("unexpected argument %q", pos[0])
		case *partner == "":
			err = errors.New("--partner is required")
		case *ttl <= 0:
			err = errors.New("--ttl must be positive")
		}
	}
	if err == nil {
		for _, s := range strings.Split(*scope, ",") {
			s = strings.TrimSpace(s)
			if !slices.Contains(auth.AllScopes, s) {
				err = fmt.Errorf("--scope: %q is not one of %s", s, strings.Join(auth.AllScopes, ", "))
				break
			}
			scopes = append(scopes, s)
		}
	}
	if err != nil {
		c.failf("token: %v (usage: biogate %s)", err, tokenUsage)
		return exitUnusable
	}
	tok, err := mintDev(*data, *partner, scopes, *ttl)
	if err != nil {
		c.failf("token: %v", err)
		return exitUnusable
	}
	fmt.Fprintln(c.stdout, tok)
	return exitOK
}

// mintDev signs a token of the development issuer with DATA/dev-key.jwk.
func mintDev(data, partner string, scopes []string, ttl time.Duration) (string, error) {
	name := filepath.Join(data, devKeyFile)
	key, err := auth.ReadKey(name)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%s: no development key (run biogate serve --dev --data %s once)", name, data)
	}
	if err != nil {
		return "", err
	}
	return auth.Mint(key, auth.Claims{Issuer: devIssuer, Partner: partner, Scopes: scopes, TTL: ttl})
}
