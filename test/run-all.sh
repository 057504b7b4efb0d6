#!/usr/bin/env bash
# The whole test suite from a fresh clone: install and build, lint and type-check, unit tests, then the e2e
# tests against a Kafka broker and a database of this run's own, both removed at the end whatever happens.
# With arguments (spec paths or jest options), lint and unit tests are skipped and only the medium and e2e
# suites they select run: `bash test/run-all.sh test/intake.e2e-spec.ts` while working on one.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash deploy/local/bootstrap.sh
if [ $# -eq 0 ]; then
  npm run --silent lint
  npx jest --selectProjects unit
fi

run_id="$(date +%Y%m%d%H%M%S)_$$"
export ATALAYA_RUN_DIR="$PWD/.run/test-$run_id"
KAFKA_PORT=$(bash deploy/local/free-port.sh)
KAFKA_CONTROLLER_PORT=$(bash deploy/local/free-port.sh)
export KAFKA_PORT KAFKA_CONTROLLER_PORT
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
server_url="${ATALAYA_TEST_SERVER_URL:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$server_url/atalaya_test_$run_id"

cleanup() {
  status=$?
  bash deploy/local/kafka.sh stop || true
  # What an interrupted run's suites started and could not stop: services, their brokers and databases.
  bash deploy/local/leftovers.sh "$ATALAYA_RUN_DIR"
  # The run's database and every suite's clone of it, whatever state the suites ended in.
  psql "$server_url/postgres" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'atalaya_test_$run_id%'" 2>/dev/null |
    while read -r db; do psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"; done
  rm -rf "$ATALAYA_RUN_DIR"
  echo "test run $run_id finished in $(($(date +%s) - started)) s (exit $status)"
}
trap cleanup EXIT

DATABASE_URL="$server_url/postgres" bash deploy/local/postgres.sh ensure
bash deploy/local/test-tools.sh
bash deploy/local/kafka.sh start
npx jest --selectProjects medium e2e --runInBand "$@"
# Every log the suites wrote, scanned for keys, secrets and passwords (test/logs.scan-spec.ts).
ATALAYA_FULL_RUN=$(($# == 0)) npx jest --selectProjects logs
