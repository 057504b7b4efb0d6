#!/usr/bin/env bash
# Sourced by stack.sh and demo.sh: starts the run's broker secured (KAFKA_AUTH=scram, docs/security.md) with a
# SCRAM user per principal of the access plan, creates the topics, applies the ACLs, and leaves this shell
# connected as the operator (the CLI's principal). Needs the CLI built (bootstrap.sh) and ATALAYA_RUN_DIR.
#   secured_kafka_up       after it: ATALAYA_KAFKA_SECURITY_DIR, and KAFKA_SECURITY/KAFKA_SASL_* of the operator
set -euo pipefail

secured_kafka_up() {
  export ATALAYA_KAFKA_SECURITY_DIR="$ATALAYA_RUN_DIR/kafka/security"
  local dir=$ATALAYA_KAFKA_SECURITY_DIR
  node dist/apps/cli/src/main.js kafka credentials --dir "$dir"
  KAFKA_AUTH=scram bash deploy/local/kafka.sh start
  # The ACLs need the broker's own admin; everything after them runs as the operator.
  KAFKA_SECURITY=sasl_plaintext KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="$(cat "$dir/admin.secret")" \
    node dist/apps/cli/src/main.js kafka acls
  (
    umask 077
    printf '%s\n' "# set -a; . $dir/operator.env; set +a   (the atalaya CLI as the operator)" \
      "KAFKA_BROKERS=$KAFKA_BROKERS" KAFKA_SECURITY=sasl_plaintext KAFKA_SASL_USERNAME=operator \
      "KAFKA_SASL_PASSWORD=$(cat "$dir/passwords/operator")" >"$dir/operator.env"
  )
  set -a
  # shellcheck source=/dev/null
  . "$dir/operator.env"
  set +a
}
