#!/usr/bin/env bash
# An agency reads what Atalaya refused of its signals, on atalaya.rejections.<ISO3>, which only it may read.
#
# Usage: ATALAYA_REPORTER=PAN read_rejections.sh [--max N] [--timeout SECONDS]
#
# One line per rejection: the signal, its stable code (docs/intake.md lists them), the JSON path of the field
# at fault and what to do about it. The consumer group remembers what was read: the next run starts after it.
set -euo pipefail
. "$(dirname "$0")/common.sh"
topic=$(topic rejections "${ATALAYA_REPORTER:?set ATALAYA_REPORTER to your state (ISO 3166-1 alpha-3)}")

count=0
while IFS= read -r rejection; do
  jq -r '"\(.signalId // "(no signalId)"): \(.code) at \(.path): \(.message)\n  see \(.help)"' <<<"$rejection"
  count=$((count + 1))
done < <(consume "$topic" "${ATALAYA_GROUP_ID:-$(principal)-rejections}")
consumed $!
echo "$count rejections read from $topic"
