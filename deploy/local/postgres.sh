#!/usr/bin/env bash
# Makes sure the PostgreSQL that DATABASE_URL names is up and accepts the URL's role.
#
# Usage: deploy/local/postgres.sh ensure
#
# Environment (optional):
#   DATABASE_URL  default postgres://postgres@127.0.0.1:5432/postgres
#   PG_CLUSTER    Debian cluster name to start when the server is local and down (default main)
#
# On a Debian machine where we are root it installs and starts PostgreSQL and, if the local TCP
# login is refused, trusts loopback connections (a development box, never a shared server).
# Everywhere else it prints the commands to run.
set -euo pipefail

DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
CLUSTER=${PG_CLUSTER:-main}

log() { printf 'postgres: %s\n' "$*"; }
die() {
  printf 'postgres: ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  echo "Usage: $0 ensure   (checks DATABASE_URL, starting or installing a local PostgreSQL if needed)" >&2
  exit 2
}

is_debian_root() { [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; }

# Splits DATABASE_URL into PG_HOST, PG_PORT, PG_USER, PG_DB; the password is never printed.
parse_url() {
  local re='^postgres(ql)?://(([^:@/]*)(:[^@/]*)?@)?(\[[^]]+\]|[^:/?]*)(:([0-9]+))?(/([^?]*))?'
  [[ $DATABASE_URL =~ $re ]] ||
    die "DATABASE_URL is not a postgres:// URL (expected postgres://user[:password]@host:port/database)"
  PG_USER=${BASH_REMATCH[3]:-postgres}
  PG_HOST=${BASH_REMATCH[5]:-127.0.0.1}
  PG_HOST=${PG_HOST#[}
  PG_HOST=${PG_HOST%]}
  PG_PORT=${BASH_REMATCH[7]:-5432}
  PG_DB=${BASH_REMATCH[9]:-postgres}
  SAFE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB"
}

is_local_host() { [[ $PG_HOST == 127.0.0.1 || $PG_HOST == localhost || $PG_HOST == ::1 ]]; }

server_answers() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3; }

# Runs a real query: pg_isready says nothing about authentication. -w: never prompt for a password.
try_login() {
  { PGCONNECT_TIMEOUT=5 psql -w -X -q -At -d "$DATABASE_URL" -c 'select 1' >/dev/null; } 2>&1
}

install_hint() {
  cat >&2 <<EOF
  Install and start it (Debian/Ubuntu, as root):
    apt-get update && apt-get install -y postgresql
    pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql | sort -V | tail -n1) main start
  or point DATABASE_URL at a PostgreSQL you already have.
EOF
}

ensure_client() {
  command -v pg_isready >/dev/null && command -v psql >/dev/null && return 0
  if is_debian_root; then
    log "installing PostgreSQL (pg_isready/psql missing)"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  else
    printf 'postgres: ERROR: pg_isready/psql not found.\n' >&2
    install_hint
    exit 1
  fi
}

# Prints the installed major version whose cluster $CLUSTER listens on $PG_PORT (newest first).
local_version() {
  local version conf port
  [[ -d /etc/postgresql ]] || return 1
  for version in $(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -rV); do
    conf=/etc/postgresql/$version/$CLUSTER/postgresql.conf
    [[ -f $conf ]] || continue
    port=$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$conf" | tail -n1)
    if [[ ${port:-5432} == "$PG_PORT" ]]; then
      echo "$version"
      return 0
    fi
  done
  return 1
}

