#!/usr/bin/env bash
# Functional check of one benchmark peer: ops/bench/peers/check.sh PEER   (PEER: go, node, python, netty, floor)
#
# Runs the peer's install.sh, starts its run.sh on a free port with a 3 s idle timeout, waits until the port
# accepts connections, runs check_peer.py (Debian's /usr/bin/python3 with python3-websockets) against it and
# stops the peer. Takes about 25 s, because the count line is printed every 10 s. Not part of mvn verify: the
# peers need packages CI does not install. Exit status 0 when every check passed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=/usr/bin/python3

if [ "$#" -ne 1 ] || [ ! -x "$here/$1/run.sh" ]; then
    echo "usage: ops/bench/peers/check.sh go|node|python|netty|floor" >&2
    exit 2
fi
peer=$1
if ! "$python" -c 'import websockets' 2>/dev/null; then
    echo "check: $python lacks websockets: apt-get install python3-websockets" >&2
    exit 1
fi
"$here/$peer/install.sh"

work=$(mktemp -d)
server_pid=
cleanup()
{
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
idle=3
[ "$peer" != floor ] || idle=0   # the floor has no idle timeout (and ignores the variable)
IDLE_TIMEOUT_SECONDS=$idle "$here/$peer/run.sh" "$port" >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { echo "check: $peer exited: $(tail -5 "$work/err")" >&2; exit 1; }
    sleep 0.1
done
echo "check: $peer (pid $server_pid) listening on 127.0.0.1:$port" >&2
status=0
"$python" "$here/check_peer.py" --url "ws://127.0.0.1:$port/ws" --log "$work/out" --idle "$idle" --name "$peer" ||
    status=$?
kill -0 "$server_pid" 2>/dev/null || { echo "check: $peer died during the check" >&2; status=1; }
if [ -s "$work/err" ]; then echo "check: $peer stderr:" >&2; sed 's/^/    /' "$work/err" >&2; fi
exit "$status"
