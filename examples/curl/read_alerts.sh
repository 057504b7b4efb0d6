#!/usr/bin/env bash
# A recipient reads the alerts routed to it, and where each one's response actions stand.
#
# Usage: ATALAYA_URL=... ATALAYA_API_KEY=<key> read_alerts.sh [active|past]
#
# One line per alert (its id, to acknowledge it or report on its actions), then each response action of the
# alert: whose it is, when it is due and the latest report on it. Pages through every alert of the status
# asked (active by default). Any key reads the alerts in its scope (docs/api.md); an agency's sees no actions.
set -euo pipefail
. "$(dirname "$0")/api.sh"
status=${1:-active}

cursor=
while :; do
  api GET "/v1/alerts?status=$status&limit=50${cursor:+&cursor=$cursor}"
  page=$API_BODY
  while IFS= read -r alert; do
    jq -r '"\(.alertId)  \(.status) \(.latest.level // "") \(.latest.severity)  \(.latest.trigger.title) at \(.latest.seriesKey), \(.latest.evidence.value // "withheld")"' <<<"$alert"
    api GET "/v1/alerts/$(jq -r '.alertId | @uri' <<<"$alert")"
    jq -r '(.timeline.actions // [])[] | "  action \(.actionId) of \(.organisation), due \(.dueAt): \(.status // "no report")\(if .overdue then ", overdue" else "" end)"' <<<"$API_BODY"
  done < <(jq -c '.items[]' <<<"$page")
  cursor=$(jq -r '.next // empty | @uri' <<<"$page")
  [[ -n $cursor ]] || break
done
