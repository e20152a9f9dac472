package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// A command file adds itself to the tree from its init function:
//
//	func init() { register("", newInspectCommand) }
//
// and a command with subcommands (audit verify|report) declares its group
// once and registers each subcommand under it, so that a new command is
// one new file.
var (
	builders []builder
	groups   []*group
)

type builder struct {
	parent string // "" for a top-level command, else the group's name
	build  func(*cli) *cobra.Command
}

type group struct{ name, short string }

func register(parent string, build func(*cli) *cobra.Command) {
	builders = append(builders, builder{parent, build})
}

func registerGroup(name, short string) { groups = append(groups, &group{name, short}) }

// newRoot builds the command tree for one run.
func (c *cli) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "biogate",
		Short: "read, check, convert and sign biometric interchange files; run the exchange service",
		Long: `biogate reads, checks, converts and signs ANSI/NIST-ITL transactions (traditional,
NIEM XML, JSON form), ISO/IEC 19794 and INCITS records and WSQ, PNG, JPEG and
JPEG 2000 images, and runs the REST service.

FILE may be - for standard input; formats are sniffed from the bytes, never
from a file's name. Exit codes: 0 success, 1 the input is readable but fails
what was asked, 2 the input cannot be read or the command is wrong.`,
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(*cobra.Command, []string) error {
			return usageErrorf("a command is required")
		},
	}
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err.Error()} })
	parents := map[string]*cobra.Command{"": root}
	for _, g := range groups {
		cmd := &cobra.Command{Use: g.name, Short: g.short, Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return usageErrorf("expected a subcommand: %s", strings.Join(subcommandNames(cmd), " or "))
			}}
		root.AddCommand(cmd)
		parents[g.name] = cmd
	}
	for _, b := range builders {
		p, ok := parents[b.parent]
		if !ok {
			panic("biogate: command registered under an undeclared group " + b.parent)
		}
		p.AddCommand(b.build(c))
	}
	// Made here rather than on Execute, so that the tree the README's
	// list is checked against holds them too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	strictHelp(root)
	return root
}

// strictHelp makes "biogate help NAME" of no command a usage error (exit
// 2, one line) where cobra prints the root's help and succeeds.
func strictHelp(root *cobra.Command) {
	for _, h := range root.Commands() {
		if h.Name() != "help" || h.Run == nil {
			continue
		}
		show := h.Run
		h.Run = nil
		h.RunE = func(cmd *cobra.Command, args []string) error {
			if target, _, err := root.Find(args); len(args) > 0 && (err != nil || target == root) {
				return usageErrorf("no command %q", strings.Join(args, " "))
			}
			show(cmd, args)
			return nil
		}
	}
}

func subcommandNames(cmd *cobra.Command) []string {
	var names []string
	for _, s := range cmd.Commands() {
		names = append(names, s.Name())
	}
	return names
}

// execute runs args through the tree and maps the outcome to an exit
// code: a command's own exit code, or 2 with one line for a usage error.
func (c *cli) execute(args []string) int {
	root := c.newRoot()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var e exitCode
	if errors.As(err, &e) {
		return int(e)
	}
	where := "biogate: "
	if cmd != nil && cmd != root {
		where += strings.TrimPrefix(cmd.CommandPath(), "biogate ") + ": "
	}
	hint := "biogate help"
	if cmd != nil && cmd != root {
		hint = cmd.CommandPath() + " --help"
	}
	fmt.Fprintf(c.stderr, "%s%s (see %s)\n", where, oneLine(err.Error()), hint)
	return exitUnusable
}

// exitCode is returned by a command that has printed its own outcome.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// status turns a command's exit code into its RunE result.
func status(code int) error {
	if code == exitOK {
		return nil
	}
	return exitCode(code)
}

// usageError is a command line that cannot be run: exit 2, one line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// runs adapts a command body returning an exit code to cobra.
func runs(f func(args []string) int) func(*cobra.Command, []string) error {
	return func(_ *cobra.Command, args []string) error { return status(f(args)) }
}

// Argument checks with the project's wording.
func oneFile(_ *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usageErrorf("expected one input FILE, got %d", len(args))
	}
	return nil
}

func someFiles(_ *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usageErrorf("expected at least one input FILE")
	}
	return nil
}

func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("unexpected argument %q", args[0])
	}
	return nil
}

// failf prints one line saying what went wrong.
func (c *cli) failf(format string, a ...any) {
	fmt.Fprintf(c.stderr, "biogate: "+format+"\n", a...)
}
