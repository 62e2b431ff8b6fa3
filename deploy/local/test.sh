#!/usr/bin/env bash
# test.sh — everything `make test` runs: vet and gofmt, then every Go test with
# the real services they need — a real Apache Kafka broker (kafka.sh) and a real
# SMTP server (mailpit.sh), started here when not already running and stopped
# again at the end if this script started them — and Debian's chromium for the
# browser tests (chromium.sh, installed with apt-get if missing).
#
# usage: deploy/local/test.sh [test|faults|bench|scale] [go test flags…]
#   test    every test (make test), then the store's users again through the
#           store service's protocol (TRUSTWATCH_STORE_BACKEND=http)
#   scale   the multi-process test: services as processes on the real broker (make scale)
#   faults  the fault-injection tests, verbose, printing their counts (make faults)
#   bench   the benchmarks, with the real broker for the pipeline benchmark (make bench)
set -euo pipefail
mode="${1:-test}"
case "$mode" in test|faults|bench|scale) shift || true ;; *) mode=test ;; esac
cd "$(dirname "$0")/../.."

started=()
cleanup() {
  for s in "${started[@]}"; do bash "deploy/local/$s.sh" stop || true; done
}
trap cleanup EXIT

ensure() { # ensure NAME: start deploy/local/NAME.sh unless it runs
  if ! bash "deploy/local/$1.sh" status >/dev/null 2>&1; then
    bash "deploy/local/$1.sh" start >/dev/null
    started+=("$1")
  fi
}

if [ "$mode" = test ]; then
  echo "== vet"
  go vet ./...
  unformatted=$(gofmt -l $(git ls-files '*.go'))
  if [ -n "$unformatted" ]; then echo "gofmt needed:"; echo "$unformatted"; exit 1; fi
fi

echo "== services"
ensure kafka
ensure mailpit
bash deploy/local/kafka.sh status
bash deploy/local/mailpit.sh status

export CHDB_LIB_PATH="${CHDB_LIB_PATH:-$(bash deploy/local/libchdb.sh path)}"
export TRUSTWATCH_KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-19092}"
export TRUSTWATCH_SMTP_ADDR="${MAILPIT_SMTP:-127.0.0.1:11025}"
export TRUSTWATCH_MAILPIT_URL="http://${MAILPIT_HTTP:-127.0.0.1:18025}"
export TRUSTWATCH_CHROMIUM="${TRUSTWATCH_CHROMIUM:-$(bash deploy/local/chromium.sh path || true)}"
# Services this run provides must be used: a missing one fails instead of skipping.
export TRUSTWATCH_REQUIRE_CHDB=1 TRUSTWATCH_REQUIRE_KAFKA=1 TRUSTWATCH_REQUIRE_MAILPIT=1
if [ -n "$TRUSTWATCH_CHROMIUM" ]; then
  export TRUSTWATCH_REQUIRE_CHROMIUM=1
else
  echo "chromium could not be installed here (deploy/local/chromium.sh needs apt-get as root or sudo): the browser tests skip"
fi

case "$mode" in
test)
  echo "== go test"
  go test -race -count=1 -timeout 30m "$@" ./...
  echo "== the store's users through ClickHouse's HTTP interface (store serve's protocol, clickhouse-go's HTTP client)"
  TRUSTWATCH_STORE_BACKEND=http go test -count=1 -timeout 20m "$@" ./analytics/ ./alerts/ ./objection/ ./gaming/ ./exchange/ ./ingest/ ./web/
  echo "== deploy files (deploy/check: BuildKit's linter, compose-go, Kubernetes' API types)"
  (cd deploy/check && go vet ./... && go test -count=1 ./...) ;;
scale)
  echo "== scale-out: store, 2 ingest, 2 schedule, crawlers as processes"
  go test -count=1 -timeout 10m -v "$@" ./faults/ -run 'ScaleOut' | grep -E '^(=== RUN|--- |PASS|FAIL|ok|faults:)|scale_test.go' ;;
faults)
  echo "== fault tests"
  go test -count=1 -timeout 20m -v "$@" ./faults/ ./ingest/ -run 'Kill|Sigterm|Restart|TwoMembers|Outage|ShutdownWhile|Rejected|StoresThenCommits|Uncommitted' \
    | grep -E '^(=== RUN|--- |PASS|FAIL|ok|faults:)|ingest_test.go|kill_test.go' ;;
bench)
  echo "== benchmarks"
  go test -run '^$' -bench . -benchmem -benchtime 2s "$@" ./text/ ./crawler/ ./store/chdb/ ./analytics/
  go test -run '^$' -bench Pipeline -benchmem -benchtime 1x -count 3 "$@" ./ingest/ ;;
esac
