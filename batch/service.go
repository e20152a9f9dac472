package batch

import (
	"context"

	"github.com/biogate/biogate/internal/exchange"
)

// RunService is the service's exchange.BatchRunner (POST /v1/batches):
// one Job over the uploaded archive with one worker, so that a batch
// leaves the service's other requests their cores, and modernisation by
// Modernise. Files that fail are outcomes in the report; only a batch
// that could not run is an error.
func RunService(ctx context.Context, archive, out string, o exchange.BatchOptions) error {
	_, err := Run(ctx, Job{Op: Op(o.Op), Sources: []string{archive}, Out: out, Jobs: 1,
		To: o.To, Dialect: o.Dialect, Profile: o.Profile, Modernise: Modernise})
	return err
}

var _ exchange.BatchRunner = RunService
