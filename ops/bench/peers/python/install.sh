#!/usr/bin/env bash
# Python + websockets peer: installs Debian's python3 and python3-websockets when missing. server.py is written for
# the websockets 10.4 API (Debian 12); nothing is built or downloaded into the cache folder.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

apt_require python python3 python3-websockets
version=$(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)')
case "$version" in
    10.*) ;;
    *) say python "warning: server.py is written for websockets 10.4, found $version" ;;
esac
say python "ready: $(/usr/bin/python3 --version), websockets $version"
