#!/usr/bin/env bash
# Runs the end-to-end browser test (e2e/game.mjs) with the arguments given,
# installing playwright-core from package-lock.json first when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
node=${QUIZROOM_NODE:-node}
if [[ ! -f node_modules/playwright-core/package.json ]]; then
  echo "browser-e2e: installing playwright-core (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
if [[ ! -x ${QUIZROOM_CHROMIUM:-/usr/bin/chromium} ]]; then
  echo "browser-e2e: ${QUIZROOM_CHROMIUM:-/usr/bin/chromium} is missing: install Debian's chromium (deploy/install-deps.sh)" >&2
  exit 1
fi
exec "$node" e2e/game.mjs "$@"
