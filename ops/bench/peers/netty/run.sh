#!/usr/bin/env bash
# Netty peer: ops/bench/peers/netty/run.sh PORT. Runs the JVM in the foreground as this script's PID, listening on
# 127.0.0.1:PORT path /ws. IDLE_TIMEOUT_SECONDS (default 60) is for tests; NETTY_TRANSPORT=nio picks the NIO
# transport instead of native epoll.
#
# JAVA_HOME   picks the JDK (default: java on PATH).
# JAVA_OPTS   replaces the default JVM tuning below. Leak detection is always off (Netty's own advice for
#             production; sampling allocates).
#
# The default tuning is holdfast's launcher's (serial collector, 256 KiB thread stacks, direct memory capped at
# 256 MiB, native heap trimming) with a larger heap and no fixed young generation, because Netty makes garbage per
# message where holdfast makes none: the two JVMs differ in what the code needs, not in how the JVM is set up.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"

require_port netty "$@"
jar=$(peer_cache netty)/holdfast-netty-peer.jar
require_installed netty "$jar"
default_java_opts="-Xms8m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseSerialGC -Xss256k"
default_java_opts="$default_java_opts -XX:+UnlockExperimentalVMOptions -XX:+IgnoreUnrecognizedVMOptions"
default_java_opts="$default_java_opts -XX:TrimNativeHeapInterval=5000"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Dio.netty.leakDetection.level=disabled ${JAVA_OPTS:-$default_java_opts} \
    -jar "$jar" "$1" "$(idle_timeout_seconds)"
