#!/usr/bin/env bash
# Idle-connection memory: resident set of one holdfast server (launcher defaults) while it holds 0, 5,000,
# 10,000 and 19,000 idle connections, each sending {"type":"ping"} every 30 s and reading the pong.
#
# usage: ops/bench/idle-rss.sh [RESULTS.md]      (default ops/bench/results/idle-rss.md; a .csv goes beside it)
#
# The connection count grows in steps in the same server process. Holders are ops/bench/idle_holder.py processes
# (Debian's /usr/bin/python3 with python3-websockets 10.4), at most PER_HOLDER connections each because the
# open-file limit is 20,000 per process, each from its own source address 127.0.0.2, 127.0.0.3, ... so that no
# address runs short of ephemeral ports. RSS is read once every holder reports its connections open, the server
# counts them established and SETTLE seconds have passed; after the last step it is read again HOLD seconds later,
# once every connection has sent a heartbeat. Marginal bytes per connection = (VmRSS now - VmRSS of the fresh
# idle server) / connections; the figure of merit is the 10,000 row.
#
# Environment: STEPS ("5000 10000 19000"), PER_HOLDER (9500), RATE (2000 connections/s per holder), SETTLE (10),
# HOLD (35), JAVA_OPTS (passed on to the launcher: replaces its default tuning).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
results=${1:-$root/ops/bench/results/idle-rss.md}
csv=${results%.md}.csv
steps=${STEPS:-5000 10000 19000}
per_holder=${PER_HOLDER:-9500}
rate=${RATE:-2000}
settle=${SETTLE:-10}
hold=${HOLD:-35}
python=/usr/bin/python3

work=$(mktemp -d)
holder_pids=()
server_pid=
cleanup()
{
    local pid
    for pid in "${holder_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    for pid in "${holder_pids[@]}" $server_pid; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "idle-rss: $*" >&2; exit 1; }

# wait_until SECONDS WHAT COMMAND...: poll COMMAND every 0.5 s until it succeeds, or give up.
wait_until()
{
    local limit=$((SECONDS + $1)) what=$2
    shift 2
    until "$@"; do
        [ "$SECONDS" -lt "$limit" ] || die "timed out waiting for $what"
        kill -0 "$server_pid" 2>/dev/null || die "server exited: $(tail -3 "$work/server.err")"
        sleep 0.5
    done
}

# The server's sockets only: a holder's socket on another source address may have the same local port.
established() { ss -Htn state established src "127.0.0.1:$port" | wc -l; }
has_established() { [ "$(established)" -eq "$1" ]; }
holders_ready() { local f; for f in "$work"/holder-*.out; do grep -q '^ready' "$f" || return 1; done; }

rows=()
# record CONNECTIONS SECONDS_HELD_LONGER: read the server's RSS and keep a row of the table.
record()
{
    local pmap_kib vm_kib marginal=
    pmap_kib=$(pmap -x "$server_pid" | tail -1 | awk '{print $4}')
    vm_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
    if [ "$1" -eq 0 ]; then
        base_kib=$vm_kib
    else
        marginal=$(( (vm_kib - base_kib) * 1024 / $1 ))
    fi
    rows+=("$1,$2,$pmap_kib,$vm_kib,$marginal")
    echo "idle-rss: $1 connections (+$2 s; server counts $(established)): pmap RSS $pmap_kib KiB," \
        "VmRSS $vm_kib KiB, marginal ${marginal:--} bytes per connection" >&2
}

[ -f "$root/ops/target/holdfast-ops.jar" ] || die "ops/target/holdfast-ops.jar missing: mvn -B -q -o install -DskipTests"
"$python" -c 'import websockets' 2>/dev/null || die "$python lacks websockets (apt-get install python3-websockets)"

"$root/ops/bin/holdfast" serve holdfast.listen.address=127.0.0.1 holdfast.listen.port=0 \
    holdfast.max.connections=auto >"$work/server.out" 2>"$work/server.err" &
server_pid=$!   # the launcher execs the JVM, so this is the JVM
wait_until 60 "the server to listen" grep -q '^holdfast listening on' "$work/server.out"
banner=$(head -1 "$work/server.out")
port=$(sed -E 's/.*:([0-9]+) path.*/\1/' <<<"$banner")
echo "idle-rss: $banner (pid $server_pid)" >&2

sleep "$settle"
record 0 0

held=0
holders=0
for target in $steps; do
    rm -f "$work"/holder-*.out
    while [ "$held" -lt "$target" ]; do
        count=$(( target - held < per_holder ? target - held : per_holder ))
        holders=$((holders + 1))
        : >"$work/holder-$holders.out"
        "$python" "$root/ops/bench/idle_holder.py" --url "ws://127.0.0.1:$port/ws" --count "$count" --rate "$rate" \
            --local-addr "127.0.0.$((holders + 1))" >"$work/holder-$holders.out" 2>"$work/holder-$holders.err" &
        holder_pids+=($!)
        echo "idle-rss: holder $holders (pid $!, 127.0.0.$((holders + 1))): $count connections" >&2
        held=$((held + count))
    done
    wait_until 120 "holders to connect" holders_ready
    ! grep -q '^ready [0-9]* [1-9]' "$work"/holder-*.out || die "connections failed: $(cat "$work"/holder-*.out)"
    wait_until 60 "the server to count $target connections" has_established "$target"
    sleep "$settle"
    has_established "$target" || die "server holds $(established) connections, expected $target"
    record "$target" 0
done
if [ "$hold" -gt 0 ]; then
    sleep "$hold"
    record "$held" "$hold"
fi

# Totals from each holder's last status line.
total() { for f in "$work"/holder-*.err; do grep -o "$1 [0-9]*" "$f" | tail -1 || true; done | awk '{n += $2} END {print n + 0}'; }
pongs=$(total pongs)
closed=$(total closed)

mkdir -p "$(dirname "$results")"
{
    echo "# holdfast idle-connection RSS"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD)," \
        "$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1), JVM options: ${JAVA_OPTS:-launcher defaults}; $banner."
    echo "Holders: $holders idle_holder.py processes (at most $per_holder connections each, $rate/s), heartbeat" \
        "every 30 s; $pongs pongs read, $closed connections closed early. RSS read $settle s after each step."
    echo
    echo "| connections | pmap RSS KiB | VmRSS KiB | marginal bytes per connection |"
    echo "| ---: | ---: | ---: | ---: |"
    for row in "${rows[@]}"; do
        IFS=, read -r c later p v m <<<"$row"
        [ "$later" -eq 0 ] || c="$c (+$later s)"
        echo "| $c | $p | $v | ${m:--} |"
    done
} | tee "$results"
{
    echo "connections,held_longer_s,pmap_rss_kib,vmrss_kib,marginal_bytes_per_connection"
    printf '%s\n' "${rows[@]}"
} >"$csv"
echo "idle-rss: wrote $results and $csv" >&2
