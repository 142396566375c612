#!/usr/bin/env bash
# Builds quizroom (Release) and starts the server: port 8080 on every
# interface, the bundled decks, the browser client, and Redis as the store.
# Missing Debian packages are installed first. Extra arguments go to
# quizroom-server (see --help), e.g. deploy/run.sh --port 9000.
#
# The store: --store, QUIZROOM_STORE or QUIZROOM_REDIS_URL when given; else a Redis on
# 127.0.0.1:6379 if one answers; else a redis-server started here in the
# background, with its data in var/redis (AOF, fsync every second), which
# keeps running for the next start (stop it: redis-cli -p 6379 shutdown);
# else, only when Redis cannot be had at all, the in-memory store.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$root/deploy/install-deps.sh"
cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DQUIZROOM_TESTS=OFF -DQUIZROOM_BENCH=OFF >/dev/null
cmake --build "$root/build/release" --target quizroom-server

store_args=()
if [[ " $* " != *" --store"* && -z "${QUIZROOM_REDIS_URL:-}" ]]; then
  store_args=(--store "$("$root/deploy/local-redis.sh")")
fi

exec "$root/build/release/server/app/quizroom-server" \
  --quizzes "$root/quizzes" --static "$root/client-web" "${store_args[@]}" "${log_args[@]}" "$@"
