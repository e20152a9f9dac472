package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/biogate/biogate/batch"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/biogate/biogate/api"
	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/atomicfile"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/datalock"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/matchers"
	"github.com/biogate/biogate/internal/natsq"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
	"github.com/spf13/cobra"
)

// Files of the data folder besides the store.
const (
	partnersFile = "partners.json"   // the partner configuration used when --config is not given
	devKeyFile   = "dev-key.jwk"     // --dev: the development token-signing key (private)
	devJWKSFile  = "dev-issuer.jwks" // --dev: its public half, the dev issuer's JWK set
	devSignKey   = "dev-sign.jwk"    // --dev: the service's development signing key (transactions, not tokens)
	devIssuer    = "biogate-dev"
	devPartner   = "local"
	devReviewer  = "reviewer" // --dev: a partner with the audit scope only (the review)
)

type serveFlags struct {
	addr, data, config string
	store              string // --store: a PostgreSQL URL, "" for the embedded store
	dev                bool
	tables             string
	signKey, trusted   string
	purgeInterval      time.Duration
	searchRetry        time.Duration
	opts               api.Options
	// Several gateway nodes (issue 16): the NATS job queue.
	nats, node, natsPrefix string
	ackWait                time.Duration
}

func init() { register("", newServeCommand) }

func newServeCommand(c *cli) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "run the REST service",
		Args:  noArgs,
		RunE: runs(func([]string) int {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return c.serve(ctx, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "`HOST:PORT` to listen on")
	fl.StringVar(&f.data, "data", "biogate-data", "data `DIR`: the store, the audit log, and by default the partner configuration")
	fl.StringVar(&f.store, "store", "", "keep the store and the audit log in the PostgreSQL database at `URL` (postgres://user@host:port/db?sslmode=...; several gateway nodes may share it) instead of DATA/"+store.FileName+" and DATA/"+audit.FileName)
	fl.StringVar(&f.config, "config", "", "partner configuration `FILE` (default DATA/"+partnersFile+" when present)")
	fl.StringVar(&f.tables, "tables", exchange.DefaultTables, "`DIR` holding the inti and ebts profile tables (interpol-inti/MRT, openebts)")
	fl.BoolVar(&f.dev, "dev", false, "create, when absent, a development token key, a partner \"local\" with every scope but audit, a partner \"reviewer\" with the audit scope only (the review) and (without --sign-key) a development transaction-signing key DATA/"+devSignKey+", and print a token")
	fl.StringVar(&f.signKey, "sign-key", "", "the service's own signing key `KEY.jwk` (biogate keygen): POST /v1/sign, and redacted copies of signed transactions")
	fl.StringVar(&f.trusted, "trusted-keys", "", "`JWKS` file of the partners' public keys POST /v1/verify trusts (the service's own key is always trusted)")
	fl.DurationVar(&f.purgeInterval, "purge-interval", time.Hour, "how often transactions past their partner's retention are purged (0: only on demand, POST /v1/admin/purge)")
	fl.DurationVar(&f.searchRetry, "search-retry", 30*time.Second, "how often search transactions still pending (their matching backend was down) are tried again (0: 30s)")
	fl.StringVar(&f.nats, "nats", "", "NATS `URL` (JetStream enabled) whose work queue this gateway shares with the other nodes: jobs (searches, enrolments, batches, the retention purge) go to any node, and a node that dies leaves its jobs to the others")
	fl.StringVar(&f.node, "node", "", "this node's `NAME` in logs and metrics (label node; default the host name and the listening port)")
	fl.StringVar(&f.natsPrefix, "nats-prefix", "", "with --nats: `PREFIX` of the stream, consumer and subject names, for several exchanges sharing one NATS account (every node of one exchange gives the same)")
	fl.DurationVar(&f.ackWait, "nats-ack-wait", 30*time.Second, "with --nats: how long a job of a node that stopped answering waits before another node takes it")
	fl.StringVar(&f.opts.BodyLimit, "body-limit", "64M", "largest request body (`SIZE` with K, M or G)")
	fl.DurationVar(&f.opts.Timeout, "timeout", 60*time.Second, "longest time one request may take")
	fl.IntVar(&f.opts.MaxInFlight, "max-in-flight", 0, "requests worked on at once (default 8 per CPU); more wait briefly, then get 503")
	fl.IntVar(&f.opts.MaxPerPartner, "max-per-partner", 0, "requests of one partner worked on at once (default half of --max-in-flight); more wait briefly, then get 503")
	fl.IntVar(&f.opts.BodyMinRate, "body-min-rate", 16<<10, "slowest average rate (`BYTES` per second) a request body may arrive at, after a 5 s grace; slower bodies get 408")
	return cmd
}

// serve runs the service until ctx is done.
func (c *cli) serve(ctx context.Context, f serveFlags) int {
	log := slog.New(slog.NewJSONHandler(c.stderr, nil))
	f.opts.Logger = log
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	// One process per data folder, decided before anything in it is
	// opened or written (the dev keys, the audit log and its head, the
	// store).
	lock, err := datalock.Acquire(f.data)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	defer lock.Release()
	if f.dev {
		if err := devSetup(f.data, f.config); err != nil {
			c.failf("serve: --dev: %v", err)
			return exitUnusable
		}
		if f.signKey == "" {
			f.signKey = filepath.Join(f.data, devSignKey)
			if err := devSignSetup(f.signKey); err != nil {
				c.failf("serve: --dev: %v", err)
				return exitUnusable
			}
		}
	}
	trust, err := loadTrust(f.signKey, f.trusted)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	// The store and the audit log (which must verify before anything is
	// served; see openStore).
	st, alog, err := openStore(ctx, f.store, f.data, log)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	defer alog.Close()
	defer st.Close()
	cfg, err := loadPartners(f.data, f.config)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	if len(cfg.Partners) == 0 {
		log.Warn("no partner is configured: every call under /v1 will be refused; give --config, or try --dev")
	}
	verifier, err := newVerifier(cfg)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	// The matching backends the configuration names (one embedded
	// backend on the store when it names none, its index rebuilt from
	// the store): opened after the store, closed before it.
	backends, err := matchers.Open(cfg, st, log)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	defer func() {
		if err := backends.Close(); err != nil {
			log.Error("closing the matching backends", "error", err)
		}
	}()
	opts := append(trust, exchange.WithLogger(log), exchange.WithAudit(alog), exchange.WithValidator(exchange.NewValidator(f.tables)),
		// POST /v1/batches keeps its uploads and outputs in DATA/batches (issue 14, item 3).
		exchange.WithBatchDir(filepath.Join(f.data, "batches")), exchange.WithBatchRunner(batch.RunService))
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	defer ln.Close()
	var queue *natsq.Queue
	if f.nats != "" {
		if queue, err = openQueue(ctx, &f, ln.Addr(), log); err != nil {
			c.failf("serve: --nats: %v", err)
			return exitUnusable
		}
		defer queue.Close()
		opts = append(opts, exchange.WithJobQueue(queue))
		f.opts.Collectors = append(f.opts.Collectors, queue.Collectors()...)
	}
	if f.searchRetry <= 0 {
		f.searchRetry = 30 * time.Second
	}
	// A job whose backend was down is tried again at least every
	// --search-retry: once the matcher is back, every pending search is
	// answered within that time.
	opts = append(opts, exchange.WithRetryMax(f.searchRetry))
	svc := exchange.New(st, cfg, append(opts, matchers.Options(backends)...)...)
	srv, err := api.New(svc, verifier, f.opts)
	if err != nil {
		c.failf("serve: %v", err)
		return exitUnusable
	}
	fmt.Fprintf(c.stdout, "biogate: serving on http://%s (data %s)\n", ln.Addr(), f.data)
	if f.dev {
		tok, err := mintDev(f.data, devPartner, auth.AllScopes, 24*time.Hour)
		if err != nil {
			c.failf("serve: --dev: %v", err)
			return exitUnusable
		}
		fmt.Fprintf(c.stdout, "biogate: token for partner %q (24 hours; biogate token --data %s mints more):\n%s\n", devPartner, f.data, tok)
		if tok, err = mintDev(f.data, devReviewer, []string{auth.ScopeAudit}, 24*time.Hour); err != nil {
			c.failf("serve: --dev: %v", err)
			return exitUnusable
		}
		fmt.Fprintf(c.stdout, "biogate: token for partner %q, scope audit only: the review (24 hours):\n%s\n", devReviewer, tok)
	}
	// Beside the service: the retention purge, and the worker answering
	// search transactions whose backends were down when they came (retried
	// every --search-retry). Both stop, and are waited for, before the
	// backends and the store close.
	rctx, stopWorkers := context.WithCancel(ctx)
	purged, searched, batched := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() { svc.RunRetention(rctx, f.purgeInterval); close(purged) }()
	go func() { svc.RunSearches(rctx, f.searchRetry); close(searched) }()
	go func() { svc.RunBatches(rctx); close(batched) }()
	queued := make(chan struct{})
	if queue != nil {
		// This node's share of the jobs: stopped (its jobs handed back)
		// before the backends and the store close.
		go func() { queue.Run(rctx, svc); close(queued) }()
	} else {
		close(queued)
	}
	defer func() { stopWorkers(); <-purged; <-searched; <-batched; <-queued }()
	if err := srv.Serve(ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
		c.failf("serve: %v", err)
		return exitFailed
	}
	return exitOK
}

// openQueue connects to the NATS work queue the gateway nodes share,
// naming this node --node or, by default, HOST:PORT (its host name and
// listening port, stable across restarts); its name labels the metrics.
func openQueue(ctx context.Context, f *serveFlags, addr net.Addr, log *slog.Logger) (*natsq.Queue, error) {
	if f.node == "" {
		host, _ := os.Hostname()
		_, port, _ := net.SplitHostPort(addr.String())
		f.node = host + ":" + port
	}
	f.opts.Node = f.node
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return natsq.Open(octx, natsq.Options{URL: f.nats, Prefix: f.natsPrefix, Node: f.node, AckWait: f.ackWait, Logger: log})
}

// loadTrust reads the service's signing key and the trusted partner keys.
func loadTrust(signKey, trusted string) ([]exchange.Option, error) {
	var opts []exchange.Option
	if signKey != "" {
		b, err := os.ReadFile(signKey)
		if err != nil {
			return nil, fmt.Errorf("--sign-key: %w", err)
		}
		key, err := sign.ParseKey(b)
		if err != nil {
			return nil, fmt.Errorf("--sign-key %s: %w", signKey, err)
		}
		opts = append(opts, exchange.WithSigningKey(key))
	}
	if trusted != "" {
		b, err := os.ReadFile(trusted)
		if err != nil {
			return nil, fmt.Errorf("--trusted-keys: %w", err)
		}
		set, err := sign.ParseKeySet(b)
		if err != nil {
			return nil, fmt.Errorf("--trusted-keys %s: %w", trusted, err)
		}
		opts = append(opts, exchange.WithTrustedKeys(set))
	}
	return opts, nil
}

// devSignSetup creates, when absent, a development transaction-signing
// key (ES256) and its public JWK set beside it (KEY.pub.jwks, to hand to
// partners).
func devSignSetup(name string) error {
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		return err
	}
	key, err := sign.GenerateKey(sign.ES256)
	if err != nil {
		return err
	}
	pub, err := sign.PublicSet(key)
	if err != nil {
		return err
	}
	pubJSON, err := json.MarshalIndent(pub, "", "  ")
	if err != nil {
		return err
	}
	priv, err := json.MarshalIndent(key, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(publicKeysName(name), append(pubJSON, '\n'), 0o666); err != nil {
		return err
	}
	return atomicfile.WriteFile(name, append(priv, '\n'), 0o600)
}

// loadPartners reads the partner configuration: the --config file, else
// DATA/partners.json, else none (a service that refuses every call).
func loadPartners(data, config string) (*exchange.Config, error) {
	name := config
	if name == "" {
		name = filepath.Join(data, partnersFile)
		if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
			return &exchange.Config{}, nil
		}
	}
	return exchange.LoadConfig(name)
}

