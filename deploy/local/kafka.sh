#!/usr/bin/env bash
# kafka.sh — a real single-node Apache Kafka (KRaft) broker on 127.0.0.1 for tests.
#
# The broker jars come from Maven Central through `mvn` (deploy/local/kafka/pom.xml)
# into a cache directory; the broker runs on Java 17 with its data in a temporary
# directory. Idempotent: `start` on a running broker only prints its address;
# `stop` then `start` keeps the log (a broker restart); `reset` wipes it.
#
# usage: deploy/local/kafka.sh start|stop|status|fetch|reset
# env:   KAFKA_PORT (19092), KAFKA_RUN_DIR (/tmp/trustwatch-kafka-$KAFKA_PORT), TRUSTWATCH_CACHE
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/kafka/pom.xml")
CACHE="${TRUSTWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trustwatch}"
LIBS="$CACHE/kafka/$VERSION/libs"
PORT="${KAFKA_PORT:-19092}"
CPORT=$((PORT + 1))
RUN="${KAFKA_RUN_DIR:-/tmp/trustwatch-kafka-$PORT}"
PIDFILE="$RUN/broker.pid"

say() { echo "kafka.sh: $*" >&2; }

fetch() {
  [ -f "$LIBS/.complete" ] && return 0
  command -v mvn >/dev/null || { say "mvn not found (needed to fetch the broker jars)"; exit 1; }
  say "fetching Apache Kafka $VERSION broker jars from Maven Central…"
  mkdir -p "$LIBS"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS" >&2
  touch "$LIBS/.complete"
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

write_config() {
  mkdir -p "$RUN/data"
  cat > "$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
PROPS
  cat > "$RUN/log4j2.properties" <<PROPS
rootLogger.level=warn
rootLogger.appenderRef.c.ref=C
appender.c.type=Console
appender.c.name=C
appender.c.layout.type=PatternLayout
appender.c.layout.pattern=[%d] %p %m (%c)%n
logger.k.name=kafka.server.KafkaRaftServer
logger.k.level=info
PROPS
}

java_cmd() { java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$RUN/log4j2.properties" -cp "$LIBS/*" "$@"; }

start() {
  if running; then echo "KAFKA_BROKERS=127.0.0.1:$PORT"; return 0; fi
  command -v java >/dev/null || { say "java not found (the broker needs Java 17+)"; exit 1; }
  fetch
  if [ ! -f "$RUN/data/meta.properties" ]; then
    rm -rf "$RUN"; write_config
    java_cmd kafka.tools.StorageTool format -t "$(java_cmd kafka.tools.StorageTool random-uuid)" \
      -c "$RUN/server.properties" >"$RUN/format.log" 2>&1 || { say "format failed:"; cat "$RUN/format.log" >&2; exit 1; }
  fi
  nohup java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$RUN/log4j2.properties" -cp "$LIBS/*" \
    kafka.Kafka "$RUN/server.properties" >"$RUN/broker.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 120); do
    if port_open; then echo "KAFKA_BROKERS=127.0.0.1:$PORT"; return 0; fi
    running || { say "broker exited:"; tail -30 "$RUN/broker.log" >&2; exit 1; }
    sleep 0.5
  done
  say "broker did not open 127.0.0.1:$PORT within 60 s"; tail -30 "$RUN/broker.log" >&2; exit 1
}

stop() {
  running || { say "not running"; return 0; }
  pid=$(cat "$PIDFILE"); kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"; say "stopped"
}

status() {
  if running && port_open; then echo "running: KAFKA_BROKERS=127.0.0.1:$PORT (pid $(cat "$PIDFILE"), data $RUN)"
  else echo "stopped"; return 3; fi
}

reset() { stop; rm -rf "$RUN"; say "data removed"; }

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;; fetch) fetch ;; reset) reset ;;
  *) echo "usage: $0 start|stop|status|fetch|reset" >&2; exit 2 ;;
esac
