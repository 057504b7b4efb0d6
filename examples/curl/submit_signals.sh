#!/usr/bin/env bash
# An agency sends its figures through the HTTP door: FILE holds one signal as JSON, or an array of at most 500.
#
# Usage: ATALAYA_URL=... ATALAYA_API_KEY=<agency key> [ATALAYA_DRY_RUN=1] submit_signals.sh FILE
#
# Atalaya answers 202 with a result per item: accepted, duplicate (already taken: re-sending is always safe)
# or rejected with the stable code, the JSON path at fault, a message and the code's entry (help: what it
# means and what to do, docs/codes.md). Rejections also reach your rejection topic. With ATALAYA_DRY_RUN=1
# the items are only judged (200, nothing kept or sent on: docs/conformance.md).
set -euo pipefail
. "$(dirname "$0")/api.sh"
file=${1:?usage: submit_signals.sh FILE}

api POST "/v1/signals${ATALAYA_DRY_RUN:+?dryRun=true}" --data-binary @"$file"
jq -r --arg status "$API_STATUS" '
  "HTTP \($status), request \(.requestId): \(.counts.accepted // 0) accepted, \(.counts.duplicate // 0) duplicate, \(.counts.rejected // 0) rejected",
  (.results[] | "  [\(.index)] \(.signalId // "(no signalId)") \(.status)"
    + (if .status == "rejected" then " \(.code) at \(.path): \(.message) (see \(.help))" else "" end))' <<<"$API_BODY"
