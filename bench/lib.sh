# shellcheck shell=bash
# Helpers shared by the bench scripts that start servers. Source it after `set -euo pipefail`:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sets bin_dir (the repo's bin/) and root (the repo). Messages start with "$bench_name:" (default
# "bench"; set bench_name before sourcing to change it).

bin_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../bin" && pwd)
root=$(dirname "$bin_dir")
bench_name=${bench_name:-bench}

require_tools() { # install-hint tool...: exits when a tool is not on PATH
    local hint=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$bench_name: $tool missing: apt-get install $hint" >&2; exit 1; }
    done
}

# Finds Java 21+ (sets JAVA, exports JAVA_HOME) and builds the shaded server jar if it is missing.
require_server_jar() {
    . "$bin_dir/find-java" || exit 1
    [ -f "$root/server/target/redraft-server.jar" ] || (cd "$root" && mvn -q -B -DskipTests package -pl server -am)
}

# Creates the scratch directory $work (/tmp/<prefix>.XXXXXX). On exit every process whose pid
# was added to the pids array is killed and $work is removed, however the script ends.
make_work_dir() { # prefix
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    pids=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

wait_ping() { # port: waits up to 30 s for PONG, else exits
    for _ in $(seq 1 300); do
        [ "$(redis-cli -p "$1" PING 2>/dev/null)" = PONG ] && return 0
        sleep 0.1
    done
    echo "$bench_name: port $1 did not come up" >&2; exit 1
}

wait_writable() { # port key value: retries SET for up to 10 s (a new leader may not serve yet)
    for _ in $(seq 1 100); do
        [ "$(redis-cli -p "$1" SET "$2" "$3" 2>/dev/null)" = OK ] && break
        sleep 0.1
    done
}
