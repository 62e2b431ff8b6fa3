# TrustWatch — make demo (the main job, offline) and make test (everything).
SHELL := /bin/bash
GO    ?= go
BIN   := bin/trustwatch
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all build demo test unit bench faults scale libchdb kafka-start kafka-stop mailpit-start mailpit-stop vet clean help

all: build

help:
	@echo "make demo    crawl the offline sample web end to end on the embedded defaults"
	@echo "make test    every test: installs libchdb, a Kafka broker and mailpit when missing"
	@echo "make faults  the fault-injection tests (kill -9, broker restart, store outage, poison messages), with counts"
	@echo "make scale   the services as separate processes: store serve, 2 ingest, 2 schedule, crawlers; kill -9 mid-run"
	@echo "make bench   benchmarks (figures go to docs/benchmarks.md)"
	@echo "make build   bin/trustwatch"

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/trustwatch

# libchdb.so (the embedded ClickHouse engine) from npm, pinned and checksummed.
libchdb:
	@bash deploy/local/libchdb.sh >/dev/null

demo: libchdb build
	./$(BIN) demo

test: libchdb
	bash deploy/local/test.sh

# unit tests only: no broker, no SMTP server (their cases skip).
unit: libchdb
	$(GO) test -count=1 ./...

faults: libchdb
	bash deploy/local/test.sh faults

scale: libchdb
	bash deploy/local/test.sh scale

bench: libchdb
	bash deploy/local/test.sh bench

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

kafka-start:
	bash deploy/local/kafka.sh start
kafka-stop:
	bash deploy/local/kafka.sh stop
mailpit-start:
	bash deploy/local/mailpit.sh start
mailpit-stop:
	bash deploy/local/mailpit.sh stop

clean:
	rm -rf bin data
