#!/usr/bin/env bash
# A recipient acknowledges an alert it was notified of: its own escalation stops, nobody else's.
#
# Usage: ATALAYA_URL=... ATALAYA_API_KEY=<recipient key> acknowledge.sh ALERT_ID [NOTE]
set -euo pipefail
. "$(dirname "$0")/api.sh"
alert=${1:?usage: acknowledge.sh ALERT_ID [NOTE]}

api POST /v1/acks --data-binary @<(jq -n --arg alertId "$alert" --arg note "${2-}" \
  '{alertId: $alertId} + (if $note == "" then {} else {note: $note} end)')
jq -r '"\(.recipientId) acknowledged \(.alertId) at \(.acknowledgedAt)" + (if .already then " (already)" else "" end)' \
  <<<"$API_BODY"
