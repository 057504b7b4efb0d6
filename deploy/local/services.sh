#!/usr/bin/env bash
# Runs Atalaya's services (built under dist/) in the background: one pid file and one log each under
# $ATALAYA_RUN_DIR/services. Sourced by stack.sh and demo.sh; usable alone:
#   deploy/local/services.sh start|stop|status
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
SERVICES_DIR="${ATALAYA_RUN_DIR:-$REPO_ROOT/.run}/services"
SERVICES=(ingest engine gateway dispatcher)
declare -A DEFAULT_PORTS=([ingest]=3101 [engine]=3102 [gateway]=3000 [dispatcher]=3103)
# The sample operations-centre receiver (examples/webhook-receiver.js) that the Secretariat's webhook in
# deploy/catalogue/recipients.yaml points at, and the secret both sides share: made once per run folder.
RECEIVER_PORT=3210
secret_file="$SERVICES_DIR/webhook-secret"
if [ -z "${ATALAYA_WEBHOOK_SECRET_SECRETARIAT:-}" ]; then
  mkdir -p "$SERVICES_DIR"
  [ -s "$secret_file" ] || node -e "console.log('whsec_' + require('crypto').randomBytes(32).toString('base64'))" >"$secret_file"
  ATALAYA_WEBHOOK_SECRET_SECRETARIAT=$(cat "$secret_file")
fi
export ATALAYA_WEBHOOK_SECRET_SECRETARIAT

service_port() {
  local var="${1^^}_PORT"
  echo "${!var:-${DEFAULT_PORTS[$1]}}"
}

service_running() {
  local pid_file="$SERVICES_DIR/$1.pid"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start_service() {
  local name=$1 port
  port=$(service_port "$name")
  mkdir -p "$SERVICES_DIR"
  if service_running "$name"; then
    echo "services: $name already running (pid $(cat "$SERVICES_DIR/$name.pid"))"
    return 0
  fi
  # On a secured broker (ATALAYA_KAFKA_SECURITY_DIR, deploy/local/secured-kafka.sh) each service is its own
  # principal, with only the ACLs the access plan gives it.
  local -a kafka_env=()
  if [ -n "${ATALAYA_KAFKA_SECURITY_DIR:-}" ]; then
    kafka_env=(KAFKA_SECURITY=sasl_plaintext "KAFKA_SASL_USERNAME=service-$name"
      "KAFKA_SASL_PASSWORD=$(cat "$ATALAYA_KAFKA_SECURITY_DIR/passwords/service-$name")")
  fi
  # The V8 heap each service runs in (decision 0023), as libs/testing/src/service.process.ts starts it too.
  (cd "$REPO_ROOT" && exec env "${kafka_env[@]}" "${name^^}_PORT=$port" node "--max-old-space-size=${ATALAYA_HEAP_MB:-128}" "dist/apps/$name/src/main.js") \
    >>"$SERVICES_DIR/$name.log" 2>&1 &
  echo $! >"$SERVICES_DIR/$name.pid"
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
      echo "services: $name ready on http://127.0.0.1:$port (/health/live, /health/ready, /metrics), log $SERVICES_DIR/$name.log"
      return 0
    fi
    if ! service_running "$name"; then
      echo "services: $name exited while starting; last lines of $SERVICES_DIR/$name.log:" >&2
      tail -n 20 "$SERVICES_DIR/$name.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "services: $name did not report healthy within 60 s; see $SERVICES_DIR/$name.log" >&2
  return 1
}

stop_service() {
  local name=$1 pid_file="$SERVICES_DIR/$1.pid" pid
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "services: $name did not stop within 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "services: $name stopped"
  fi
  rm -f "$pid_file"
}

start_receiver() {
  service_running receiver && return 0
  (cd "$REPO_ROOT" && exec env ATALAYA_WEBHOOK_SECRET="$ATALAYA_WEBHOOK_SECRET_SECRETARIAT" \
    node examples/webhook-receiver.js "$RECEIVER_PORT") >>"$SERVICES_DIR/receiver.log" 2>&1 &
  echo $! >"$SERVICES_DIR/receiver.pid"
  echo "services: sample receiver on http://127.0.0.1:$RECEIVER_PORT, log $SERVICES_DIR/receiver.log"
}

start_services() { start_receiver; for s in "${SERVICES[@]}"; do start_service "$s"; done; }
stop_services() { for s in "${SERVICES[@]}"; do stop_service "$s"; done; stop_service receiver; }
status_services() {
  for s in "${SERVICES[@]}" receiver; do
    if service_running "$s"; then echo "services: $s running (pid $(cat "$SERVICES_DIR/$s.pid"), port $(service_port "$s"))"
    else echo "services: $s not running"; fi
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start) start_services ;;
    stop) stop_services ;;
    status) status_services ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
fi
