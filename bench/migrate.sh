#!/usr/bin/env bash
# Live slot migration (issue 16): how fast `redraft-admin reshard` moves keys between two Redraft
# shard groups (3 nodes each, raft.log-fsync yes), next to `redis-cli --cluster reshard` on a stock
# 2-master Redis Cluster (appendonly yes, appendfsync always, no replicas) started in the same run,
# and what a move costs a concurrent GET/SET load.
#
#   bench/migrate.sh [-n small-keys] [-b big-values] [-s big-value-bytes] [-l load-requests]
#
# Defaults are the issue's figures: 1,000,000 small keys (16-byte values) and 100 values of 1 MB.
# Phase 1: the small keys are written over group 1's slots (0-8191), then all 8192 slots move to
# group 2. Meanwhile a SET/GET load (redis-benchmark, 20 clients, keys tagged into a slot of group 2
# that does not move, against group 2's leader / master) runs in a loop; its p99 is the median over
# the runs during the move, printed next to the median over runs with no move. Phase 2: everything
# is flushed, the big values are written over all slots (group 2 now owns all 16384), and all
# 16384 slots move back to group 1. keys/s and MB/s are keys and key+value bytes moved over the
# wall time of the whole reshard command (the admin tool's JVM start included, about a second).
set -euo pipefail
bench_name=migrate
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
small=1000000 big=100 bigsize=1048576 loadn=20000
while getopts "n:b:s:l:" o; do
    case $o in
        n) small=$OPTARG ;; b) big=$OPTARG ;; s) bigsize=$OPTARG ;; l) loadn=$OPTARG ;; *) exit 2 ;;
    esac
done
require_tools "redis-server redis-tools" redis-server redis-benchmark redis-cli
require_tools python3 python3
require_server_jar
make_work_dir redraft-migrate
gen="$root/bench/migrate_keys.py"

