#!/usr/bin/env bash
# Node.js + ws peer: npm installs ws into the cache folder when it is missing there. Needs node and npm on PATH
# (the machine's Node.js; Debian's nodejs and npm otherwise).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

ws_version=8.23.0   # the newest ws 8 when this peer was written; pinned so runs compare like with like
cache=$(peer_cache node)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_require node nodejs npm
fi
if [ "$(node -p "try { require('$cache/node_modules/ws/package.json').version } catch (e) { '' }")" != "$ws_version" ]
then
    say node "installing ws@$ws_version into $cache with npm"
    npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "ws@$ws_version" >&2
fi
say node "ready: node $(node --version), ws $ws_version in $cache/node_modules"
