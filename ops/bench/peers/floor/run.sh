#!/usr/bin/env bash
# Floor peer (the bare NIO echo loop the echo benchmark reads holdfast against): ops/bench/peers/floor/run.sh PORT.
# Runs the JVM in the foreground as this script's PID, listening on 127.0.0.1:PORT path /ws. It has no idle
# timeout, so IDLE_TIMEOUT_SECONDS is ignored.
#
# JAVA_HOME   picks the JDK (default: java on PATH).
# JAVA_OPTS   replaces the default JVM tuning, ops/bin/holdfast's (ops/config/jvm-tuning.options); ops/config/jvm.options is
#             passed too, as the launcher does, so that the floor and holdfast differ only in the code they run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

require_port floor "$@"
classes=$(peer_cache floor)/classes
require_installed floor "$classes/io/holdfast/bench/floor/FloorServer.class"
default_java_opts="@$here/../../../config/jvm-tuning.options"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" "@$here/../../../config/jvm.options" ${JAVA_OPTS:-$default_java_opts} \
    -cp "$classes" io.holdfast.bench.floor.FloorServer "$1"
