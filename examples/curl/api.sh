# Sourced by the curl examples: one call to Atalaya's gateway with your API key.
#
#   ATALAYA_URL      the gateway, e.g. http://127.0.0.1:3000 (`npm run stack:up` prints it)
#   ATALAYA_API_KEY  your key, shown once when an operator issued it (`atalaya keys issue ...`)

: "${ATALAYA_URL:?set ATALAYA_URL to the gateway, e.g. http://127.0.0.1:3000}"
: "${ATALAYA_API_KEY:?set ATALAYA_API_KEY to the key an operator issued you (docs/api.md)}"

# api METHOD PATH [curl options...]: the answer's body in API_BODY and its status in API_STATUS. Anything
# but a 2xx stops the script with the gateway's code and message. The key goes to curl as a header file,
# never on its command line, where any user of the machine could read it.
api() {
  local method=$1 path=$2 answer
  shift 2
  answer=$(curl -sS -X "$method" -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -H @<(printf 'Authorization: Bearer %s\n' "$ATALAYA_API_KEY") "$@" "$ATALAYA_URL$path")
  API_BODY=${answer%$'\n'*}
  API_STATUS=${answer##*$'\n'}
  if [[ $API_STATUS != 2* ]]; then
    jq -r --arg status "$API_STATUS" '"HTTP \($status) \(.code): \(.message)"' <<<"$API_BODY" >&2
    exit 1
  fi
}
