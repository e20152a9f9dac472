package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/sign"
)

// Op is the operation a Job applies to every file.
type Op string

// The operations of `biogate batch` (issue 14, item 1).
const (
	OpValidate  Op = "validate"
	OpConvert   Op = "convert"
	OpSign      Op = "sign"
	OpModernise Op = "modernise"
)

// DefaultMaxFileSize is the largest file (or archive entry) read when a
// Job sets no cap: a bigger one is outcome failed, never read further.
const DefaultMaxFileSize = 256 << 20

// ModerniseFunc converts one file for OpModernise (package convert's
// modernisation, filled in by the caller): the output bytes, what the
// conversion lost, or an error. An error of exchange.KindUnsupported is
// outcome skipped-unsupported; any other is failed.
type ModerniseFunc func(ctx context.Context, in []byte) ([]byte, *ModerniseReport, error)

// ModerniseReport is what a modernisation says about one file.
type ModerniseReport struct {
	Version string   // the version or edition written
	Losses  []string // what the output could not carry as it was
}

// Job is one batch: an operation, its sources and where its results go.
type Job struct {
	Op Op
	// Sources are folders (walked recursively in lexical order), tar,
	// tar.gz or zip archives (read entry by entry), single files, or "-"
	// for a list of such paths, one a line, read from Stdin.
	Sources []string
	Stdin   io.Reader
	// Out is the output folder: outputs mirroring the input tree, the
	// journal, report.jsonl, summary.json and summary.html.
	Out string
	// Jobs is the number of files processed at once (0: runtime.NumCPU()).
	Jobs int
	// MaxFileSize caps the bytes read of one file (0: DefaultMaxFileSize).
	MaxFileSize int64

	// To is the target format of OpConvert (required) and of OpSign (an2,
	// json or xml; "" for an2). Dialect is the XML dialect written.
	To, Dialect string
	// Profile is the application profile OpValidate checks against
	// ("" for base); Tables the folder holding the named profiles ("" for
	// exchange.DefaultTables); Level the highest conformance level (0 for
	// exchange.DefaultLevel).
	Profile, Tables string
	Level           conformance.Level
	// Key signs for OpSign; SignSource is 98.004 SRC ("" for 1.008 ORI);
	// SignReplace replaces a Biogate signature a transaction carries.
	Key         sign.Key
	SignSource  string
	SignReplace bool
	// Modernise converts one file for OpModernise; ModerniseKey names
	// its settings (ModerniseOptions.Key), so a file the journal records
	// as done with other settings is redone.
	Modernise    ModerniseFunc
	ModerniseKey string

	// Progress receives the progress display (nil: none). Terminal makes
	// it one line updated in place; otherwise a plain line is written
	// every ProgressEvery (0: 10 s).
	Progress      io.Writer
	Terminal      bool
	ProgressEvery time.Duration

	// observe, when set (tests), sees every record as it is reported.
	observe func(Record)
}

// ErrJob is wrapped by the error of a Job that cannot run as given.
var ErrJob = errors.New("batch: the job cannot run")

func jobErrorf(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrJob, fmt.Sprintf(format, a...))
}

// withDefaults checks j and fills in its defaults.
func (j Job) withDefaults() (Job, error) {
	if j.Jobs <= 0 {
		j.Jobs = runtime.NumCPU()
	}
	if j.MaxFileSize <= 0 {
		j.MaxFileSize = DefaultMaxFileSize
	}
	if j.Tables == "" {
		j.Tables = exchange.DefaultTables
	}
	if j.Level == 0 {
		j.Level = exchange.DefaultLevel
	}
	if j.Profile == "" {
		j.Profile = "base"
	}
	if j.ProgressEvery <= 0 {
		j.ProgressEvery = 10 * time.Second
		if j.Terminal {
			j.ProgressEvery = 250 * time.Millisecond
		}
	}
	switch {
	case len(j.Sources) == 0:
		return j, jobErrorf("no source given")
	case j.Out == "":
		return j, jobErrorf("no output folder given")
	}
	switch j.Op {
	case OpValidate:
	case OpConvert:
		if j.To == "" {
			return j, jobErrorf("convert needs a target format (one of %s)", strings.Join(exchange.OutputFormats(), ", "))
		}
		if !slices.Contains(exchange.OutputFormats(), j.To) {
			return j, jobErrorf("convert: %q is not a target format (one of %s)", j.To, strings.Join(exchange.OutputFormats(), ", "))
		}
	case OpSign:
		if j.To == "" {
			j.To = sniff.AN2
		}
		if j.To != sniff.AN2 && j.To != sniff.JSON && j.To != sniff.XML {
			return j, jobErrorf("sign: %q is not one of an2, json, xml", j.To)
		}
		if j.Key == nil {
			return j, jobErrorf("sign needs a private key")
		}
	case OpModernise:
		if j.Modernise == nil {
			return j, jobErrorf("modernise: this build has no modernisation")
		}
	default:
		return j, jobErrorf("unknown operation %q (validate, convert, sign or modernise)", j.Op)
	}
	return j, nil
}

// key names what the job does to a file; a journal entry made by another
// key (another operation, target or profile) is not reused.
func (j Job) key() string {
	parts := []string{string(j.Op), j.To, j.Dialect, j.Profile, j.Level.String(), j.SignSource, strconv.FormatBool(j.SignReplace)}
	if j.ModerniseKey != "" {
		parts = append(parts, j.ModerniseKey) // journals written before it stay valid
	}
	return strings.Join(parts, "|")
}
