#!/usr/bin/env bash
# Netty peer: builds this folder's Maven project (Netty from Maven Central, resolved into the local Maven
# repository as any Maven build does) with its output in the cache folder: holdfast-netty-peer.jar and lib/.
# Rebuilds only when pom.xml or a source file is newer than the jar. Needs a JDK 17+ and mvn (Debian's maven
# otherwise).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

cache=$(peer_cache netty)
jar=$cache/holdfast-netty-peer.jar
command -v mvn >/dev/null || apt_require netty maven
if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]; then
    say netty "building $jar with Maven"
    if ! mvn -B -q -f "$here/pom.xml" -Dpeer.build.directory="$cache" package >"$cache/build.log" 2>&1; then
        cat "$cache/build.log" >&2
        say netty "build failed (log: $cache/build.log)"
        exit 1
    fi
    touch "$jar"   # the jar plugin keeps an unchanged jar's old time
fi
say netty "ready: $jar, $(ls "$cache/lib" | sed -n 's/^netty-transport-\([0-9].*\)\.jar$/Netty \1/p')"
