#!/usr/bin/env bash
# Node.js + ws peer: ops/bench/peers/node/run.sh PORT. Runs in the foreground as this script's PID, listening on
# 127.0.0.1:PORT path /ws. IDLE_TIMEOUT_SECONDS (default 60) is for tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

require_port node "$@"
modules=$(peer_cache node)/node_modules
require_installed node "$modules/ws"
NODE_PATH=$modules exec node "$here/server.js" "$1" "$(idle_timeout_seconds)"