func newVerifier(cfg *exchange.Config) (*auth.Verifier, error) {
	sets, err := cfg.KeySets()
	if err != nil {
		return nil, err
	}
	return auth.NewVerifier(sets, func(name string) (string, []string, bool) {
		p, ok := cfg.Partner(name)
		if !ok {
			return "", nil, false
		}
		return p.Issuer, p.Scopes, true
	}, nil), nil
}

// devConfig is the partner configuration --dev writes: one partner,
// local, with every scope but audit (enrol and search included),
// receiving every destination as traditional files, and a partner
// reviewer with the audit scope only, so that reading the review of
// every partner's calls takes a token of its own (least privilege). It
// names no backend, so matching uses one embedded backend on the store,
// and galleries are created at their first enrolment.
const devConfig = `{
  "issuers": [{"name": "` + devIssuer + `", "jwksFile": "` + devJWKSFile + `"}],
  "partners": [
    {"name": "` + devPartner + `", "issuer": "` + devIssuer + `", "scopes": ["submit", "read", "convert", "admin", "enrol", "search"],
     "agencies": ["*"], "receive": {"format": "an2"}},
    {"name": "` + devReviewer + `", "issuer": "` + devIssuer + `", "scopes": ["audit"], "receive": {"format": "an2"}}
  ]
}
`

// devSetup creates, where absent, the development key, its JWK set and
// (unless a configuration file is given) DATA/partners.json.
func devSetup(data, config string) error {
	keyName := filepath.Join(data, devKeyFile)
	if _, err := os.Stat(keyName); errors.Is(err, os.ErrNotExist) {
		key, err := auth.GenerateKey()
		if err != nil {
			return err
		}
		set, err := auth.PublicSet(key)
		if err != nil {
			return err
		}
		if err := auth.WriteKey(filepath.Join(data, devJWKSFile), set); err != nil {
			return err
		}
		if err := auth.WriteKey(keyName, key); err != nil {
			return err
		}
	}
	if config != "" {
		return nil
	}
	name := filepath.Join(data, partnersFile)
	if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
		return os.WriteFile(name, []byte(devConfig), 0o600)
	}
	return nil
}
