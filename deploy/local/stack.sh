#!/usr/bin/env bash
# The local stack in the background, for poking at it: Kafka on 127.0.0.1:9092, the database `atalaya`,
# ingest, engine, gateway, dispatcher and the sample webhook receiver. `up` is idempotent; `down` also stops
# whatever a demo left behind.
#   deploy/local/stack.sh up|down|status      (npm run stack:up / stack:down / stack:status)
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$REPO_ROOT"
export ATALAYA_RUN_DIR="${ATALAYA_RUN_DIR:-$REPO_ROOT/.run/stack}"
export KAFKA_PORT="${KAFKA_PORT:-9092}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/atalaya}"
# shellcheck source=deploy/local/services.sh
source deploy/local/services.sh
# shellcheck source=deploy/local/secured-kafka.sh
source deploy/local/secured-kafka.sh

cli() { node dist/apps/cli/src/main.js "$@"; }

case "${1:-}" in
  up)
    bash deploy/local/bootstrap.sh
    DATABASE_URL="${DATABASE_URL%/*}/postgres" bash deploy/local/postgres.sh ensure
    secured_kafka_up
    cli migrate
    cli topics
    start_services
    kcat_dir="$ATALAYA_KAFKA_SECURITY_DIR/kcat"
    cat <<INFO

Atalaya is up.
  Kafka broker   $KAFKA_BROKERS (SASL_PLAINTEXT, the services), $(bash deploy/local/kafka.sh brokers tls) (SASL_SSL, agencies and partners)
  principals     one SCRAM user each (npm run atalaya -- kafka principals); kcat configurations in $kcat_dir
  CLI            set -a; . $ATALAYA_KAFKA_SECURITY_DIR/operator.env; set +a   (then npm run atalaya -- ...)
  database       $DATABASE_URL
  ingest         http://127.0.0.1:$(service_port ingest)/health/ready  /health/live  /metrics
  engine         http://127.0.0.1:$(service_port engine)/health/ready  /health/live  /metrics
  gateway        http://127.0.0.1:$(service_port gateway)/v1/signals  (API docs: /docs)
  dispatcher     http://127.0.0.1:$(service_port dispatcher)/health/ready  /metrics
  receiver       http://127.0.0.1:$RECEIVER_PORT  (the Secretariat's sample webhook receiver; log $SERVICES_DIR/receiver.log)
  as an agency   echo '{...}' | kcat -F $kcat_dir/agency-pan.conf -P -t atalaya.signals.PAN
  notifications  kcat -F $kcat_dir/recipient-technical-secretariat.conf -C -t atalaya.notify.technical_secretariat -e
  API key        npm run atalaya -- keys issue --reporter PAN --label "my test"
  feed a demo    npm run demo:feed
  watch alerts   npm run atalaya -- alerts follow
  dead letters   npm run atalaya -- deadletter list
  stop           npm run stack:down
INFO
    ;;
  down)
    stop_services
    bash deploy/local/kafka.sh stop
    # A demo interrupted hard may have left its own processes behind: they are ours too.
    for dir in "$REPO_ROOT"/.run/demo*; do
      [ -d "$dir" ] || continue
      ATALAYA_RUN_DIR="$dir" bash deploy/local/services.sh stop
      ATALAYA_RUN_DIR="$dir" bash deploy/local/kafka.sh stop
    done
    ;;
  status)
    KAFKA_AUTH=scram bash deploy/local/kafka.sh status || true
    status_services
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
