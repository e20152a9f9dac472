package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/biogate/biogate/internal/datalock"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/match/backend/httpmatcher"
	"github.com/biogate/biogate/match/backend/natsmatch"
	"github.com/biogate/biogate/store"
	"github.com/spf13/cobra"
)

func init() {
	registerGroup("matcher", "run a matcher of its own, for the service's http matching backend")
	register("matcher", newMatcherServeCommand)
}

type matcherFlags struct {
	addr, data, tokenFile string
	nats, shard, stream   string // --nats mode (matcher_nats.go)
	subjectPrefix         string
	maxBody               byteSize
	maxSamples            int
	timeout               time.Duration
}

func newMatcherServeCommand(c *cli) *cobra.Command {
	f := matcherFlags{maxBody: httpmatcher.DefaultMaxBody}
	cmd := &cobra.Command{
		Use:   "serve (--addr HOST:PORT --data DIR | --nats URL --shard I/N) [flags]",
		Short: "serve the embedded matcher over Biogate's matcher protocol, or as a shard over NATS",
		Long: `matcher serve runs the embedded matcher in a process of its own and serves it
over Biogate's matcher protocol (match/backend/httpmatcher/openapi.json), for a
service whose partner configuration names a backend of type "http" with this
address. Its enrolments are in the store of DIR, durable before each is
acknowledged; the index is rebuilt from them at start.

Every request must carry the secret of --token-file as a bearer token; without
--token-file only a loopback address is served. The address is printed when
serving starts (a port of 0 takes a free one); SIGINT or SIGTERM stops it after
the requests in progress.

With --nats URL --shard I/N it is instead shard I of N of a service's
backend of type "nats" (whose "shards" is N): it keeps the subjects of the
gallery stream whose hash modulo N is I, rebuilt by replaying the stream at
start (no data folder: the stream is its store), and answers the searches
and verifications the gateways send over NATS once it has caught up. Run
one process per shard (and more for a standby: they share the shard's
requests); a search needs every shard. --stream and --subject-prefix must
be the backend's "stream" and "subjectPrefix".`,
		Args: noArgs,
		RunE: runs(func([]string) int {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if f.nats != "" {
				return c.matcherServeNATS(ctx, f)
			}
			return c.matcherServe(ctx, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "", "`HOST:PORT` to listen on")
	fl.StringVar(&f.data, "data", "", "data `DIR` of the matcher's store (one process at a time; not a service's folder in use)")
	fl.StringVar(&f.tokenFile, "token-file", "", "`FILE` holding the shared secret (one line, 16 to 4096 printable characters) clients send as a bearer token")
	fl.Var(&f.maxBody, "max-body", "largest request body (`SIZE` with K, M or G)")
	fl.IntVar(&f.maxSamples, "max-samples", httpmatcher.DefaultMaxSamples, "most samples (`N`) in one request")
	fl.DurationVar(&f.timeout, "timeout", httpmatcher.DefaultServerTimeout, "longest time the matcher works on one request (then 503, retryable)")
	fl.StringVar(&f.nats, "nats", "", "NATS server `URL`(s) (nats://HOST:4222, comma-separated): serve as a shard of a nats backend")
	fl.StringVar(&f.shard, "shard", "", "with --nats, the shard served: `I/N` (0 <= I < N)")
	fl.StringVar(&f.stream, "stream", natsmatch.DefaultStream, "with --nats, the gallery stream's `NAME`")
	fl.StringVar(&f.subjectPrefix, "subject-prefix", natsmatch.DefaultPrefix, "with --nats, the `PREFIX` of the backend's subjects")
	return cmd
}

// matcherServe serves the embedded backend of f.data until ctx is done.
func (c *cli) matcherServe(ctx context.Context, f matcherFlags) int {
	log := slog.New(slog.NewJSONHandler(c.stderr, nil))
	if f.addr == "" || f.data == "" {
		c.failf("matcher serve: --addr and --data are required (or --nats and --shard)")
		return exitUnusable
	}
	var token string
	if f.tokenFile != "" {
		var err error
		if token, err = httpmatcher.ReadToken(f.tokenFile); err != nil {
			c.failf("matcher serve: --token-file: %v", err)
			return exitUnusable
		}
	} else if err := loopbackOnly(f.addr); err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	if f.maxSamples < 1 || f.timeout <= 0 {
		c.failf("matcher serve: --max-samples must be at least 1 and --timeout positive")
		return exitUnusable
	}
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	// One process per data folder, as for serve (internal/datalock).
	lock, err := datalock.Acquire(f.data)
	if err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	defer lock.Release()
	st, err := store.Open(f.data)
	if err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	defer st.Close()
	b, err := embedded.New(st, embedded.Options{Log: log})
	if err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	defer b.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	h := httpmatcher.NewHandler(b, httpmatcher.ServerOptions{Token: token, MaxBody: int64(f.maxBody),
		MaxSamples: f.maxSamples, Timeout: f.timeout, Logger: log})
	srv := &http.Server{
		Handler: h,
		// Every request bounded in time: its header, its body (the
		// largest at a modest rate), and the answer after the work.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       f.timeout,
		WriteTimeout:      f.timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(c.stdout, "biogate: matcher serving on http://%s (data %s)\n", ln.Addr(), f.data)
	log.Info("matcher serving", "addr", ln.Addr().String(), "data", f.data, "token", token != "")
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		c.failf("matcher serve: %v", err)
		return exitFailed
	case <-ctx.Done():
	}
	log.Info("matcher stopping: finishing the requests in progress")
	sctx, cancel := context.WithTimeout(context.Background(), f.timeout+10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		c.failf("matcher serve: shutdown: %v", err)
		return exitFailed
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		c.failf("matcher serve: %v", err)
		return exitFailed
	}
	return exitOK
}

// loopbackOnly refuses an address other machines could reach: a matcher
// without a token must not be one.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %s is not a loopback address: a matcher other machines can reach needs --token-file", addr)
}
