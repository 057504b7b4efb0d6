#!/usr/bin/env bash
# The demo: a Kafka broker, a database and the services of its own, then seven years of real monthly
# movement figures (Darién, US southwest border, Honduras, Mexico) replayed month by month as each state
# would publish them, with every alert printed as it fires and the notifications a sample operations-centre
# receiver gets by signed webhook, then an acknowledgement and an action report taken with the CLI and the
# alert's timeline. It prints the dashboard's address and a key to log in with. Ctrl-C at any time stops
# everything.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$REPO_ROOT"

bash deploy/local/bootstrap.sh

export ATALAYA_RUN_DIR="$REPO_ROOT/.run/demo"
KAFKA_PORT=$(bash deploy/local/free-port.sh)
KAFKA_CONTROLLER_PORT=$(bash deploy/local/free-port.sh)
INGEST_PORT=$(bash deploy/local/free-port.sh)
ENGINE_PORT=$(bash deploy/local/free-port.sh)
GATEWAY_PORT=$(bash deploy/local/free-port.sh)
DISPATCHER_PORT=$(bash deploy/local/free-port.sh)
export KAFKA_PORT KAFKA_CONTROLLER_PORT INGEST_PORT ENGINE_PORT GATEWAY_PORT DISPATCHER_PORT
# The demo's recipients group for a second rather than two minutes (deploy/demo/recipients.yaml).
export ATALAYA_RECIPIENTS=deploy/demo/recipients.yaml
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export DATABASE_URL="${DEMO_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/atalaya_demo}"
export LOG_LEVEL=warn
# shellcheck source=deploy/local/services.sh
source deploy/local/services.sh
# shellcheck source=deploy/local/secured-kafka.sh
source deploy/local/secured-kafka.sh
cli() { node dist/apps/cli/src/main.js "$@"; }

follower=""
receiver_tail=""
cleanup() {
  # Everything below must run even when one step fails, so errexit is off here.
  set +e
  trap - EXIT INT TERM
  echo
  echo "demo: stopping everything it started"
  for p in $follower $receiver_tail; do
    kill -TERM "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  stop_services
  bash deploy/local/kafka.sh stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh broker every time, so the demo always starts from an empty history.
bash deploy/local/kafka.sh stop >/dev/null
rm -rf "$ATALAYA_RUN_DIR/kafka"
DATABASE_URL="${DATABASE_URL%/*}/postgres" bash deploy/local/postgres.sh ensure
KAFKA_TLS_PORT=$(bash deploy/local/free-port.sh)
export KAFKA_TLS_PORT
secured_kafka_up
cli migrate --reset
cli topics
start_services

echo
echo "demo: triggers in force"
cli triggers validate
# A key for the dashboard: the Technical Secretariat's analysts see every alert as it fires.
dashboard_key=$(cli keys issue --analyst --recipient technical_secretariat --label "demo dashboard" | tail -n 1)
echo
echo "demo: the dashboard is at http://127.0.0.1:$GATEWAY_PORT/dashboard/ (log in with the key $dashboard_key);"
echo "      DEMO_MONTH_MS=2000 replays slowly enough to watch, DEMO_HOLD=1 keeps everything up at the end"
echo
echo "demo: replaying the feed; alerts as they fire:"
echo
# node itself in the background (not the `cli` function), so that $! is the process cleanup must stop.
node dist/apps/cli/src/main.js alerts follow &
follower=$!
tail -n 0 -f "$SERVICES_DIR/receiver.log" 2>/dev/null &
receiver_tail=$!
cli replay deploy/demo/feed.yaml --month-ms "${DEMO_MONTH_MS:-120}"
sleep 8
echo
# Panama's first alert that put an action on it, or else its first alert.
alert=$(psql "$DATABASE_URL" -Atc "SELECT c.alert_id FROM cap_messages c
  LEFT JOIN response_actions r ON r.alert_id = c.alert_id AND r.organisation = 'ops_pan'
  WHERE c.recipient_id = 'ops_pan' ORDER BY r.action_id IS NULL, c.sent, c.identifier LIMIT 1")
if [ -n "$alert" ]; then
  echo "demo: Panama's duty officer answers by phone, and the operator records it with the CLI:"
  cli ack "$alert" --recipient ops_pan --by "SNM duty officer, by phone" --note "reception capacity under review"
  action=$(psql "$DATABASE_URL" -Atc "SELECT action_id FROM response_actions WHERE alert_id = '$alert' AND organisation = 'ops_pan' ORDER BY due_at, action_id LIMIT 1")
  if [ -n "$action" ]; then
    cli actions report "$alert" "$action" --as ops_pan --status in_progress --by "SNM duty officer, by phone"
  fi
  echo
  echo "demo: the alert's timeline (npm run atalaya -- timeline $alert):"
  cli timeline "$alert"
  echo
fi
accepted=$(curl -fsS "http://127.0.0.1:$INGEST_PORT/metrics" | awk '/^atalaya_signals_accepted_total/ {s += $NF} END {print s + 0}')
events=$(curl -fsS "http://127.0.0.1:$ENGINE_PORT/metrics" | awk '/^atalaya_alert_events_total/ {s += $NF} END {print s + 0}')
notified=$(curl -fsS "http://127.0.0.1:$DISPATCHER_PORT/metrics" | awk '/^atalaya_notifications_total/ {s += $NF} END {print s + 0}')
delivered=$(curl -fsS "http://127.0.0.1:$DISPATCHER_PORT/metrics" | awk '/^atalaya_deliveries_total\{.*outcome="delivered"/ {s += $NF} END {print s + 0}')
echo "demo: done: $accepted signals accepted, $events alert events raised, $notified notifications, $delivered webhooks delivered."
if [ "${DEMO_HOLD:-0}" = 1 ]; then
  echo "demo: holding: the dashboard stays at http://127.0.0.1:$GATEWAY_PORT/dashboard/ until Ctrl-C"
  while :; do sleep 3600; done
fi
