#!/usr/bin/env bash
# mailpit.sh — a real SMTP server for tests (github.com/axllent/mailpit), with
# an HTTP API to read what arrived. Installed with `go install` when missing.
#
# usage: deploy/local/mailpit.sh start|stop|status
# env:   MAILPIT_SMTP (127.0.0.1:11025), MAILPIT_HTTP (127.0.0.1:18025)
# Only addresses @localhost are accepted: tests use another domain for a
# recipient the server refuses (550).
set -euo pipefail

VERSION=v1.33.1
SMTP="${MAILPIT_SMTP:-127.0.0.1:11025}"
HTTP="${MAILPIT_HTTP:-127.0.0.1:18025}"
RUN="${MAILPIT_RUN_DIR:-/tmp/trustwatch-mailpit-${SMTP##*:}}"
PIDFILE="$RUN/mailpit.pid"
BIN="$(go env GOPATH)/bin/mailpit"

say() { echo "mailpit.sh: $*" >&2; }
running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
up() { (exec 3<>"/dev/tcp/${HTTP%:*}/${HTTP##*:}") 2>/dev/null; }

install() {
  # `mailpit version` would look for releases online; the build info says it offline.
  if [ -x "$BIN" ] && go version -m "$BIN" 2>/dev/null | grep -q "mod[[:space:]]*github.com/axllent/mailpit[[:space:]]*$VERSION"; then return 0; fi
  say "installing mailpit $VERSION with go install (a few minutes the first time)…"
  GOFLAGS=-buildvcs=false go install "github.com/axllent/mailpit@$VERSION" >&2
}

start() {
  if running; then echo "TRUSTWATCH_SMTP_ADDR=$SMTP TRUSTWATCH_MAILPIT_URL=http://$HTTP"; return 0; fi
  install
  mkdir -p "$RUN"
  nohup "$BIN" --smtp "$SMTP" --listen "$HTTP" --database "$RUN/mailpit.db" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --smtp-allowed-recipients '@localhost$' >"$RUN/mailpit.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    if up; then echo "TRUSTWATCH_SMTP_ADDR=$SMTP TRUSTWATCH_MAILPIT_URL=http://$HTTP"; return 0; fi
    running || { say "mailpit exited:"; tail -20 "$RUN/mailpit.log" >&2; exit 1; }
    sleep 0.1
  done
  say "mailpit did not open $HTTP"; exit 1
}

stop() {
  running || { say "not running"; return 0; }
  pid=$(cat "$PIDFILE"); kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PIDFILE"; say "stopped"
}

status() {
  if running && up; then echo "running: smtp $SMTP, api http://$HTTP (pid $(cat "$PIDFILE"))"; else echo "stopped"; return 3; fi
}

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;; install) install ;;
  *) echo "usage: $0 start|stop|status|install" >&2; exit 2 ;;
esac
