#!/usr/bin/env bash
# An organisation reports where it stands on a response action assigned to it.
#
# Usage: ATALAYA_URL=... ATALAYA_API_KEY=<recipient key> report_action.sh ALERT_ID ACTION_ID STATUS [NOTE]
#
# STATUS is acknowledged, in_progress, done or declined (say why in NOTE); read_alerts.sh lists the actions.
set -euo pipefail
. "$(dirname "$0")/api.sh"
usage='usage: report_action.sh ALERT_ID ACTION_ID acknowledged|in_progress|done|declined [NOTE]'
alert=${1:?$usage}
action=${2:?$usage}
status=${3:?$usage}

api POST /v1/actions --data-binary @<(jq -n --arg alertId "$alert" --arg actionId "$action" \
  --arg status "$status" --arg note "${4-}" \
  '{alertId: $alertId, actionId: $actionId, status: $status} + (if $note == "" then {} else {note: $note} end)')
jq -r '"\(.actionId) of \(.alertId): \(.status), reported at \(.reportedAt)"' <<<"$API_BODY"
