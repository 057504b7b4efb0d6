#!/usr/bin/env bash
# Makes a clone runnable: installs the npm packages when package-lock.json changed since the last install,
# then builds. Kafka's jars come with `kafka.sh start`, PostgreSQL with `postgres.sh ensure`.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "bootstrap: Node.js 20 and npm are required (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

stamp=node_modules/.atalaya-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

echo "bootstrap: building"
npm run --silent build
