#!/usr/bin/env bash
# Python + websockets peer: ops/bench/peers/python/run.sh PORT. Runs in the foreground as this script's PID,
# listening on 127.0.0.1:PORT path /ws. IDLE_TIMEOUT_SECONDS (default 60) is for tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

require_port python "$@"
exec /usr/bin/python3 "$here/server.py" "$1" "$(idle_timeout_seconds)"
