#!/usr/bin/env bash
# Throughput of the Raft core alone (no I/O): a 3-node in-memory cluster driven by a loop.
# Usage: bench/raft-core.sh [seconds-per-figure]   (prints figures, asserts nothing)
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() { # prints the major version of the java binary $1, or 0
    local v
    v=$("$1" -version 2>&1 | head -n1 | sed -E 's/.*version "([0-9]+)(\.[0-9]+)*.*".*/\1/') || true
    [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_jdk() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && $(java_major "$JAVA_HOME/bin/java") -ge 21 ]]; then
        echo "$JAVA_HOME"; return
    fi
    local d
    for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do
        if [[ -x "$d/bin/java" && -x "$d/bin/javac" && $(java_major "$d/bin/java") -ge 21 ]]; then
            echo "$d"; return
        fi
    done
    echo "no JDK >= 21 found (set JAVA_HOME)" >&2
    exit 1
}

export JAVA_HOME="$(find_jdk)"
echo "JDK: $JAVA_HOME ($(java_major "$JAVA_HOME/bin/java"))"
mvn -q -B ${MVN_FLAGS:-} -pl raft test-compile
exec "$JAVA_HOME/bin/java" -cp raft/target/classes:raft/target/test-classes \
    io.redraft.raft.bench.RaftCoreBench "${1:-3}"
