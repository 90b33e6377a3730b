#!/usr/bin/env bash
# Go + gorilla/websocket peer: ops/bench/peers/go/run.sh PORT. Runs in the foreground as this script's PID,
# listening on 127.0.0.1:PORT path /ws. IDLE_TIMEOUT_SECONDS (default 60) is for tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

require_port go "$@"
binary=$(peer_cache go)/holdfast-go-peer
require_installed go "$binary"
exec "$binary" "$1" "$(idle_timeout_seconds)"
