#!/usr/bin/env bash
# Floor peer: compiles FloorServer.java (the JDK only) into the cache folder with the JDK's javac (JAVA_HOME's,
# else the one on PATH). Recompiles only when the source is newer than the class.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

classes=$(peer_cache floor)/classes
class=$classes/io/holdfast/bench/floor/FloorServer.class
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
command -v "$javac" >/dev/null || { say floor "$javac not found: install a JDK 17 or newer"; exit 1; }
if [ ! -f "$class" ] || [ "$here/FloorServer.java" -nt "$class" ]; then
    say floor "compiling $here/FloorServer.java into $classes"
    "$javac" --release 17 -Xlint:all -d "$classes" "$here/FloorServer.java"
fi
say floor "ready: $classes"
