#!/usr/bin/env bash
# Memory per key of a Redraft node next to redis-server 7 holding the same data, same run.
#
#   bench/memory.sh [string-keys] [hashes]        (defaults: 1000000 100000)
#
# Data: N string keys "key:N" -> "value:N" (SET), then M small hashes "hash:N" with 5 fields
# ("f1".."f5" -> "v<i>-N"). Redraft: one node (RAFT.CLUSTER INIT), log compacted after loading
# (RAFT.DEBUG COMPACT) so the Raft log cache does not count, then `jcmd GC.run` and the heap
# "used" figure of `jcmd GC.heap_info`, minus the same figure before loading. Redis: INFO memory
# used_memory minus its empty baseline. Prints bytes per key for both and the ratio (target 1.5x).
set -euo pipefail
bench_name=memory
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
nstr=${1:-1000000} nhash=${2:-100000}
require_tools "redis-server redis-tools" redis-server redis-cli
require_server_jar
jcmd_bin="$(dirname "$JAVA")/jcmd"
make_work_dir redraft-mem

gen_strings() { awk -v n="$nstr" 'BEGIN { for (i = 0; i < n; i++) {
    k = "key:" i; v = "value:" i
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }'; }
gen_hashes() { awk -v n="$nhash" 'BEGIN { for (i = 0; i < n; i++) {
    k = "hash:" i; printf "*12\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", length(k), k
    for (f = 1; f <= 5; f++) { fv = "f" f; v = "v" f "-" i
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(fv), fv, length(v), v } } }'; }

redis_used() { redis-cli -p "$1" INFO memory | tr -d '\r' | sed -n 's/^used_memory://p'; }
jvm_used() { # pid -> used heap bytes after a full GC
    "$jcmd_bin" "$1" GC.run >/dev/null
    "$jcmd_bin" "$1" GC.heap_info | awk '/used/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); gsub(/[K,]/, "", v); print v * 1024; exit } }'
}

load() { # port generator
    $2 | redis-cli -p "$1" --pipe >/dev/null
}

# ---- redis-server ----
redis-server --port 6395 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!); wait_ping 6395
r0=$(redis_used 6395)
load 6395 gen_strings; r1=$(redis_used 6395)
load 6395 gen_hashes; r2=$(redis_used 6395)

# ---- Redraft, one node ----
mkdir -p "$work/n"
REDRAFT_JVM_OPTS="${REDRAFT_JVM_OPTS:--Xmx4g}" "$bin_dir/redraft-server" --port 5201 --bind 127.0.0.1 --dir "$work/n" \
    --raft.addr 127.0.0.1:5201 --raft.log-fsync no --logfile "$work/n/redraft.log" >"$work/n.out" 2>&1 &
pids+=($!); wait_ping 5201
redis-cli -p 5201 RAFT.CLUSTER INIT >/dev/null
wait_writable 5201 ready 1
redis-cli -p 5201 DEL ready >/dev/null
jpid=$("$jcmd_bin" -l | awk '/redraft-server/ && /--port 5201/ { print $1; exit }')
[ -n "$jpid" ] || { echo "memory: Redraft JVM not found by jcmd" >&2; exit 1; }
j0=$(jvm_used "$jpid")
load 5201 gen_strings; redis-cli -p 5201 RAFT.DEBUG COMPACT >/dev/null || true; j1=$(jvm_used "$jpid")
load 5201 gen_hashes; redis-cli -p 5201 RAFT.DEBUG COMPACT >/dev/null || true; j2=$(jvm_used "$jpid")
keys=$(redis-cli -p 5201 DBSIZE)
[ "$keys" = $((nstr + nhash)) ] || echo "memory: warning: Redraft holds $keys keys, expected $((nstr + nhash))" >&2

awk -v n="$nstr" -v m="$nhash" -v r0="$r0" -v r1="$r1" -v r2="$r2" -v j0="$j0" -v j1="$j1" -v j2="$j2" 'BEGIN {
    rs = (r1 - r0) / n; js = (j1 - j0) / n; rh = (r2 - r1) / m; jh = (j2 - j1) / m
    printf "%-26s %12s %12s %7s\n", "data", "redraft B", "redis B", "ratio"
    printf "%-26s %12.1f %12.1f %6.2fx\n", n " strings, per key", js, rs, js / rs
    printf "%-26s %12.1f %12.1f %6.2fx\n", m " 5-field hashes, per key", jh, rh, jh / rh
    printf "target: <= 1.5x (redraft: JVM heap used after GC.run, log compacted; redis: used_memory delta)\n" }'
