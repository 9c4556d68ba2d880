#!/usr/bin/env bash
# Storage benchmark: appends/s and fsyncs/s through the log thread (batch 1, 16, 256; fsync on
# and off) next to a plain FileChannel write+force loop on the same disk; then the latency
# distribution of one fsync with 1, 2 and 3 writers appending to files of their own (three nodes
# on one machine share its disk: the tail is what a commit at redis-benchmark -P 1 waits for).
# Usage: bench/storage.sh [directory (default: storage/target)] [seconds per run] [payload bytes]
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }

find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME")" -ge 21 ]]; then
    echo "$JAVA_HOME"; return
  fi
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do
    if [[ -x "$d/bin/java" && -x "$d/bin/javac" && "$(java_major "$d")" -ge 21 ]]; then
      echo "$d"; return
    fi
  done
  echo "no JDK >= 21 found (set JAVA_HOME)" >&2; exit 1
}

export JAVA_HOME="$(find_jdk)"
echo "JDK: $JAVA_HOME"
mvn -q -B -pl storage -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="storage/target/test-classes:storage/target/classes:raft/target/classes:$(cat storage/target/bench.classpath)"
DIR="${1:-storage/target}"
mkdir -p "$DIR"
exec "$JAVA_HOME/bin/java" -cp "$CP" io.redraft.storage.bench.StorageBench "$DIR" "${2:-3}" "${3:-100}"
