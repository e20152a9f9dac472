package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandList is the README's list of commands, made from the command
// tree: one synopsis line per runnable command with every flag, then its
// one-line description.
func commandList(root *cobra.Command) string {
	var b strings.Builder
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		for _, sub := range cmd.Commands() {
			if sub.Hidden || sub.Name() == "help" {
				continue
			}
			if sub.Runnable() && !sub.HasSubCommands() {
				b.WriteString("    " + synopsis(sub) + "\n")
				b.WriteString("        " + sub.Short + "\n")
			}
			walk(sub)
		}
	}
	walk(root)
	return b.String()
}

// synopsis writes "biogate CMD" with the flags its Use names, every other
// flag in brackets, and the arguments.
func synopsis(cmd *cobra.Command) string {
	use := cmd.Use
	parts := []string{cmd.Parent().CommandPath()}
	head, args, _ := strings.Cut(use, " [flags]")
	parts = append(parts, head)
	cmd.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || strings.Contains(head, "--"+f.Name+" ") {
			return
		}
		name, _ := pflag.UnquoteUsage(f)
		opt := "--" + f.Name
		if f.Shorthand != "" {
			opt = "-" + f.Shorthand
		}
		if name != "" {
			opt += " " + name
		}
		parts = append(parts, "["+opt+"]")
	})
	if a := strings.TrimSpace(args); a != "" {
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
