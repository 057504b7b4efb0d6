#!/usr/bin/env bash
# Installs the tools the test suite drives besides Node: kcat, the non-JavaScript Kafka client that proves
# an agency without kafkajs can publish. Debian's package; as root it installs itself, otherwise it says how.
set -euo pipefail
command -v kcat >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test-tools: installing kcat (Debian package)"
  apt-get install -y -qq kcat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq kcat >/dev/null; }
  exit 0
fi
echo "test-tools: kcat is missing; install it with: sudo apt-get install kcat" >&2
exit 1