start_local_cluster() {
  local version
  if [[ ! -d /etc/postgresql ]] || [[ -z $(ls -A /etc/postgresql) ]]; then
    if is_debian_root; then
      log "no PostgreSQL installed; installing it"
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    else
      printf 'postgres: ERROR: nothing answers at %s:%s and no PostgreSQL is installed.\n' "$PG_HOST" "$PG_PORT" >&2
      install_hint
      exit 1
    fi
  fi

  if ! version=$(local_version); then
    die "nothing answers at $PG_HOST:$PG_PORT, and no local cluster '$CLUSTER' is configured for port $PG_PORT
  (clusters: $(pg_lsclusters -h 2>/dev/null | awk '{printf "%s/%s on %s (%s); ", $1, $2, $3, $4}')).
  Set DATABASE_URL to the port your cluster uses, or create one: pg_createcluster --start -p $PG_PORT <version> $CLUSTER"
  fi

  if pg_ctlcluster "$version" "$CLUSTER" status >/dev/null 2>&1; then
    die "PostgreSQL $version/$CLUSTER is running but does not answer at $PG_HOST:$PG_PORT.
  Check listen_addresses and port in /etc/postgresql/$version/$CLUSTER/postgresql.conf (e.g. an IPv6 host needs '::1' there), or use 127.0.0.1 in DATABASE_URL."
  fi

  # pg_ctlcluster must run as root or as the cluster owner; it switches user itself when root.
  if [[ $(id -u) -ne 0 && $(id -un) != postgres ]]; then
    die "PostgreSQL $version/$CLUSTER is not running. Start it: sudo pg_ctlcluster --skip-systemctl-redirect $version $CLUSTER start"
  fi
  log "starting PostgreSQL $version/$CLUSTER"
  # --skip-systemctl-redirect: there is no systemd in containers and CI boxes.
  pg_ctlcluster --skip-systemctl-redirect "$version" "$CLUSTER" start ||
    die "pg_ctlcluster could not start $version/$CLUSTER; see /var/log/postgresql/postgresql-$version-$CLUSTER.log"

  local i
  for i in $(seq 1 30); do
    server_answers && return 0
    sleep 1
  done
  die "PostgreSQL $version/$CLUSTER started but $PG_HOST:$PG_PORT does not answer after ${i}s; see /var/log/postgresql/postgresql-$version-$CLUSTER.log"
}

# A fresh Debian install asks for a scram password over TCP even for postgres; a dev box trusts
# loopback instead, so the app's passwordless default URL works.
trust_loopback() {
  local version hba
  version=$(local_version) || return 1
  hba=/etc/postgresql/$version/$CLUSTER/pg_hba.conf
  [[ -w $hba ]] || return 1
  # Already the first rule: the login fails for another reason, and editing again would not help.
  if grep -Ev '^[[:space:]]*(#|$)' "$hba" | head -n1 |
    grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust'; then
    return 1
  fi
  cp -p "$hba" "$hba.bak-atalaya"
  # First matching line wins in pg_hba.conf, so the trust lines go before every other rule.
  {
    echo 'host all all 127.0.0.1/32 trust # added by atalaya deploy/local/postgres.sh (dev box only)'
    echo 'host all all ::1/128 trust # added by atalaya deploy/local/postgres.sh (dev box only)'
    cat "$hba.bak-atalaya"
  } >"$hba"
  log "trusting loopback TCP logins in $hba (backup: $hba.bak-atalaya); reloading"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$CLUSTER" reload
  sleep 0.5
}

cmd_ensure() {
  parse_url
  ensure_client

  if ! server_answers; then
    is_local_host ||
      die "nothing answers at $PG_HOST:$PG_PORT ($SAFE_URL). It is not a local server, so start it where it runs, or fix DATABASE_URL."
    log "nothing answers at $PG_HOST:$PG_PORT; trying to start the local cluster"
    start_local_cluster
  fi

  local err
  if ! err=$(try_login); then
    if is_local_host && [[ $err == *password* || $err == *pg_hba.conf* ]] && is_debian_root && trust_loopback; then
      err=$(try_login) || die "still cannot log in as '$PG_USER' at $SAFE_URL after trusting loopback: $err"
    else
      local hint=
      [[ $err == *password* || $err == *pg_hba.conf* ]] && hint="
  For a local dev server, trust loopback logins: put 'host all all 127.0.0.1/32 trust' at the top of
  pg_hba.conf (sudo -u postgres psql -Atc 'show hba_file' finds it) and reload; or put the password in DATABASE_URL."
      [[ $err == *"role \""*"does not exist"* ]] && hint="
  Create the role: sudo -u postgres createuser --superuser $PG_USER"
      [[ $err == *"database \""*"does not exist"* ]] && hint="
  Create the database: sudo -u postgres createdb -O $PG_USER $PG_DB"
      die "PostgreSQL answers at $PG_HOST:$PG_PORT but login as '$PG_USER' to '$PG_DB' failed: ${err:-unknown error}$hint"
    fi
  fi

  local version
  version=$(PGCONNECT_TIMEOUT=5 psql -w -X -At -d "$DATABASE_URL" -c 'show server_version' 2>/dev/null || echo '?')
  log "PostgreSQL $version ready at $SAFE_URL"
}

case ${1:-} in
  ensure) cmd_ensure ;;
  *) usage ;;
esac
