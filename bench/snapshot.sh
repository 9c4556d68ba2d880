#!/usr/bin/env bash
# What a snapshot costs a serving node: latency of a SET/GET load with and without a snapshot
# of a large keyspace being written, and the live heap during the snapshot against the dataset.
#
#   bench/snapshot.sh [-k keys] [-n requests] [-c clients]
#
# One Redraft node (raft.log-fsync no, so the disk does not dominate), loaded with <keys>
# (default 1M) 30-byte strings through redis-cli --pipe. Then:
#   1. baseline: redis-benchmark -P 1 SET,GET (random keys among the loaded ones), no snapshot;
#   2. the same load while RAFT.DEBUG COMPACT runs back to back for the whole benchmark, so every
#      request is served while some snapshot of the whole keyspace is being written;
#   3. one more COMPACT while live heap is sampled (jcmd GC.run + GC.heap_info, every 0.5 s;
#      full GCs pause the node, which is why this is separate from the latency runs);
#   4. a second node joins: it receives the snapshot and parses it off its node thread (INFO
#      says raft_state:loading meanwhile); prints how long, and its node thread's pause.
# Prints p50/p99 for both runs, their ratio (target: p99 within 3x), snapshots written during
# run 2, and peak live heap during the snapshot / live heap before it (target: < 2x).
# Timing is printed, never asserted. The load average is printed too (shared machine).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
keys=1000000 requests=300000 clients=50
while getopts "k:n:c:" o; do
    case $o in k) keys=$OPTARG ;; n) requests=$OPTARG ;; c) clients=$OPTARG ;; *) exit 2 ;; esac
done
require_tools redis-tools redis-benchmark redis-cli
require_server_jar
jcmd="$(dirname "$(command -v "$JAVA")" 2>/dev/null || true)/jcmd"
[ -x "$jcmd" ] || jcmd=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd

