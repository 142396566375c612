#!/usr/bin/env bash
# Keeps the layer boundaries of ARCHITECTURE.md: protocol/ knows no server
# code, game/ knows no sockets or Redis, store/ knows no HTTP or WebSocket
# and only its Redis backend (the redis_* files) sees Asio and hiredis.
# Usage: check_layers.sh REPO_ROOT
set -euo pipefail
root=${1:?repo root}
status=0

forbid() {
  local dir=$1 pattern=$2 why=$3
  local hits
  hits=$(grep -rnE "^\s*#\s*include\s*[<\"]($pattern)" "$root/$dir" --include='*.hpp' --include='*.cpp' --include='*.h' || true)
  if [[ -n $hits ]]; then
    echo "layer violation in $dir ($why):"
    echo "$hits"
    status=1
  fi
}

forbid protocol 'boost/|hiredis|game/|store/|net/|app/|cluster/' "protocol knows only JSON"
forbid server/game 'boost/asio|boost/beast|hiredis|store/|net/|app/|cluster/' "game knows no sockets or Redis"
forbid server/store 'boost/beast|net/|app/' "store knows no HTTP or WebSocket"
pure_store=$(grep -lE '^\s*#\s*include\s*[<"](boost/asio|hiredis)' "$root"/server/store/*.[ch]pp \
  | grep -v '/redis_[a-z_]*\.[ch]pp$' || true)
if [[ -n $pure_store ]]; then
  echo "layer violation in server/store (only redis_* files may use Asio or hiredis):"
  echo "$pure_store"
  status=1
fi
forbid server/import 'boost/|hiredis|store/|net/|app/|cluster/' "importers turn text into decks, nothing else"

[[ $status -eq 0 ]] && echo "layers ok: protocol, game, store and import keep their boundaries"
exit $status
