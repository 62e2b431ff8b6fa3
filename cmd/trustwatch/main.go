// Command trustwatch is TrustWatch, the 政务诚信监测预警引擎: it crawls
// government sites, ingests what they say about each unit, ranks the units
// and raises integrity warnings. `trustwatch help` lists the subcommands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "trustwatch:", err)
		os.Exit(exitCode(err))
	}
}
