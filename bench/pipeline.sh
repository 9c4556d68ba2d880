#!/usr/bin/env bash
# A client that writes its whole pipeline before reading a reply (Jedis pipelines, naive batch
# loaders, Redis's own pipelining tests), against redis-server and against Redraft.
#
#   bench/pipeline.sh [-p pairs] [-n nodes] [-k rounds]     (defaults: 100000 pairs, 1 node, 3 rounds)
#
# The client sends `pairs` SET key:i value:i + GET key:i pairs in one write, then reads and checks
# every reply (bench/pipeline_client.py). Redraft: `nodes` nodes (1 or 3), raft.log-fsync yes,
# quorum reads, the client on the leader; redis-server without persistence. Prints, per round,
# the seconds until the last request was accepted and until the last reply arrived.
# REDRAFT_JAR=<jar> measures another build (e.g. one from before a change).
set -euo pipefail
bench_name=pipeline
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pairs=100000 nodes=1 rounds=3
while getopts "p:n:k:" o; do
    case $o in
        p) pairs=$OPTARG ;; n) nodes=$OPTARG ;; k) rounds=$OPTARG ;; *) exit 2 ;;
    esac
done
require_tools "redis-server redis-tools python3" redis-server redis-cli python3
[ -n "${REDRAFT_JAR:-}" ] && . "$bin_dir/find-java" || require_server_jar
make_work_dir redraft-pipeline
client="$(dirname "${BASH_SOURCE[0]}")/pipeline_client.py"

redis-server --port 6397 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
ports=()
for ((i = 1; i <= nodes; i++)); do
    port=$((5360 + i)); ports+=("$port")
    mkdir -p "$work/n$i"
    "$bin_dir/redraft-server" --port "$port" --bind 127.0.0.1 --dir "$work/n$i" --logfile "$work/n$i/redraft.log" \
        --raft.addr "127.0.0.1:$port" >"$work/n$i.out" 2>&1 &
    pids+=($!)
done
for port in 6397 "${ports[@]}"; do wait_ping "$port"; done
redis-cli -p 5361 RAFT.CLUSTER INIT >/dev/null
for port in "${ports[@]:1}"; do redis-cli -p "$port" RAFT.CLUSTER JOIN 127.0.0.1:5361 >/dev/null; done
wait_writable 5361 pipeline:ready 1
for ((i = 0; i < 100; i++)); do # every node a voter before measuring
    redis-cli -p 5361 INFO raft | grep -q "raft_num_voting_nodes:$nodes" && break
    sleep 0.1
done

printf '%-6s %-28s %12s %12s\n' round server "accepted s" "replies s"
for ((round = 1; round <= rounds; round++)); do
    read -r a d <<<"$(python3 "$client" 6397 "$pairs")"
    printf '%-6s %-28s %12s %12s\n' "$round" "redis-server" "$a" "$d"
    redis-cli -p 6397 FLUSHALL >/dev/null
    read -r a d <<<"$(python3 "$client" 5361 "$pairs")"
    printf '%-6s %-28s %12s %12s\n' "$round" "redraft ($nodes node(s), fsync)" "$a" "$d"
    redis-cli -p 5361 FLUSHALL >/dev/null
done
