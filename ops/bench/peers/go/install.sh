#!/usr/bin/env bash
# Go + gorilla/websocket peer: installs Debian's golang-go and golang-github-gorilla-websocket-dev when missing and
# builds main.go offline in GOPATH mode (gorilla's source is in /usr/share/gocode) into the cache folder. Rebuilds
# only when main.go is newer than the binary.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

cache=$(peer_cache go)
apt_require go golang-go golang-github-gorilla-websocket-dev
binary=$cache/holdfast-go-peer
if [ ! -x "$binary" ] || [ "$here/main.go" -nt "$binary" ]; then
    say go "building $binary with $(go version | cut -d' ' -f3), gorilla/websocket" \
        "$(dpkg-query -W -f='${Version}' golang-github-gorilla-websocket-dev)"
    (cd "$here" && GO111MODULE=off GOPATH="$cache/gopath:/usr/share/gocode" GOCACHE="$cache/gocache" \
        go build -o "$binary" main.go)
fi
say go "ready: $binary"
