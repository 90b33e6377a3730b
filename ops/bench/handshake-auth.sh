#!/bin/bash
# What JWT authentication adds to a handshake, side by side: holdfast serve without and with holdfast.auth=jwt,
# alternating, each run on a fresh server warmed up by WARMUP x 10,000 handshakes before 10,000 measured ones
# (holdfast load, 5,000/s). Prints CSV: mode, run, established, failed, handshake p50 and p99 (us, client side),
# server CPU (ms) over the measured run. Usage: ops/bench/handshake-auth.sh [RUNS] [WARMUP] (defaults 5 and 4),
# from the project root, built.
set -euo pipefail
runs="${1:-5}"
warmups="${2:-4}"
port=18080
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 32 /dev/urandom | base64 | tr -d '\n' > "$work/jwt.secret"
token=$(python3 - "$work/jwt.secret" <<'PY'
import base64, hashlib, hmac, json, sys, time
key = open(sys.argv[1], 'rb').read()
part = lambda b: base64.urlsafe_b64encode(b).rstrip(b'=')
compact = lambda o: json.dumps(o, separators=(',', ':')).encode()
signing = part(compact({"alg": "HS256", "typ": "JWT"})) + b'.' + \
    part(compact({"sub": "load-user-0001", "exp": int(time.time()) + 3600, "topics": ["news."]}))
print((signing + b'.' + part(hmac.new(key, signing, hashlib.sha256).digest())).decode())
PY
)
load() {
    ops/bin/holdfast load --url "ws://127.0.0.1:$port/ws" --connections 10000 --rate 5000/s --ping 0 --duration 1s "$@"
}
echo "mode,run,established,failed,handshake_p50_us,handshake_p99_us,server_cpu_ms"
for run in $(seq "$runs"); do
    for mode in none jwt; do
        settings=(holdfast.auth=none)
        header=()
        if [ "$mode" = jwt ]; then
            settings=(holdfast.auth=jwt "holdfast.auth.jwt.secret.file=$work/jwt.secret")
            header=(--header "Authorization: Bearer $token")
        fi
        ops/bin/holdfast serve holdfast.listen.address=127.0.0.1 "holdfast.listen.port=$port" \
            holdfast.admin.enabled=false holdfast.status.interval=0 "holdfast.dir=$work/dir" "${settings[@]}" \
            > "$work/serve.log" 2>&1 &
        pid=$!
        for _ in $(seq 100); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
        for _ in $(seq "$warmups"); do load "${header[@]}" > /dev/null 2>&1; done
        sleep 1
        before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        out=$(load "${header[@]}" 2>&1)
        after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        kill "$pid"
        wait "$pid" 2>/dev/null || true
        counts=$(echo "$out" | sed -nE 's/.*established ([0-9]+) connections \(failed ([0-9]+)\).*p50 ([0-9]+) us p99 ([0-9]+) us.*/\1,\2,\3,\4/p')
        echo "$mode,$run,$counts,$(( (after - before) * 1000 / $(getconf CLK_TCK) ))"
    done
done
