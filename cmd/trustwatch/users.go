package main

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/auth"
)

// cmdUsers makes bcrypt hashes for configs/users.yaml.
func cmdUsers(_ context.Context, g *globals, args []string) error {
	if len(args) == 0 || args[0] != "hash" || slices.ContainsFunc(args, isHelp) {
		fmt.Fprintln(g.stderr, "usage: trustwatch users hash < password   (prints a bcrypt hash for configs/users.yaml)")
		if slices.ContainsFunc(args, isHelp) {
			return errHelp
		}
		return usageError{"users: give hash"}
	}
	fs := g.flags("users hash")
	if err := g.parse(fs, args[1:]); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	line, err := bufio.NewReader(g.stdin).ReadString('\n')
	if err != nil && line == "" {
		return usageError{"users hash: give the password on stdin"}
	}
	h, err := auth.Hash(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return usageError{"users hash: " + err.Error()}
	}
	fmt.Fprintln(g.stdout, h)
	return nil
}
