#!/usr/bin/env bash
# Prints the store the server should use when none was given: a Redis that
# answers on 127.0.0.1:6379, else a redis-server started here in the
# background with its data in var/redis (AOF, fsync every second; it keeps
# running for the next start: `redis-cli -p 6379 shutdown` stops it), else,
# only when Redis cannot be had at all, the in-memory store (said on stderr).
# Usage: deploy/local-redis.sh [PORT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-6379}

answers() {
  redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG
}

if ! answers && command -v redis-server >/dev/null; then
  mkdir -p "$root/var/redis"
  echo "local-redis: starting redis-server on 127.0.0.1:$port (data in var/redis)" >&2
  redis-server --bind 127.0.0.1 --port "$port" --dir "$root/var/redis" \
    --appendonly yes --appendfsync everysec --daemonize yes \
    --pidfile "$root/var/redis/redis-$port.pid" --logfile "$root/var/redis/redis-$port.log" \
    >&2 || true
  for _ in $(seq 50); do answers && break; sleep 0.1; done
fi
if answers; then
  echo "redis://127.0.0.1:$port"
else
  echo "local-redis: no Redis could be reached or started; using the in-memory store" \
    "(games do not survive a restart)" >&2
  echo memory
fi
