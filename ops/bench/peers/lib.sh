# shellcheck shell=bash
# Sourced by each peer's install.sh and run.sh (ops/bench/peers/<name>/): the peer's cache folder, messages on
# stderr, Debian packages installed only when missing, and the PORT argument checked.
#
# HOLDFAST_BENCH_CACHE  where builds and downloads go (default /tmp/holdfast-bench): one folder per peer, never the
#                       source tree.

# peer_cache NAME: print the peer's cache folder, creating it.
peer_cache()
{
    local dir="${HOLDFAST_BENCH_CACHE:-/tmp/holdfast-bench}/$1"
    mkdir -p "$dir"
    echo "$dir"
}

# say NAME MESSAGE...: one line on stderr.
say()
{
    local name=$1
    shift
    echo "peer $name: $*" >&2
}

# apt_require NAME PACKAGE...: apt-get install the packages that are not installed yet, saying which; the package
# lists are refreshed once if the first attempt fails (a fresh machine has none).
apt_require()
{
    local name=$1 package missing=() sudo=
    shift
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    say "$name" "installing Debian packages: ${missing[*]}"
    if ! $sudo apt-get install -y -q "${missing[@]}" >&2; then
        $sudo apt-get update -q >&2
        $sudo apt-get install -y -q "${missing[@]}" >&2
    fi
}

# require_port NAME ARGS...: exit 2 with a usage line unless the only argument is a TCP port number.
require_port()
{
    local name=$1
    shift
    if [ "$#" -ne 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt 65535 ]; then
        echo "usage: ops/bench/peers/$name/run.sh PORT   (listens on 127.0.0.1:PORT, path /ws)" >&2
        exit 2
    fi
}

# require_installed NAME FILE: exit 1 unless install.sh has made FILE.
require_installed()
{
    [ -e "$2" ] || { say "$1" "$2 missing: run ops/bench/peers/$1/install.sh first"; exit 1; }
}

# idle_timeout_seconds: the idle timeout every peer applies, 60 s unless IDLE_TIMEOUT_SECONDS overrides it (tests).
idle_timeout_seconds()
{
    local seconds=${IDLE_TIMEOUT_SECONDS:-60}
    if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
        echo "IDLE_TIMEOUT_SECONDS must be a positive integer" >&2
        exit 2
    fi
    echo "$seconds"
}
