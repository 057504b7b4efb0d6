#!/usr/bin/env bash
# Runs Apache Kafka 3.9.1 (KRaft, broker+controller in one JVM per node) from Maven Central jars: no
# tarball, no Docker. One node by default; KAFKA_NODES=3 a three-node cluster on this machine, whose topics
# get replication factor 3 and min.insync.replicas 2. KAFKA_AUTH=scram secures it: SCRAM-SHA-512 on every
# listener, TLS with a CA of the run's own for agencies and partners, ACLs (docs/security.md). See
# /work/shared/STACK.md ("Kafka from Maven Central").
#
# Usage: deploy/local/kafka.sh fetch|start|stop|status|brokers [tls]
#        deploy/local/kafka.sh start-node|stop-node|kill-node N     (one node of a cluster, 1..KAFKA_NODES)
#
# Environment (all optional):
#   ATALAYA_RUN_DIR        run folder; the broker lives in $ATALAYA_RUN_DIR/kafka, node N of a cluster in
#                          $ATALAYA_RUN_DIR/kafka/node-N (default <repo>/.run)
#   KAFKA_PORT             client listener (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener (default 9093)
#   KAFKA_NODES            nodes (default 1)
#   KAFKA_PORTS            with KAFKA_NODES > 1, the nodes' client listeners, comma-separated (default
#                          KAFKA_PORT, KAFKA_PORT+2, ...)
#   KAFKA_CONTROLLER_PORTS the same for the controller listeners (default KAFKA_CONTROLLER_PORT, +2, ...)
#   KAFKA_AUTH             none (default) or scram: SASL/SCRAM-SHA-512 and ACLs, the principals of the
#                          password files in $ATALAYA_RUN_DIR/kafka/security/passwords (written by
#                          `atalaya kafka credentials`), a CA and the broker's certificate made on first start
#   KAFKA_TLS_PORT         with KAFKA_AUTH=scram, the SASL_SSL listener for agencies and partners (default 9094)
#   KAFKA_TLS_PORTS        the same for every node of a cluster, comma-separated (default KAFKA_TLS_PORT, +2, ...)
#   KAFKA_HEAP            JVM heap flags (default "-Xms256m -Xmx640m")
#   KAFKA_LIBS_DIR        jar folder, shared by every run dir (default <repo>/.run/kafka-libs)
#   KAFKA_READY_TIMEOUT   seconds to wait for the broker to come up (default 90)
#   KAFKA_STOP_TIMEOUT    seconds to wait for a controlled shutdown before SIGKILL (default 30)
#
# A test run can start its own broker next to the developer's one by giving it another
# ATALAYA_RUN_DIR and other ports.
set -euo pipefail

# Resolved from the script's own location so the script works from any cwd.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd -P)
TEMPLATE_DIR="$SCRIPT_DIR/kafka"
POM="$TEMPLATE_DIR/pom.xml"

RUN_DIR=${ATALAYA_RUN_DIR:-$REPO_ROOT/.run}
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
HEAP=${KAFKA_HEAP:--Xms256m -Xmx640m}
LIBS_DIR=${KAFKA_LIBS_DIR:-$REPO_ROOT/.run/kafka-libs}
READY_TIMEOUT=${KAFKA_READY_TIMEOUT:-90}
STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
NODES=${KAFKA_NODES:-1}
AUTH=${KAFKA_AUTH:-none}
TLS_PORT=${KAFKA_TLS_PORT:-9094}
SECURITY_DIR="$RUN_DIR/kafka/security"
STAMP_FILE="$LIBS_DIR/.pom.sha256"
CLUSTER_ID_FILE="$RUN_DIR/kafka/cluster.id"

