#!/usr/bin/env bash
# Installs the tools the test suite drives besides Node, from Debian's packages; as root on Debian it
# installs them itself, otherwise it says how:
# - kcat, the non-JavaScript Kafka client that proves an agency without kafkajs can publish;
# - promtool, Prometheus's checker for the services' /metrics and deploy/observability's rules. Only the
#   binary is taken out of the `prometheus` package (into /usr/local/bin): installing the package would
#   start a Prometheus server from its init script (decision 0018);
# - chromium, the browser test/dashboard.e2e-spec.ts drives through playwright-core. Debian's own build:
#   the suite never downloads a browser.
# - python3-confluent-kafka, the Python client test/examples.e2e-spec.ts runs examples/python with (Debian's
#   /usr/bin/python3 and its package, never pip), and jq, which the kcat and curl examples read JSON with.
set -euo pipefail

is_debian_root() { [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; }

install_kcat() {
  echo "test-tools: installing kcat (Debian package)"
  apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }
}

install_chromium() {
  echo "test-tools: installing chromium (Debian package)"
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
}

install_python3_confluent_kafka() {
  echo "test-tools: installing python3-confluent-kafka (Debian package)"
  apt-get install -y -qq python3-confluent-kafka >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq python3-confluent-kafka >/dev/null; }
}

install_jq() {
  echo "test-tools: installing jq (Debian package)"
  apt-get install -y -qq jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
}

install_promtool() {
  echo "test-tools: installing promtool (from Debian's prometheus package, without the server)"
  local tmp
  tmp=$(mktemp -d)
  # apt-get download writes into the working directory; the package's scripts never run.
  (cd "$tmp" && { apt-get download -qq prometheus 2>/dev/null || { apt-get update -qq && apt-get download -qq prometheus; }; })
  dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
  install -m 0755 "$tmp/usr/bin/promtool" /usr/local/bin/promtool
  rm -rf "$tmp"
}

missing=()
command -v kcat >/dev/null || missing+=(kcat)
command -v promtool >/dev/null || missing+=(promtool)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
/usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null || missing+=(python3_confluent_kafka)
command -v jq >/dev/null || missing+=(jq)
((${#missing[@]} == 0)) && exit 0

if is_debian_root; then
  for tool in "${missing[@]}"; do "install_$tool"; done
  exit 0
fi
for tool in "${missing[@]}"; do
  case $tool in
    kcat) echo "test-tools: kcat is missing; install it with: sudo apt-get install kcat" >&2 ;;
    chromium) echo "test-tools: chromium is missing; install it with: sudo apt-get install chromium" >&2 ;;
    python3_confluent_kafka)
      echo "test-tools: Python's confluent_kafka is missing; install it with: sudo apt-get install python3-confluent-kafka" >&2
      ;;
    jq) echo "test-tools: jq is missing; install it with: sudo apt-get install jq" >&2 ;;
    promtool)
      echo "test-tools: promtool is missing; install it with: sudo apt-get install prometheus" \
        "&& sudo systemctl disable --now prometheus (only its promtool is used)" >&2
      ;;
  esac
done
exit 1
