#!/usr/bin/env bash
# Pub/Sub throughput: one publisher, 10 and then 100 subscribers, on a 3-node Redraft cluster
# (publisher on the leader, subscribers spread over the three nodes: every node delivers each
# message when it applies its log entry) next to a stock redis-server (everyone on it), in the
# same run on the same machine.
#
#   bench/pubsub.sh [-n messages] [-w window]
#
# Prints, per server and subscriber count: messages published per second (PUBLISH answered), and
# messages delivered per second summed over the subscribers, both until every subscriber had
# every message. Redraft runs with raft.log-fsync yes; PUBLISH is a logged write there.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
messages=20000 window=64
while getopts "n:w:" o; do
    case $o in
        n) messages=$OPTARG ;; w) window=$OPTARG ;; *) exit 2 ;;
    esac
done
require_tools "redis-server redis-tools" redis-server redis-cli python3
require_server_jar
make_work_dir redraft-pubsub-bench
client="$(dirname "${BASH_SOURCE[0]}")/pubsub_client.py"

echo "bench: starting redis-server (no persistence) and 3 Redraft nodes"
redis-server --port 6392 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
for port in 5111 5112 5113; do
    mkdir -p "$work/n$port"
    "$bin_dir/redraft-server" --port "$port" --bind 127.0.0.1 --dir "$work/n$port" --dbfilename raft.rdb \
        --logfile "$work/n$port/redraft.log" --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$port" \
        >"$work/n$port.out" 2>&1 &
    pids+=($!)
done
for port in 6392 5111 5112 5113; do wait_ping "$port"; done
redis-cli -p 5111 RAFT.CLUSTER INIT >/dev/null
redis-cli -p 5112 RAFT.CLUSTER JOIN 127.0.0.1:5111 >/dev/null
redis-cli -p 5113 RAFT.CLUSTER JOIN 127.0.0.1:5111 >/dev/null
wait_writable 5111 bench:ready 1
# Warm-up, not measured (the JIT compiles the publish and delivery paths first).
python3 "$client" 5111 5111,5112,5113 10 "$messages" "$window" >/dev/null

printf '\n%-12s %5s %16s %16s %9s\n' server subs "published msg/s" "delivered msg/s" seconds
for subs in 10 100; do
    read -r p d s < <(python3 "$client" 6392 6392 "$subs" "$messages" "$window")
    printf '%-12s %5s %16s %16s %9s\n' redis-server "$subs" "$p" "$d" "$s"
    read -r p d s < <(python3 "$client" 5111 5111,5112,5113 "$subs" "$messages" "$window")
    printf '%-12s %5s %16s %16s %9s\n' redraft "$subs" "$p" "$d" "$s"
done