start_group() { # first-port slot-range
    local first=$1 port
    for port in $first $((first + 1)) $((first + 2)); do
        mkdir -p "$work/n$port"
        "$bin_dir/redraft-server" --port "$port" --bind 127.0.0.1 --dir "$work/n$port" \
            --dbfilename raft.rdb --logfile "$work/n$port/redraft.log" --raft.log-filename raftlog.db \
            --raft.addr "127.0.0.1:$port" --raft.sharding yes --raft.slot-config "$2" \
            --raft.shardgroup-update-interval 1000 >"$work/n$port.out" 2>&1 &
        pids+=($!)
    done
    for port in $first $((first + 1)) $((first + 2)); do wait_ping "$port"; done
    redis-cli -p "$first" RAFT.CLUSTER INIT >/dev/null
    redis-cli -p $((first + 1)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
    redis-cli -p $((first + 2)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
}
wait_cluster_ok() { # port groups
    for _ in $(seq 1 600); do
        local info
        info=$(redis-cli -p "$1" CLUSTER INFO 2>/dev/null | tr -d '\r')
        grep -q '^cluster_state:ok$' <<<"$info" && grep -q "^cluster_size:$2\$" <<<"$info" && return 0
        sleep 0.1
    done
    echo "migrate: the cluster on port $1 never reported cluster_state:ok with $2 groups" >&2; exit 1
}
fill() { # port count size lo hi
    python3 "$gen" "$2" "$3" "$4" "$5" | redis-cli -p "$1" --pipe >"$work/fill.log" 2>&1 ||
        { cat "$work/fill.log" >&2; exit 1; }
    grep -q "errors: 0," "$work/fill.log" || { echo "migrate: writing keys to port $1 failed:" >&2; cat "$work/fill.log" >&2; exit 1; }
}
dbsize() { redis-cli -p "$1" DBSIZE; }
now() { date +%s.%N; }

# One p99 (ms) per line, SET then GET, for as long as $work/moving exists (or N rounds).
load_p99s() { # port tag rounds|moving
    local i=0
    while { [ "$3" = moving ] && [ -e "$work/moving" ]; } || { [ "$3" != moving ] && [ $i -lt "$3" ]; }; do
        for cmd in "SET l{$2}:__rand_int__ v" "GET l{$2}:__rand_int__"; do
            # shellcheck disable=SC2086
            redis-benchmark -h 127.0.0.1 -p "$1" -n "$loadn" -c 20 -r 100000 --csv $cmd 2>/dev/null |
                tail -n +2 | tr -d '"' | awk -F, '{ print $7 }'
        done
        i=$((i + 1))
    done
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print a[int((NR + 1) / 2)] }'; }

echo "migrate: starting 2 Redraft groups of 3 nodes and a 2-master Redis Cluster"
start_group 5611 0:8191
start_group 5621 8192:16383
[ "$(redis-cli -p 5611 RAFT.SHARDGROUP LINK 127.0.0.1:5621)" = OK ] || { echo "migrate: LINK failed" >&2; exit 1; }
[ "$(redis-cli -p 5621 RAFT.SHARDGROUP LINK 127.0.0.1:5611)" = OK ] || { echo "migrate: LINK failed" >&2; exit 1; }
for port in 6611 6612; do
    mkdir -p "$work/rc$port"
    redis-server --port "$port" --dir "$work/rc$port" --cluster-enabled yes --cluster-config-file "$work/rc$port/nodes.conf" \
        --save "" --appendonly yes --appendfsync always --cluster-allow-replica-migration no --daemonize no >"$work/rc$port.log" 2>&1 &
    pids+=($!)
done
wait_ping 6611
wait_ping 6612
# redis-cli --cluster create wants 3 masters at least: two are joined by hand, as it would. A
# master left without slots would become the other's replica (cluster-allow-replica-migration),
# and phase 2 moves slots back to it: it stays a master.
redis-cli -p 6611 CLUSTER SET-CONFIG-EPOCH 1 >/dev/null
redis-cli -p 6612 CLUSTER SET-CONFIG-EPOCH 2 >/dev/null
redis-cli -p 6611 CLUSTER ADDSLOTSRANGE 0 8191 >/dev/null
redis-cli -p 6612 CLUSTER ADDSLOTSRANGE 8192 16383 >/dev/null
redis-cli -p 6611 CLUSTER MEET 127.0.0.1 6612 >/dev/null
wait_cluster_ok 5611 2
wait_cluster_ok 6611 2
wait_cluster_ok 6612 2
id1=$(redis-cli -p 6611 CLUSTER MYID)
id2=$(redis-cli -p 6612 CLUSTER MYID)
# A slot both group 2 and master 2 keep throughout phase 1, for the load.
tag=$(python3 "$gen" --tag 12000 12000)

declare -A res
move_redraft() { # from to slots
    local t0 t1
    t0=$(now)
    "$bin_dir/redraft-admin" reshard --from "127.0.0.1:$1" --to "127.0.0.1:$2" --slots "$3" >"$work/reshard.log" 2>&1 ||
        { cat "$work/reshard.log" >&2; exit 1; }
    t1=$(now)
    grep "seconds in" "$work/reshard.log" | tail -n 1 >&2 # where the time went, by step
    echo "$t1 - $t0" | bc -l
}
move_redis() { # from-id to-id slots
    local t0 t1
    t0=$(now)
    redis-cli --cluster reshard 127.0.0.1:6611 --cluster-from "$1" --cluster-to "$2" --cluster-slots "$3" \
        --cluster-yes --cluster-pipeline 1000 >"$work/rc-reshard.log" 2>&1 || { tail -20 "$work/rc-reshard.log" >&2; exit 1; }
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}
rate() { echo "$1 / $2" | bc -l | xargs printf "%.0f"; }
mbps() { echo "$1 / 1048576 / $2" | bc -l | xargs printf "%.2f"; }

echo "migrate: phase 1, $small small keys (16-byte values) over slots 0-8191"
fill 5611 "$small" 16 0 8191
fill 6611 "$small" 16 0 8191
echo "migrate: GET/SET load without a move (p99 baseline)"
base_redraft=$(load_p99s 5621 "$tag" 3 | median)
base_redis=$(load_p99s 6612 "$tag" 3 | median)
small_bytes=$(( small * (16 + 16) )) # key (~16 bytes) + value
# The load keys (l{tag}:N) go to a slot group 2 and master 2 keep, never to the moving slots.
echo "migrate: Redraft reshard of 8192 slots, group 1 -> group 2, under load"
touch "$work/moving"
load_p99s 5621 "$tag" moving >"$work/p99-redraft" &
loader=$!
# Counted at the source: the load writes new keys at the target.
before=$(dbsize 5611)
t_redraft=$(move_redraft 5611 5621 0-8191)
rm -f "$work/moving"
wait $loader
moved_redraft=$(( before - $(dbsize 5611) ))
echo "migrate: redis-cli --cluster reshard of 8192 slots, master 1 -> master 2, under load"
touch "$work/moving"
load_p99s 6612 "$tag" moving >"$work/p99-redis" &
loader=$!
before=$(dbsize 6611)
t_redis=$(move_redis "$id1" "$id2" 8192)
rm -f "$work/moving"
wait $loader
moved_redis=$(( before - $(dbsize 6611) ))
[ "$(dbsize 5611)" = 0 ] || echo "migrate: WARNING: Redraft group 1 still holds $(dbsize 5611) keys" >&2

echo "migrate: phase 2, $big values of $bigsize bytes over all slots, moved back in one reshard"
redis-cli -p 5621 FLUSHALL >/dev/null
redis-cli -p 6612 FLUSHALL >/dev/null
fill 5621 "$big" "$bigsize" 0 16383
fill 6612 "$big" "$bigsize" 0 16383
big_bytes=$(( big * (bigsize + 16) ))
t_redraft_big=$(move_redraft 5621 5611 0-16383)
moved_redraft_big=$(dbsize 5611)
t_redis_big=$(move_redis "$id2" "$id1" 16384)
moved_redis_big=$(dbsize 6611)

during_redraft=$(median <"$work/p99-redraft")
during_redis=$(median <"$work/p99-redis")
printf '\n%-34s %14s %14s\n' "" "Redraft" "Redis Cluster"
printf '%-34s %14s %14s\n' "small keys moved" "$moved_redraft" "$moved_redis"
printf '%-34s %14.1f %14.1f\n' "  seconds" "$t_redraft" "$t_redis"
printf '%-34s %14s %14s\n' "  keys/s" "$(rate "$moved_redraft" "$t_redraft")" "$(rate "$moved_redis" "$t_redis")"
printf '%-34s %14s %14s\n' "  MB/s (key+value)" "$(mbps "$small_bytes" "$t_redraft")" "$(mbps "$small_bytes" "$t_redis")"
printf '%-34s %14s %14s\n' "big values moved" "$moved_redraft_big" "$moved_redis_big"
printf '%-34s %14.1f %14.1f\n' "  seconds" "$t_redraft_big" "$t_redis_big"
printf '%-34s %14s %14s\n' "  keys/s" "$(rate "$moved_redraft_big" "$t_redraft_big")" "$(rate "$moved_redis_big" "$t_redis_big")"
printf '%-34s %14s %14s\n' "  MB/s" "$(mbps "$big_bytes" "$t_redraft_big")" "$(mbps "$big_bytes" "$t_redis_big")"
printf '%-34s %14s %14s\n' "load p99 ms, no move" "$base_redraft" "$base_redis"
printf '%-34s %14s %14s\n' "load p99 ms, during phase 1 move" "$during_redraft" "$during_redis"
printf '%-34s %14s %14s\n' "load runs during the move" "$(wc -l <"$work/p99-redraft")" "$(wc -l <"$work/p99-redis")"
echo "Redraft: 2 groups x 3 nodes, raft.log-fsync yes, reshard chunks of 256 slots growing to 4096, MIGRATEs of 1000-16000 keys."
echo "Redis Cluster: 2 masters, no replicas, appendfsync always, --cluster-pipeline 1000. Machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)."
