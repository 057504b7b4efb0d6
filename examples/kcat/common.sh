# Sourced by the kcat examples: the settings they share, and the options of the two that read.
#
#   KCAT_CONFIG           your principal's kcat configuration: bootstrap servers, SASL/SCRAM-SHA-512
#                         credentials and the CA (`npm run stack:up` writes one per principal in
#                         .run/stack/kafka/security/kcat/)
#   ATALAYA_TOPIC_PREFIX  the prefix the operators run with, if any
#   ATALAYA_GROUP_ID      the consumer group of the readers; it must start with your principal's name
#                         (default: <principal>-rejections, <principal>-notifications)

: "${KCAT_CONFIG:?set KCAT_CONFIG to the kcat configuration of your principal (examples/kcat/README.md)}"

# `atalaya.<name>.<owner>` under the run's prefix.
topic() { printf '%satalaya.%s.%s' "${ATALAYA_TOPIC_PREFIX-}" "$1" "$2"; }

# The principal the configuration speaks for: the broker only lets it use groups named after it.
principal() { sed -n 's/^sasl\.username=//p' "$KCAT_CONFIG"; }

# --max N and --timeout SECONDS of the readers: kcat's -c, and how long `timeout` lets kcat run.
max=()
seconds=30
while (($# > 0)); do
  case $1 in
    --max) max=(-c "$2") && shift 2 ;;
    --timeout) seconds=$2 && shift 2 ;;
    *) break ;;
  esac
done

# Reads `topic` in the consumer group `group` from the oldest message it has not read, one message a line,
# until --max messages or --timeout seconds; kcat commits what it has read as it goes.
consume() {
  timeout "$seconds" kcat -F "$KCAT_CONFIG" -C -G "$2" -X auto.offset.reset=earliest "${max[@]}" -f '%s\n' "$1"
}

# After a loop over `consume`: its end at --max or at --timeout is success, anything else kcat's failure.
consumed() {
  local status=0
  wait "$1" || status=$?
  ((status == 0 || status == 124)) || {
    echo "kcat failed (exit $status)" >&2
    exit "$status"
  }
}
