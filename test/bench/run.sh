#!/usr/bin/env bash
# Benchmarks on a database and, for ingest and dispatch, a Kafka broker of their own, removed at the end. Each reports a
# ratio measured in one run (the project against a baseline on the same machine), never a timed pass/fail.
#   npm run bench            every benchmark
#   npm run bench:ingest     only ingest's throughput against raw kafkajs
#   npm run bench:backtest   only the evaluator against the same triggers as PostgreSQL window queries
#   npm run bench:api        only the operations API's overview queries on a generated history, against
#                            their SQL alone; reads BENCH_PLACES (500), BENCH_INDICATORS (10), BENCH_DAYS
#                            (1095), BENCH_ALERTS (2000), BENCH_REQUESTS (200)
#   npm run bench:dispatch   only the dispatcher: alert event to webhook latency and routing throughput
#                            against raw kafkajs; reads BENCH_RECIPIENTS (100), BENCH_RATE (5 alerts/s),
#                            BENCH_SECONDS (30), BENCH_RESOLVE_AFTER_MS (3000), BENCH_BURST (5000), BENCH_TICK_MS (100)
#   npm run bench:stream     only the live stream: one alert event to BENCH_CLIENTS (200) connected clients, against
#                            raw kafkajs; reads BENCH_EVENTS (40) and BENCH_RATE (2 events/s)
#   npm run bench:pipeline   only Atalaya end to end against the machine's limits and the naive baseline
#                            (docs/performance.md); reads BENCH_SIGNALS (100000), BENCH_RATE (1000 signals/s),
#                            BENCH_LATENCY_SECONDS (30), BENCH_HISTORY (1000000), BENCH_BACKLOG (10000), and
#                            BENCH_PROFILE_DIR (a V8 CPU profile of each service, written when it stops)
#   npm run bench:naive      only the naive NestJS baseline (docs/performance.md) against raw kafkajs; reads
#                            BENCH_SIGNALS (20000)
# `npm run bench` also writes test/bench/results/latest.json, a dated copy beside it, and the table of
# docs/performance.md.
# bench:backtest reads BENCH_PLACES (500), BENCH_MONTHS (96), BENCH_RUNS (5) and ATALAYA_CATALOGUE.
set -euo pipefail
cd "$(dirname "$0")/../.."
which="${1:-all}"

bash deploy/local/bootstrap.sh
npx tsc -p test/bench/tsconfig.json && npx tsc-alias -p test/bench/tsconfig.json

run_id="bench_$(date +%Y%m%d%H%M%S)_$$"
export ATALAYA_RUN_DIR="$PWD/.run/$run_id"
KAFKA_PORT=$(bash deploy/local/free-port.sh)
KAFKA_CONTROLLER_PORT=$(bash deploy/local/free-port.sh)
export KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
server_url="${ATALAYA_TEST_SERVER_URL:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$server_url/atalaya_$run_id"

with_kafka=false
case "$which" in all | ingest | dispatch | api | stream | pipeline | naive) with_kafka=true ;; esac

cleanup() {
  if $with_kafka; then bash deploy/local/kafka.sh stop || true; fi
  bash deploy/local/leftovers.sh "$ATALAYA_RUN_DIR"
  for db in $(psql "$server_url/postgres" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'atalaya_$run_id%'" 2>/dev/null); do
    psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
  done
  rm -rf "$ATALAYA_RUN_DIR"
}

# Each bench on a database of its own, a copy of the migrated one: what one bench writes (the API bench's
# history, the dispatch bench's alerts) would otherwise be in the next one's counts and its engine's state.
bench() {
  local name="$1"
  shift
  psql "$server_url/postgres" -qc "CREATE DATABASE atalaya_${run_id}_$name TEMPLATE atalaya_$run_id"
  DATABASE_URL="$server_url/atalaya_${run_id}_$name" node "$@"
}
trap cleanup EXIT

DATABASE_URL="$server_url/postgres" bash deploy/local/postgres.sh ensure
if $with_kafka; then bash deploy/local/kafka.sh start; fi
node dist/apps/cli/src/main.js migrate

if [ "$which" = all ] || [ "$which" = ingest ]; then
  bench ingest dist/bench/test/bench/ingest.bench.js
fi
if [ "$which" = all ] || [ "$which" = backtest ]; then
  # V8's collector on the evaluator's thread: "one core" holds for the whole process.
  bench backtest --single-threaded-gc dist/bench/test/bench/backtest.bench.js
fi
if [ "$which" = all ] || [ "$which" = dispatch ]; then
  bench dispatch dist/bench/test/bench/dispatch.bench.js
fi
if [ "$which" = all ] || [ "$which" = api ]; then
  bench api dist/bench/test/bench/api.bench.js
fi
if [ "$which" = all ] || [ "$which" = stream ]; then
  bench stream dist/bench/test/bench/stream.bench.js
fi
if [ "$which" = all ] || [ "$which" = pipeline ]; then
  bench pipeline dist/bench/test/bench/pipeline/pipeline.bench.js
fi
if [ "$which" = naive ]; then
  bench naive dist/bench/test/bench/naive/naive.bench.js
fi
if [ "$which" = all ]; then
  node dist/bench/test/bench/results.js
fi
