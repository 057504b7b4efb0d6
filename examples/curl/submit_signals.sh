#!/usr/bin/env bash
# An agency sends its figures through the HTTP door: FILE holds one signal as JSON, or an array of at most 500.
#
# Usage: ATALAYA_URL=... ATALAYA_API_KEY=<agency key> submit_signals.sh FILE
#
# Atalaya answers 202 with a result per item: accepted, duplicate (already taken: re-sending is always safe)
# or rejected with the stable code, the JSON path at fault and a message (docs/intake.md). Rejections also
# reach your rejection topic.
set -euo pipefail
. "$(dirname "$0")/api.sh"
file=${1:?usage: submit_signals.sh FILE}

api POST /v1/signals --data-binary @"$file"
jq -r --arg status "$API_STATUS" '
  "HTTP \($status), request \(.requestId): \(.counts.accepted // 0) accepted, \(.counts.duplicate // 0) duplicate, \(.counts.rejected // 0) rejected",
  (.results[] | "  [\(.index)] \(.signalId // "(no signalId)") \(.status)"
    + (if .status == "rejected" then " \(.code) at \(.path): \(.message)" else "" end))' <<<"$API_BODY"
