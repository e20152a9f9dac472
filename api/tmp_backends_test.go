package api

import (
	"log/slog"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/store"
)

// openBackendsForTest: TEMPORARY until the core opens embedded backends.
func openBackendsForTest(cfg *exchange.Config, st *store.Bolt, log *slog.Logger) (exchange.Backends, error) {
	if len(cfg.Backends) == 0 || cfg.Backends[0].Type == "embedded" {
		b, err := embedded.New(st, embedded.Options{Log: log})
		if err != nil {
			return nil, err
		}
		return exchange.Backends{{Name: "embedded", Backend: b}}, nil
	}
	return exchange.OpenBackends(cfg, st, log)
}
