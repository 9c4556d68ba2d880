#!/usr/bin/env bash
# How long a restart takes: from exec to serving, after kill -9.
#
#   bench/restart.sh [-s "0 100000 1000000"] [-r repeats]
#
# For each dataset size (keys of ~20 bytes, loaded through redis-cli --pipe into a 3-node cluster,
# raft.log-fsync no):
#   all:  kill -9 all three nodes, start them again, and time until some node answers GET with the
#         value (a leader elected, its log or snapshot loaded, its first entry of the term applied);
#   one:  kill -9 one follower, start it again, and time until it answers as a member that knows
#         its leader (MOVED to the leader) rather than LOADING/CLUSTERDOWN;
# and as the reference, redis-server with the same keys in its RDB: kill -9, start, time until GET
# answers. Every figure is the median of <repeats> (default 3), printed with the ratio to redis.
# REDRAFT_JAR measures another build; REDRAFT_JVM_OPTS adds JVM flags. Figures are printed only.
set -euo pipefail
bench_name=restart
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sizes="0 100000 1000000" repeats=3
while getopts "s:r:" o; do
    case $o in s) sizes=$OPTARG ;; r) repeats=$OPTARG ;; *) exit 2 ;; esac
done
require_tools redis-tools redis-cli redis-server
[ -n "${REDRAFT_JAR:-}" ] || require_server_jar
make_work_dir redraft-restart
base_port=${REDRAFT_BENCH_PORT:-5401}
ports=("$base_port" $((base_port + 1)) $((base_port + 2)))
ref_port=$((base_port + 10))
declare -A pid_of

now() { date +%s.%N; }
start_node() { # port
    local p=$1
    mkdir -p "$work/$p"
    REDRAFT_JVM_OPTS=${REDRAFT_JVM_OPTS:-} "$bin_dir/redraft-server" --port "$p" --bind 127.0.0.1 \
        --dir "$work/$p" --logfile "$work/$p/redraft.log" --raft.log-fsync no --raft.addr "127.0.0.1:$p" \
        >>"$work/$p/out.log" 2>&1 &
    pid_of[$p]=$!
    pids+=("$!")
}
kill9() { kill -9 "${pid_of[$1]}" 2>/dev/null || true; wait "${pid_of[$1]}" 2>/dev/null || true; }
until_reply() { # port pattern: polls GET probe every 10 ms until the reply matches (60 s at most)
    local deadline=$((SECONDS + 60)) r
    while [ "$SECONDS" -lt "$deadline" ]; do
        r=$(redis-cli -p "$1" GET probe 2>/dev/null || true)
        # shellcheck disable=SC2053 # a glob pattern on purpose
        [[ $r == $2 ]] && return 0
        sleep 0.01
    done
    echo "$bench_name: port $1 never answered $2 (last: $r)" >&2
    return 1
}
any_serves() { # polls all nodes until one answers GET with the value
    local deadline=$((SECONDS + 60)) p
    while [ "$SECONDS" -lt "$deadline" ]; do
        for p in "${ports[@]}"; do
            [ "$(redis-cli -p "$p" GET probe 2>/dev/null || true)" = value ] && return 0
        done
        sleep 0.01
    done
    echo "$bench_name: no node served within 60 s" >&2
    return 1
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
role_of() { redis-cli -p "$1" INFO raft | tr -d '\r' | awk -F: '$1 == "raft_role" { print $2 }'; }
load() { # port keys
    awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:%012d", i);
        printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$5\r\nvalue\r\n", length(k), k } }' | redis-cli -p "$1" --pipe >/dev/null
}

echo "$bench_name: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, jar ${REDRAFT_JAR:-$root/server/target/redraft-server.jar}"
printf '%-9s %-5s %9s %9s %9s\n' keys what redraft_s redis_s ratio
for size in $sizes; do
    rm -rf "${work:?}"/*
    for p in "${ports[@]}"; do start_node "$p"; done
    for p in "${ports[@]}"; do wait_ping "$p"; done
    redis-cli -p "${ports[0]}" RAFT.CLUSTER INIT >/dev/null
    wait_writable "${ports[0]}" probe value
    for p in "${ports[@]:1}"; do redis-cli -p "$p" RAFT.CLUSTER JOIN "127.0.0.1:${ports[0]}" >/dev/null; done
    [ "$size" -gt 0 ] && load "${ports[0]}" "$size"
    redis-cli -p "${ports[0]}" SET probe value >/dev/null
    # A clean stop and start first: that is when a JVM with -XX:+AutoCreateSharedArchive writes its
    # class-data archive, as a node's first graceful shutdown would.
    for p in "${ports[@]}"; do kill "${pid_of[$p]}"; wait "${pid_of[$p]}" 2>/dev/null || true; done
    for p in "${ports[@]}"; do start_node "$p"; done
    any_serves
    all=() one=()
    for _ in $(seq 1 "$repeats"); do
        for p in "${ports[@]}"; do kill9 "$p"; done
        t0=$(now)
        for p in "${ports[@]}"; do start_node "$p"; done
        any_serves
        all+=("$(echo "$(now) - $t0" | bc)")
        follower=""
        for p in "${ports[@]}"; do [ "$(role_of "$p")" = follower ] && follower=$p && break; done
        [ -n "$follower" ] || { sleep 1; continue; }
        kill9 "$follower"
        t0=$(now)
        start_node "$follower"
        until_reply "$follower" "MOVED*"
        one+=("$(echo "$(now) - $t0" | bc)")
    done
    for p in "${ports[@]}"; do kill9 "$p"; done

    # The reference: redis-server with the same keys, restarted from its RDB.
    mkdir -p "$work/redis"
    redis-server --port "$ref_port" --bind 127.0.0.1 --dir "$work/redis" --appendonly no --save "" \
        >"$work/redis/out.log" 2>&1 &
    rpid=$!
    pids+=("$rpid")
    wait_ping "$ref_port"
    [ "$size" -gt 0 ] && load "$ref_port" "$size"
    redis-cli -p "$ref_port" SET probe value >/dev/null
    redis-cli -p "$ref_port" SAVE >/dev/null
    ref=()
    for _ in $(seq 1 "$repeats"); do
        kill -9 "$rpid"; wait "$rpid" 2>/dev/null || true
        t0=$(now)
        redis-server --port "$ref_port" --bind 127.0.0.1 --dir "$work/redis" --appendonly no --save "" \
            >>"$work/redis/out.log" 2>&1 &
        rpid=$!
        pids+=("$rpid")
        while [ "$(redis-cli -p "$ref_port" GET probe 2>/dev/null || true)" != value ]; do sleep 0.01; done
        ref+=("$(echo "$(now) - $t0" | bc)")
    done
    kill -9 "$rpid"; wait "$rpid" 2>/dev/null || true
    r=$(echo "${ref[*]}" | median)
    a=$(echo "${all[*]}" | median)
    o=$(echo "${one[*]:-}" | median)
    printf '%-9s %-5s %9.2f %9.2f %8.1fx\n' "$size" all "$a" "$r" "$(echo "$a / $r" | bc -l)"
    [ -n "$o" ] && printf '%-9s %-5s %9.2f %9.2f %8.1fx\n' "$size" one "$o" "$r" "$(echo "$o / $r" | bc -l)"
done
