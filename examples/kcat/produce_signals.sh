#!/usr/bin/env bash
# An agency publishes its figures with kcat: each line of FILE, one signal as JSON, to atalaya.signals.<ISO3>.
#
# Usage: ATALAYA_REPORTER=PAN produce_signals.sh FILE
#
# Each message is keyed by its series (reporter/indicator/country/admin1/place, "-" for a part left out) so
# that a series keeps its order, and carries the line exactly as written. The producer is idempotent and
# waits for every in-sync replica. Atalaya judges every signal: read what it refused with read_rejections.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"
file=${1:?usage: produce_signals.sh FILE}
topic=$(topic signals "${ATALAYA_REPORTER:?set ATALAYA_REPORTER to your state (ISO 3166-1 alpha-3)}")

# "<series key><TAB><the line>" for every line, all of them read before anything is sent, so a line that is
# not JSON stops the script with nothing sent.
keyed=$(jq -R -r 'select(length > 0)
  | (fromjson | [.reporter, .indicator, .location.country, .location.admin1, .location.place]
     | map(. // "-") | join("/")) + "\t" + .' "$file")

kcat -F "$KCAT_CONFIG" -P -t "$topic" -K $'\t' -X enable.idempotence=true -X acks=all \
  -X message.timeout.ms=30000 <<<"$keyed"
echo "$(wc -l <<<"$keyed") signals delivered to $topic"
