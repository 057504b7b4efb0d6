#!/usr/bin/env bash
# A recipient reads its notifications on atalaya.notify.<recipientId> with kcat, and acknowledges each with a
# CAP 1.2 Ack on atalaya.acks.<recipientId>.
#
# Usage: ATALAYA_RECIPIENT=iom ATALAYA_CAP_SENDER=duty@iom.int read_notifications.sh [--max N]
#          [--timeout SECONDS] [NOTE]
#
# Prints every alert of each notification with the response actions it puts on you, then sends an Ack that
# references the CAP message of each alert as `sender,identifier,sent` (docs/cap.md): your escalation stops,
# nobody else's. kcat commits what it reads as it goes, so a notification whose Ack failed is not read again
# by the same group: the script stops and names it (the Python example commits only after the Ack).
set -euo pipefail
. "$(dirname "$0")/common.sh"
recipient=${ATALAYA_RECIPIENT:?set ATALAYA_RECIPIENT to your recipient id, e.g. ops_pan}
sender=${ATALAYA_CAP_SENDER:?set ATALAYA_CAP_SENDER to the address your Acks are sent from}
note=${1-}
topic=$(topic notify "$recipient")
acks=$(topic acks "$recipient")
ack_file=$(mktemp)
trap 'rm -f "$ack_file"' EXIT

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' <<<"$1"; }

# CAP writes identifier, sender and sent once each, at the top of the alert and before any info block, so the
# first of each is the message's own.
references() {
  jq -r '[.alerts[].cap
    | [capture("<sender>(?<v>[^<]*)</sender>").v, capture("<identifier>(?<v>[^<]*)</identifier>").v,
       capture("<sent>(?<v>[^<]*)</sent>").v] | join(",")] | join(" ")' <<<"$1"
}

# A CAP 1.2 Ack, its elements in the order the CAP schema requires.
cap_ack() {
  local identifier=$1 references=$2
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>$identifier</identifier>
  <sender>$(xml_escape "$sender")</sender>
  <sent>$(date -u +%Y-%m-%dT%H:%M:%S-00:00)</sent>
  <status>Actual</status>
  <msgType>Ack</msgType>
  <scope>Private</scope>
  <addresses>${references%%,*}</addresses>${note:+
  <note>$(xml_escape "$note")</note>}
  <references>$references</references>
</alert>
XML
}

count=0
while IFS= read -r notification; do
  jq -r '"\(.notificationId) (\(.reason)):", (.alerts[]
    | (.event | "  \(.type) \(.level // "") \(.severity): \(.trigger.title) at \(.seriesKey), \(.evidence.value // "withheld") (alert \(.alertId))"),
      (.actions[] | "    your action \(.id), due \(.deadline): \(.description)"))' <<<"$notification"
  identifier="ack-$(jq -r .notificationId <<<"$notification")"
  cap_ack "$identifier" "$(references "$notification")" >"$ack_file"
  kcat -F "$KCAT_CONFIG" -P -t "$acks" -k "$identifier" -X enable.idempotence=true -X acks=all \
    -X message.timeout.ms=30000 "$ack_file" || {
    echo "the Ack $identifier was not delivered: acknowledge it again (or through the API)" >&2
    exit 1
  }
  echo "  acknowledged with CAP Ack $identifier on $acks"
  count=$((count + 1))
done < <(consume "$topic" "${ATALAYA_GROUP_ID:-$(principal)-notifications}")
consumed $!
echo "$count notifications read from $topic"