# Every node's client and controller port, space-separated.
default_ports() {
  local base=$1 i out=
  for ((i = 0; i < NODES; i++)); do out+="$((base + 2 * i)) "; done
  echo "$out"
}
if [[ $NODES =~ ^[0-9]+$ ]] && ((NODES > 1)); then
  ALL_PORTS=${KAFKA_PORTS:-$(default_ports "$PORT")}
  ALL_CONTROLLER_PORTS=${KAFKA_CONTROLLER_PORTS:-$(default_ports "$CONTROLLER_PORT")}
  ALL_PORTS=${ALL_PORTS//,/ }
  ALL_CONTROLLER_PORTS=${ALL_CONTROLLER_PORTS//,/ }
  ALL_TLS_PORTS=${KAFKA_TLS_PORTS:-$(default_ports "$TLS_PORT")}
  ALL_TLS_PORTS=${ALL_TLS_PORTS//,/ }
else
  ALL_PORTS=$PORT
  ALL_CONTROLLER_PORTS=$CONTROLLER_PORT
  ALL_TLS_PORTS=$TLS_PORT
fi
read -r -a PORT_LIST <<<"$ALL_PORTS"
read -r -a CONTROLLER_PORT_LIST <<<"$ALL_CONTROLLER_PORTS"
read -r -a TLS_PORT_LIST <<<"$ALL_TLS_PORTS"

# Points every per-node variable at node $1: the single node lives in $RUN_DIR/kafka, node N of a cluster
# in $RUN_DIR/kafka/node-N.
select_node() {
  NODE_ID=$1
  PORT=${PORT_LIST[$((NODE_ID - 1))]}
  CONTROLLER_PORT=${CONTROLLER_PORT_LIST[$((NODE_ID - 1))]}
  TLS_PORT=${TLS_PORT_LIST[$((NODE_ID - 1))]}
  if ((NODES == 1)); then KAFKA_HOME="$RUN_DIR/kafka"; else KAFKA_HOME="$RUN_DIR/kafka/node-$NODE_ID"; fi
  DATA_DIR="$KAFKA_HOME/data"
  CONFIG_DIR="$KAFKA_HOME/config"
  LOG_DIR="$KAFKA_HOME/logs"
  PID_FILE="$KAFKA_HOME/kafka.pid"
  CONFIG_FILE="$CONFIG_DIR/server.properties"
  LOG4J_FILE="$CONFIG_DIR/log4j.properties"
  SERVER_LOG="$LOG_DIR/server.log"
  STDOUT_LOG="$LOG_DIR/stdout.log"
}

log() { printf 'kafka: %s\n' "$*"; }
die() {
  printf 'kafka: ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat >&2 <<EOF
Usage: $0 fetch|start|stop|status|brokers, or $0 start-node|stop-node|kill-node N
  fetch      download the broker jars from Maven Central into $LIBS_DIR (once)
  start      start the broker (every node of a cluster) and wait until it accepts clients
  stop       controlled shutdown (SIGTERM), SIGKILL after ${STOP_TIMEOUT}s
  status     exit 0 if running, 3 if not
  brokers    print the bootstrap servers (with tls: the SASL_SSL listeners of KAFKA_AUTH=scram)
  start-node, stop-node, kill-node N
             start, stop or SIGKILL node N of $NODES
EOF
  exit 2
}

check_settings() {
  local name value port
  for name in PORT CONTROLLER_PORT READY_TIMEOUT STOP_TIMEOUT NODES; do
    value=${!name}
    [[ $value =~ ^[0-9]+$ ]] || die "KAFKA_$name must be a whole number, got '$value'"
  done
  ((NODES >= 1)) || die "KAFKA_NODES must be at least 1, got $NODES"
  [[ $AUTH == none || $AUTH == scram ]] || die "KAFKA_AUTH must be none or scram, got '$AUTH'"
  if [[ $AUTH == scram ]]; then
    ((${#TLS_PORT_LIST[@]} == NODES)) || die "KAFKA_TLS_PORTS must list $NODES ports (KAFKA_NODES), got '$ALL_TLS_PORTS'"
    for port in "${TLS_PORT_LIST[@]}"; do
      [[ $port =~ ^[0-9]+$ ]] || die "TLS ports must be whole numbers, got '$port'"
    done
    (($(printf '%s\n' "${PORT_LIST[@]}" "${CONTROLLER_PORT_LIST[@]}" "${TLS_PORT_LIST[@]}" | sort -u | wc -l) == 3 * NODES)) ||
      die "with KAFKA_AUTH=scram every node needs a client, a controller and a TLS port of its own, got '$ALL_PORTS', '$ALL_CONTROLLER_PORTS' and '$ALL_TLS_PORTS'"
  fi
  ((${#PORT_LIST[@]} == NODES && ${#CONTROLLER_PORT_LIST[@]} == NODES)) ||
    die "KAFKA_PORTS and KAFKA_CONTROLLER_PORTS must list $NODES ports each (KAFKA_NODES), got '$ALL_PORTS' and '$ALL_CONTROLLER_PORTS'"
  for port in "${PORT_LIST[@]}" "${CONTROLLER_PORT_LIST[@]}"; do
    [[ $port =~ ^[0-9]+$ ]] || die "ports must be whole numbers, got '$port'"
  done
  (($(printf '%s\n' "${PORT_LIST[@]}" "${CONTROLLER_PORT_LIST[@]}" | sort -u | wc -l) == 2 * NODES)) ||
    die "every node needs a client port and a controller port of its own, got '$ALL_PORTS' and '$ALL_CONTROLLER_PORTS'"
}

# The static voter list: every node is a controller.
voters() {
  local i out=
  for ((i = 0; i < NODES; i++)); do out+="$((i + 1))@127.0.0.1:${CONTROLLER_PORT_LIST[$i]},"; done
  echo "${out%,}"
}

now_ms() { date +%s%3N; }
elapsed() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

is_debian_root() { [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; }

# Installs missing tools on a Debian box we are root on; elsewhere tells the operator what to run.
require_tools() {
  local -a missing=()
  local -a packages=()
  command -v java >/dev/null || { missing+=(java); packages+=(openjdk-17-jre-headless); }
  if [[ ${1:-} == with-maven ]]; then
    command -v mvn >/dev/null || { missing+=(mvn); packages+=(maven); }
  fi
  ((${#missing[@]} == 0)) && return 0

  if is_debian_root; then
    log "installing ${packages[*]} (missing: ${missing[*]})"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}"
  else
    die "missing ${missing[*]}. Install them, e.g. on Debian/Ubuntu: sudo apt-get install -y ${packages[*]}"
  fi
}

stamp_ok() {
  [[ -f $STAMP_FILE ]] && [[ $(<"$STAMP_FILE") == "$(sha256sum "$POM" | cut -d' ' -f1)" ]]
}

cmd_fetch() {
  stamp_ok && { log "jars up to date in $LIBS_DIR"; return 0; }

  mkdir -p "$(dirname "$LIBS_DIR")"
  # Two runs (the developer's and a test run) may fetch at once: let one download, the other wait.
  local lock_fd
  exec {lock_fd}>"$LIBS_DIR.lock"
  flock "$lock_fd"
  if stamp_ok; then
    log "jars up to date in $LIBS_DIR (fetched by another run)"
    exec {lock_fd}>&-
    return 0
  fi

  require_tools with-maven
  local started tmp old
  started=$(now_ms)
  # Same parent folder as the destination, so the final rename stays on one filesystem.
  tmp=$(mktemp -d "$LIBS_DIR.tmp.XXXXXX")
  # An interrupted download must not linger as a half-filled folder.
  trap 'rm -rf "$tmp"' EXIT
  log "downloading the broker jars from Maven Central (first time only) ..."
  # Maven 3.8 still writes colour resets in batch/quiet mode; strip them so logs stay readable.
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$tmp" 2>&1 |
    sed 's/\x1b\[[0-9;]*m//g'; then
    rm -rf "$tmp"
    die "Maven could not fetch the jars (see its output above). Check access to https://repo.maven.apache.org, then rerun: $0 fetch"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || {
    rm -rf "$tmp"
    die "Maven finished but no kafka_2.13 jar arrived: is $POM intact?"
  }
  # The stamp goes in last: a folder without it is never taken as complete.
  sha256sum "$POM" | cut -d' ' -f1 >"$tmp/.pom.sha256"
  if [[ -e $LIBS_DIR ]]; then
    old=$(mktemp -d "$LIBS_DIR.old.XXXXXX")
    mv "$LIBS_DIR" "$old/"
    mv "$tmp" "$LIBS_DIR"
    rm -rf "$old"
  else
    mv "$tmp" "$LIBS_DIR"
  fi
  trap - EXIT
  exec {lock_fd}>&-
  log "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars into $LIBS_DIR in $(elapsed "$started") s"
}

# Alive and not a zombie: a broker that died under our own `start` stays a zombie until reaped.
is_alive() {
  local state
  [[ -r /proc/$1/stat ]] || return 1
  state=$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)
  [[ $state != Z ]]
}

# True only for the broker of THIS run dir, so a recycled pid or another run's broker is never
# mistaken for ours.
is_our_broker() {
  local cmdline
  is_alive "$1" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *java* && $cmdline == *kafka.Kafka* && $cmdline == *"$CONFIG_FILE"* ]]
}

# Prints the pid of our running broker; fails (and drops a stale pid file) otherwise.
running_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid=$(<"$PID_FILE")
  if [[ $pid =~ ^[0-9]+$ ]] && is_our_broker "$pid"; then
    echo "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  return 1
}

# shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }

port_owner() {
  local owner=
  # ss names the process as users:(("name",pid=N,fd=M)); reduce that to "name (pid N)".
  command -v ss >/dev/null &&
    owner=$(ss -Hltnp "sport = :$1" 2>/dev/null |
      sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n1 || true)
  echo "${owner:-another process}"
}

render_config() {
  mkdir -p "$DATA_DIR" "$CONFIG_DIR" "$LOG_DIR"
  # Escape what sed treats specially in a replacement (\, & and our | delimiter).
  local data_dir_sed
  data_dir_sed=$(printf '%s' "$DATA_DIR" | sed 's/[\\&|]/\\&/g')
  local replication=$((NODES < 3 ? NODES : 3))
  local min_isr=$((replication >= 3 ? 2 : 1))
  local listeners advertised protocols inter_broker
  if [[ $AUTH == scram ]]; then
    listeners="INTERNAL://127.0.0.1:$PORT,EXTERNAL://127.0.0.1:$TLS_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT"
    advertised="INTERNAL://127.0.0.1:$PORT,EXTERNAL://127.0.0.1:$TLS_PORT"
    protocols=CONTROLLER:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_SSL
    inter_broker=INTERNAL
  else
    listeners="PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT"
    advertised="PLAINTEXT://127.0.0.1:$PORT"
    protocols=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
    inter_broker=PLAINTEXT
  fi
  local -a templates=("$TEMPLATE_DIR/server.properties")
  [[ $AUTH == scram ]] && templates+=("$TEMPLATE_DIR/server.security.properties")
  # The rendered file may hold the admin's password: readable by its owner only.
  (umask 077 && : >"$CONFIG_FILE.tmp")
  cat "${templates[@]}" | sed -e "s|\${PORT}|$PORT|g" \
    -e "s|\${LISTENERS}|$listeners|g" \
    -e "s|\${ADVERTISED_LISTENERS}|$advertised|g" \
    -e "s|\${PROTOCOL_MAP}|$protocols|g" \
    -e "s|\${INTER_BROKER_LISTENER}|$inter_broker|g" \
    -e "s|\${ADMIN_PASSWORD}|${ADMIN_PASSWORD:-}|g" \
    -e "s|\${KEYSTORE}|$SECURITY_DIR/broker.p12|g" \
    -e "s|\${KEYSTORE_PASSWORD}|${KEYSTORE_PASSWORD:-}|g" \
    -e "s|\${CONTROLLER_PORT}|$CONTROLLER_PORT|g" \
    -e "s|\${DATA_DIR}|$data_dir_sed|g" \
    -e "s|\${NODE_ID}|$NODE_ID|g" \
    -e "s|\${VOTERS}|$(voters)|g" \
    -e "s|\${REPLICATION}|$replication|g" \
    -e "s|\${MIN_ISR}|$min_isr|g" >>"$CONFIG_FILE.tmp"
  # shellcheck disable=SC2016 # a literal ${ is what we look for
  if grep -nF '${' "$CONFIG_FILE.tmp" >&2; then
    die "unreplaced placeholder in $TEMPLATE_DIR/server.properties (above): see render_config in kafka.sh for the placeholders it knows"
  fi
  mv "$CONFIG_FILE.tmp" "$CONFIG_FILE"
  cp "$TEMPLATE_DIR/log4j.properties" "$LOG4J_FILE"
}

java_opts() {
  local -a heap
  # KAFKA_HEAP holds several flags: split it on whitespace on purpose.
  read -r -a heap <<<"$HEAP"
  LOG_OPTS=("-Dlog4j.configuration=file:$LOG4J_FILE" "-Dkafka.logs.dir=$LOG_DIR")
  BROKER_OPTS=("${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true "${LOG_OPTS[@]}")
}

# A random secret for the scripts' own use (base64url: no character that SCRAM's or JAAS's syntax treats
# specially).
new_secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

# KAFKA_AUTH=scram: the CA, the broker's certificate and keystore, and the admin's password, made once per
# run folder (every node of a cluster shares them). Sets ADMIN_PASSWORD and KEYSTORE_PASSWORD.
ensure_security() {
  [[ $AUTH == scram ]] || return 0
  command -v openssl >/dev/null || die "KAFKA_AUTH=scram needs openssl for the CA and the broker's certificate (Debian: apt-get install openssl)"
  mkdir -p "$SECURITY_DIR/passwords"
  chmod 700 "$SECURITY_DIR"
  local f
  for f in admin keystore; do
    [[ -s $SECURITY_DIR/$f.secret ]] || (umask 077 && new_secret >"$SECURITY_DIR/$f.secret")
  done
  ADMIN_PASSWORD=$(<"$SECURITY_DIR/admin.secret")
  KEYSTORE_PASSWORD=$(<"$SECURITY_DIR/keystore.secret")
  [[ -s $SECURITY_DIR/broker.p12 ]] && return 0
  local out="$SECURITY_DIR/openssl.log"
  (
    umask 077
    cd "$SECURITY_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
      -subj "/O=Atalaya/CN=Atalaya local CA" &&
      openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj /CN=localhost &&
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >broker.ext &&
      openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.pem \
        -days 825 -extfile broker.ext &&
      openssl pkcs12 -export -in broker.pem -inkey broker.key -certfile ca.pem -name broker \
        -out broker.p12.tmp -passout "pass:$KEYSTORE_PASSWORD" &&
      mv broker.p12.tmp broker.p12 && chmod 644 ca.pem
  ) >"$out" 2>&1 || {
    cat "$out" >&2
    die "could not make the CA and the broker's certificate in $SECURITY_DIR (openssl's output above)"
  }
  log "made a CA ($SECURITY_DIR/ca.pem) and the broker's certificate for 127.0.0.1"
}

# The SCRAM users formatting creates: the admin, and one per password file (`atalaya kafka credentials`).
scram_args() {
  SCRAM_ARGS=()
  [[ $AUTH == scram ]] || return 0
  SCRAM_ARGS=(--add-scram "SCRAM-SHA-512=[name=admin,password=$ADMIN_PASSWORD]")
  local file name
  for file in "$SECURITY_DIR"/passwords/*; do
    [[ -f $file ]] || continue
    name=$(basename "$file")
    [[ $name =~ ^[a-z0-9][a-z0-9.-]*$ ]] || die "$file: a principal's name is lower case, digits, dots and dashes"
    SCRAM_ARGS+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$(<"$file")]")
  done
  ((${#SCRAM_ARGS[@]} > 2)) ||
    die "KAFKA_AUTH=scram but no principal in $SECURITY_DIR/passwords: write them first with \`atalaya kafka credentials --dir $SECURITY_DIR\`"
}

# A kcat (librdkafka) configuration per principal, over SASL_SSL with the run's CA: `kcat -F <file> ...`.
write_kcat_configs() {
  [[ $AUTH == scram ]] || return 0
  local dir="$SECURITY_DIR/kcat" file name port tls=
  for port in "${TLS_PORT_LIST[@]}"; do tls+="127.0.0.1:$port,"; done
  mkdir -p "$dir"
  for file in "$SECURITY_DIR"/passwords/*; do
    [[ -f $file ]] || continue
    name=$(basename "$file")
    (
      umask 077
      printf '%s\n' "# kcat -F $dir/$name.conf ...: $name on the SASL_SSL listener" \
        "bootstrap.servers=${tls%,}" security.protocol=SASL_SSL sasl.mechanisms=SCRAM-SHA-512 \
        "sasl.username=$name" "sasl.password=$(<"$file")" "ssl.ca.location=$SECURITY_DIR/ca.pem" >"$dir/$name.conf"
    )
  done
  log "kcat configurations, one per principal: $dir/<principal>.conf (kcat -F $dir/agency-pan.conf -L)"
}

# Formatting writes meta.properties; it must happen exactly once per data folder. The nodes of a cluster
# share one cluster id.
format_storage() {
  [[ -f $DATA_DIR/meta.properties ]] && return 0
  local started cluster_id
  started=$(now_ms)
  if [[ ! -s $CLUSTER_ID_FILE ]]; then
    mkdir -p "$(dirname "$CLUSTER_ID_FILE")"
    java -Xmx128m "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE" 2>>"$LOG_DIR/format.log" ||
      die "could not generate a cluster id; see $LOG_DIR/format.log"
  fi
  cluster_id=$(<"$CLUSTER_ID_FILE")
  if ! java -Xmx128m "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool \
    format -t "$cluster_id" -c "$CONFIG_FILE" --ignore-formatted "${SCRAM_ARGS[@]}" >>"$LOG_DIR/format.log" 2>&1; then
    tail -n 30 "$LOG_DIR/format.log" >&2
    die "formatting $DATA_DIR failed (log above, full log $LOG_DIR/format.log). If the folder holds an old broker's data, remove it: rm -rf '$DATA_DIR'"
  fi
  echo "$AUTH" >"$KAFKA_HOME/auth.mode"
  if [[ $AUTH == scram ]]; then
    # Every node formats with the same users; the list says who exists without asking the broker.
    find "$SECURITY_DIR/passwords" -maxdepth 1 -type f -printf '%f\n' | sort >"$RUN_DIR/kafka/scram.users"
  fi
  log "formatted $DATA_DIR (cluster id $cluster_id) in $(elapsed "$started") s"
}

# A broker formatted without SCRAM users cannot take KAFKA_AUTH=scram later, nor the other way round.
check_auth_mode() {
  [[ -f $DATA_DIR/meta.properties ]] || return 0
  local formatted=none
  [[ -f $KAFKA_HOME/auth.mode ]] && formatted=$(<"$KAFKA_HOME/auth.mode")
  [[ $formatted == "$AUTH" ]] ||
    die "the broker in $KAFKA_HOME was formatted with KAFKA_AUTH=$formatted, not $AUTH: start it as it was, or remove its data to begin again: rm -rf '$RUN_DIR/kafka/data' '$RUN_DIR/kafka/node-'*"
}

# Shows only what this start wrote ($1 = server.log size before it): older runs' lines mislead.
show_logs() {
  local fresh
  fresh=$(tail -c +"$(($1 + 1))" "$SERVER_LOG" 2>/dev/null | tail -n 30 || true)
  printf '\n--- last 30 lines of %s (this start) ---\n' "$SERVER_LOG" >&2
  printf '%s\n' "${fresh:-(nothing written yet)}" >&2
  if [[ -s $STDOUT_LOG ]]; then
    printf -- '--- last 30 lines of %s ---\n' "$STDOUT_LOG" >&2
    tail -n 30 "$STDOUT_LOG" >&2
  fi
  printf -- '---\n' >&2
}

# Starts the selected node's JVM and records where its log stood (LAUNCH_OFFSET); returns at once.
launch_node() {
  local port
  local -a ports=("$PORT" "$CONTROLLER_PORT")
  [[ $AUTH == scram ]] && ports+=("$TLS_PORT")
  for port in "${ports[@]}"; do
    if port_open "$port"; then
      die "port $port is already taken by $(port_owner "$port" || true) — not by the broker of $KAFKA_HOME.
  If it is another Kafka (an older run, another checkout), stop that one; otherwise pick free ports:
  KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 $0 start"
    fi
  done

  check_auth_mode
  ensure_security
  render_config
  java_opts
  scram_args
  format_storage

  # server.log survives restarts: only lines written after this offset count as "started".
  LAUNCH_OFFSET=0
  [[ -f $SERVER_LOG ]] && LAUNCH_OFFSET=$(stat -c %s "$SERVER_LOG")
  echo "$LAUNCH_OFFSET" >"$KAFKA_HOME/launch.offset"

  rm -f "$PID_FILE"
  # A new session keeps the broker alive when the calling terminal or CI step goes away.
  # bash records its own pid and then execs java, so the pid file names the JVM itself.
  # shellcheck disable=SC2016 # $$, $1 and $@ belong to the inner bash
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    java "${BROKER_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG_FILE" \
    </dev/null >"$STDOUT_LOG" 2>&1 &
}

# Waits until the selected node, launched at $1 (ms), serves clients.
await_node() {
  local started=$1 pid= log_offset
  log_offset=$(<"$KAFKA_HOME/launch.offset")
  local deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    [[ -z $pid && -s $PID_FILE ]] && pid=$(<"$PID_FILE")
    if [[ -n $pid ]] && ! is_alive "$pid"; then
      show_logs "$log_offset"
      rm -f "$PID_FILE"
      die "the broker exited during startup (logs above, in $LOG_DIR)"
    fi
    if [[ -n $pid ]] &&
      grep -q 'Kafka Server started' < <(tail -c +"$((log_offset + 1))" "$SERVER_LOG" 2>/dev/null) &&
      port_open "$PORT"; then
      log "Kafka${NODES_LABEL:-} ready on 127.0.0.1:$PORT ($(elapsed "$started") s), pid $pid, logs in $LOG_DIR"
      return 0
    fi
    sleep 0.25
  done

  show_logs "$log_offset"
  log "not ready after ${READY_TIMEOUT}s; stopping it"
  stop_node >&2 || true
  die "Kafka did not become ready within ${READY_TIMEOUT}s (logs above, in $LOG_DIR). On a slow box raise KAFKA_READY_TIMEOUT."
}

label_node() { ((NODES == 1)) && NODES_LABEL= || NODES_LABEL=" node $NODE_ID"; }

# Starts every node that is not running, then waits for all of them: a cluster's nodes need each other
# (the controllers' quorum) before any is ready.
cmd_start() {
  local i pid started
  local -a launched=()
  # Checked before fetching: a changed pom.xml must not swap the jars under a running broker.
  for ((i = 1; i <= NODES; i++)); do
    select_node "$i"
    label_node
    if pid=$(running_pid); then
      log "already running$NODES_LABEL (pid $pid) on 127.0.0.1:$PORT; nothing to do"
    else
      launched+=("$i")
    fi
  done
  ((${#launched[@]} == 0)) && return 0
  cmd_fetch
  require_tools
  started=$(now_ms)
  for i in "${launched[@]}"; do
    select_node "$i"
    launch_node
  done
  for i in "${launched[@]}"; do
    select_node "$i"
    label_node
    await_node "$started"
  done
  add_new_users
  write_kcat_configs
}

# Principals whose password file appeared after the broker was formatted (a reporter or recipient added to
# deploy/topics.yaml, then `atalaya kafka credentials`) get their SCRAM user through Kafka's own ConfigCommand.
add_new_users() {
  [[ $AUTH == scram ]] || return 0
  local known="$RUN_DIR/kafka/scram.users" file name admin_config="$SECURITY_DIR/admin.properties"
  [[ -f $known ]] || return 0
  (
    umask 077
    printf '%s\n' security.protocol=SASL_PLAINTEXT sasl.mechanism=SCRAM-SHA-512 \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$ADMIN_PASSWORD\";" >"$admin_config"
  )
  for file in "$SECURITY_DIR"/passwords/*; do
    [[ -f $file ]] || continue
    name=$(basename "$file")
    grep -qxF "$name" "$known" && continue
    java -Xmx128m "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:${PORT_LIST[0]}" \
      --command-config "$admin_config" --alter --entity-type users --entity-name "$name" \
      --add-config "SCRAM-SHA-512=[password=$(<"$file")]" >>"$LOG_DIR/users.log" 2>&1 ||
      die "could not add the SCRAM user $name (see $LOG_DIR/users.log)"
    echo "$name" >>"$known"
    log "added the SCRAM user $name"
  done
}

stop_node() {
  local pid
  label_node
  if ! pid=$(running_pid); then
    log "not running$NODES_LABEL (run dir $KAFKA_HOME)"
    return 0
  fi
  local started
  started=$(now_ms)
  # SIGTERM runs Kafka's shutdown hook: controlled shutdown and a clean log flush, so the next
  # start skips log recovery.
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while is_alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if is_alive "$pid"; then
    log "still running$NODES_LABEL after ${STOP_TIMEOUT}s; sending SIGKILL to pid $pid. The next start recovers its logs and waits ~10 s for the dead broker's session to expire."
    kill -KILL "$pid" 2>/dev/null || true
    while is_alive "$pid"; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped$NODES_LABEL (pid $pid) in $(elapsed "$started") s"
}

# Every node at once: one by one, the last ones would wait on a quorum that has already left.
cmd_stop() {
  local i
  local -a stopping=()
  for ((i = 1; i <= NODES; i++)); do
    (
      select_node "$i"
      stop_node
    ) &
    stopping+=($!)
  done
  local failed=0
  for pid in "${stopping[@]}"; do wait "$pid" || failed=1; done
  return $failed
}

cmd_status() {
  local i pid down=0
  for ((i = 1; i <= NODES; i++)); do
    select_node "$i"
    label_node
    if pid=$(running_pid); then
      if port_open "$PORT"; then
        log "running$NODES_LABEL, pid $pid, 127.0.0.1:$PORT (run dir $KAFKA_HOME)"
      else
        log "running$NODES_LABEL, pid $pid, but 127.0.0.1:$PORT does not accept connections yet (starting, or see $SERVER_LOG)"
      fi
    else
      log "not running$NODES_LABEL (run dir $KAFKA_HOME; start it with: $0 start)"
      down=3
    fi
  done
  return $down
}

# The bootstrap servers, for KAFKA_BROKERS; with `tls`, the SASL_SSL listeners.
cmd_brokers() {
  local port out=
  local -a ports=("${PORT_LIST[@]}")
  [[ ${1:-} == tls ]] && ports=("${TLS_PORT_LIST[@]}")
  for port in "${ports[@]}"; do out+="127.0.0.1:$port,"; done
  echo "${out%,}"
}

# One node of a cluster: start-node, stop-node (controlled) or kill-node (SIGKILL, a crash).
cmd_node() {
  local action=$1 node=${2:-}
  [[ $node =~ ^[0-9]+$ ]] && ((node >= 1 && node <= NODES)) || die "$action needs a node number from 1 to $NODES, got '$node'"
  select_node "$node"
  label_node
  case $action in
    start-node)
      local pid started
      if pid=$(running_pid); then
        log "already running$NODES_LABEL (pid $pid); nothing to do"
        return 0
      fi
      started=$(now_ms)
      launch_node
      await_node "$started"
      ;;
    stop-node) stop_node ;;
    kill-node)
      local pid
      pid=$(running_pid) || die "node $node is not running"
      kill -KILL "$pid"
      while is_alive "$pid"; do sleep 0.1; done
      rm -f "$PID_FILE"
      log "killed$NODES_LABEL (pid $pid)"
      ;;
  esac
}

check_settings
select_node 1
case ${1:-} in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  brokers) cmd_brokers "${2:-}" ;;
  start-node | stop-node | kill-node) cmd_node "$1" "${2:-}" ;;
  *) usage ;;
esac
