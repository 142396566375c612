#!/usr/bin/env bash
# Builds quizroom (Release) and starts the server: port 8080 on every
# interface, the bundled decks, the browser client, the embedded store.
# Missing Debian packages are installed first. Extra arguments go to
# quizroom-server (see --help), e.g. deploy/run.sh --port 9000.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$root/deploy/install-deps.sh"
cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DQUIZROOM_TESTS=OFF >/dev/null
cmake --build "$root/build/release" --target quizroom-server
exec "$root/build/release/server/app/quizroom-server" \
  --quizzes "$root/quizzes" --static "$root/client-web" "$@"
