package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/biogate/biogate/internal/auth"
	"github.com/spf13/cobra"
)

func init() { register("", newTokenCommand) }

func newTokenCommand(c *cli) *cobra.Command {
	var (
		data, partner, scope string
		ttl                  time.Duration
	)
	cmd := &cobra.Command{
		Use:   "token --partner NAME [flags]",
		Short: "mint a partner token from the development key (made by serve --dev)",
		Args:  noArgs,
		RunE: runs(func([]string) int {
			var scopes []string
			err := func() error {
				switch {
				case partner == "":
					return errors.New("--partner is required")
				case ttl <= 0:
					return errors.New("--ttl must be positive")
				}
				for _, s := range strings.Split(scope, ",") {
					s = strings.TrimSpace(s)
					if !slices.Contains(auth.AllScopes, s) {
						return fmt.Errorf("--scope: %q is not one of %s", s, strings.Join(auth.AllScopes, ", "))
					}
					scopes = append(scopes, s)
				}
				return nil
			}()
			if err != nil {
				c.failf("token: %v (see biogate token --help)", err)
				return exitUnusable
			}
			return c.token(data, partner, scopes, ttl)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&data, "data", "biogate-data", "data `DIR` holding "+devKeyFile+" (made by serve --dev)")
	fl.StringVar(&partner, "partner", "", "the partner `NAME` the token speaks for (required)")
	fl.StringVar(&scope, "scope", strings.Join(auth.AllScopes, ","), "`SCOPES`, comma-separated: "+strings.Join(auth.AllScopes, ", "))
	fl.DurationVar(&ttl, "ttl", 24*time.Hour, "how long the token is valid")
	return cmd
}

func (c *cli) token(data, partner string, scopes []string, ttl time.Duration) int {
	tok, err := mintDev(data, partner, scopes, ttl)
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