make_work_dir redraft-snapbench
port=${REDRAFT_BENCH_PORT:-5201}
cli() { redis-cli -p "$port" "$@"; }
info_field() { cli INFO "$1" | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'; }

echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
REDRAFT_JVM_OPTS=${REDRAFT_JVM_OPTS:-} "$bin_dir/redraft-server" --port "$port" --bind 127.0.0.1 --dir "$work" \
    --dbfilename snap.rdb --logfile "$work/redraft.log" --raft.log-fsync no \
    --raft.log-max-file-size 0 --raft.addr "127.0.0.1:$port" >"$work/out.log" 2>&1 &
pid=$!
pids+=("$pid"); wait_ping "$port"
cli RAFT.CLUSTER INIT >/dev/null
wait_writable "$port" probe x

echo "bench: loading $keys keys"
start=$(date +%s.%N)
awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:%012d", i); v = sprintf("value-%024d", i);
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' | cli --pipe >/dev/null
echo "bench: loaded $(cli DBSIZE) keys in $(echo "$(date +%s.%N) - $start" | bc) s"

live_heap() { # MB of live heap: full GC first
    "$jcmd" "$pid" GC.run >/dev/null
    "$jcmd" "$pid" GC.heap_info | awk '/garbage-first heap|total [0-9]+K, used/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }'
}

# redis-benchmark keys are key:__rand_int__ (12 digits, zero padded), as loaded above.
bench() {
    redis-benchmark -p "$port" -n "$requests" -c "$clients" -P 1 -t set,get -r "$keys" -d 30 --csv 2>/dev/null |
        tail -n +2 | tr -d '"' | awk -F, '{ printf "%-4s rps %9s  p50 %6s ms  p99 %6s ms\n", $1, $2, $5, $7 }'
}

echo "bench: 1. no snapshot"
base=$(bench); echo "$base"

echo "bench: 2. snapshots written back to back during the same load"
before=$(info_field raft raft_snapshots_created)
bench >"$work/during" &
bpid=$!
while kill -0 "$bpid" 2>/dev/null; do cli RAFT.DEBUG COMPACT >/dev/null || sleep 0.2; done
wait "$bpid" || true
after=$(info_field raft raft_snapshots_created)
during=$(cat "$work/during"); echo "$during"
echo "bench: snapshots completed during run 2: $((after - before)); last took $(info_field raft raft_snapshot_time_secs) s," \
     "file $(info_field raft raft_snapshot_size) bytes"
for t in SET GET; do
    b=$(echo "$base" | awk -v t=$t '$1 == t { print $8 }')
    d=$(echo "$during" | awk -v t=$t '$1 == t { print $8 }')
    [ -n "$b" ] && [ -n "$d" ] && echo "bench: $t p99 with snapshot / without: $(echo "scale=2; $d / $b" | bc)x (target < 3x)"
done

echo "bench: 3. live heap during a snapshot (with a SET load so values are copied)"
dataset=$(live_heap)
redis-benchmark -p "$port" -n "$requests" -c "$clients" -P 1 -t set -r "$keys" -d 30 -q >/dev/null 2>&1 &
lpid=$!
sleep 0.5
cli RAFT.DEBUG COMPACT 1 >/dev/null
peak=$dataset
while [ "$(info_field raft raft_snapshot_in_progress)" = yes ]; do
    h=$(live_heap); [ "$h" -gt "$peak" ] && peak=$h
    sleep 0.5
done
kill "$lpid" 2>/dev/null || true; wait "$lpid" 2>/dev/null || true
echo "bench: live heap before the snapshot ${dataset} MB, peak during it ${peak} MB:" \
     "$(echo "scale=2; $peak / $dataset" | bc)x (target < 2x)"
# Storage installs a written snapshot on its log thread (CRC, metadata, rename, log rewrite); the
# node thread only opens the view, hands the file over and completes: both figures per snapshot.
echo "bench: storage install (log thread, ms) of the snapshots above:" \
     "$(grep -o 'installed by storage in [0-9]* ms' "$work/redraft.log" | awk '{ printf "%s ", $5 }')"
echo "bench: node thread busy per snapshot (us):" \
     "$(grep -o 'node thread busy [0-9]* us' "$work/redraft.log" | awk '{ printf "%s ", $4 }')"

echo "bench: 4. a second node joins and installs the leader's snapshot"
port2=$((port + 1))
mkdir -p "$work/n2"
REDRAFT_JVM_OPTS=${REDRAFT_JVM_OPTS:-} "$bin_dir/redraft-server" --port "$port2" --bind 127.0.0.1 --dir "$work/n2" \
    --dbfilename snap.rdb --logfile "$work/n2/redraft.log" --raft.log-fsync no \
    --raft.log-max-file-size 0 --raft.addr "127.0.0.1:$port2" >"$work/n2/out.log" 2>&1 &
pid2=$!
pids+=("$pid2"); wait_ping "$port2"
start=$(date +%s.%N)
redis-cli -p "$port2" RAFT.CLUSTER JOIN "127.0.0.1:$port" >/dev/null
loading_seen=0
for _ in $(seq 1 1200); do
    st=$(redis-cli -p "$port2" INFO raft | tr -d '\r' | awk -F: '$1 == "raft_state" { print $2 }')
    [ "$st" = loading ] && loading_seen=$((loading_seen + 1))
    [ "$(redis-cli -p "$port2" INFO raft | tr -d '\r' | awk -F: '$1 == "raft_snapshots_received" { print $2 }')" = 1 ] && break
    sleep 0.1
done
echo "bench: joined and installed in $(echo "$(date +%s.%N) - $start" | bc) s; INFO answered 'loading' $loading_seen times meanwhile;" \
     "$(grep -o 'Snapshot received and loaded.*' "$work/n2/redraft.log" | tail -1)"
kill "$pid2" 2>/dev/null || true
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg)"
