#!/usr/bin/env bash
# What one long command does to a 3-node cluster: does the leader keep its leadership while its
# node thread runs KEYS * (or another long command) over a large keyspace?
#
#   bench/long-command.sh [-k keys] [-e election-timeout-ms] [-r repeats] [-c command]
#
# Starts three nodes (raft.log-fsync no), loads <keys> (default 5M) short strings through
# redis-cli --pipe, then runs <command> (default "KEYS *") on the leader <repeats> times (default
# 3). For each run it prints how long the command took, and whether the leader and the term
# changed (an election happened because followers stopped hearing heartbeats). The same
# command's time on a stock redis-server holding the same keys is printed as the reference.
# Figures are printed, never asserted.
set -euo pipefail
bench_name=long-command
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
keys=5000000 election=1000 repeats=3 command="KEYS *"
while getopts "k:e:r:c:" o; do
    case $o in k) keys=$OPTARG ;; e) election=$OPTARG ;; r) repeats=$OPTARG ;; c) command=$OPTARG ;; *) exit 2 ;; esac
done
require_tools redis-tools redis-cli redis-server
require_server_jar
make_work_dir redraft-longcmd
base_port=${REDRAFT_BENCH_PORT:-5301}
ports=("$base_port" $((base_port + 1)) $((base_port + 2)))
ref_port=$((base_port + 10))

echo "$bench_name: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $keys keys," \
     "election-timeout $election ms, command: $command"
for p in "${ports[@]}"; do
    mkdir -p "$work/$p"
    REDRAFT_JVM_OPTS=${REDRAFT_JVM_OPTS:--Xmx3g} "$bin_dir/redraft-server" --port "$p" --bind 127.0.0.1 \
        --dir "$work/$p" --logfile "$work/$p/redraft.log" --raft.log-fsync no --raft.addr "127.0.0.1:$p" \
        --raft.election-timeout "$election" >"$work/$p/out.log" 2>&1 &
    pids+=("$!")
done
redis-server --port "$ref_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=("$!")
for p in "${ports[@]}" "$ref_port"; do wait_ping "$p"; done
redis-cli -p "${ports[0]}" RAFT.CLUSTER INIT >/dev/null
wait_writable "${ports[0]}" probe x
for p in "${ports[@]:1}"; do redis-cli -p "$p" RAFT.CLUSTER JOIN "127.0.0.1:${ports[0]}" >/dev/null; done

field() { # port section field
    redis-cli -p "$1" INFO "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f { print $2 }'
}
leader_port() { # the port whose node says it leads, empty if none
    local p
    for p in "${ports[@]}"; do [ "$(field "$p" raft raft_role)" = leader ] && { echo "$p"; return; }; done
}

load() { # port
    awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:%012d", i);
        printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n", length(k), k } }' | redis-cli -p "$1" --pipe >/dev/null
}
start=$(date +%s.%N)
load "${ports[0]}"
load "$ref_port"
echo "$bench_name: loaded $(redis-cli -p "${ports[0]}" DBSIZE) keys in $(echo "$(date +%s.%N) - $start" | bc) s"

timed() { # port: seconds the command took
    local s e
    local -a words
    set -f # split the command into words, but "*" is an argument, not a file name pattern
    # shellcheck disable=SC2206
    words=($command)
    set +f
    s=$(date +%s.%N)
    redis-cli -p "$1" "${words[@]}" >/dev/null
    e=$(date +%s.%N)
    echo "$e - $s" | bc
}

echo "$bench_name: redis-server: $(timed "$ref_port") s"
elections=0
for i in $(seq 1 "$repeats"); do
    leader=$(leader_port)
    [ -n "$leader" ] || { echo "$bench_name: no leader before run $i" >&2; exit 1; }
    term=$(field "$leader" raft raft_current_term)
    took=$(timed "$leader")
    # Give a deposed leader's successor time to be elected and known before looking.
    for _ in $(seq 1 50); do
        now=$(leader_port)
        [ -n "$now" ] && break
        sleep 0.1
    done
    term_after=$(field "${now:-$leader}" raft raft_current_term)
    changed=no
    [ "$now" != "$leader" ] || [ "$term_after" != "$term" ] && changed=yes && elections=$((elections + 1))
    echo "$bench_name: run $i: $took s on the leader ($leader); leader after: ${now:-none}, term $term -> $term_after," \
         "election: $changed"
done
echo "$bench_name: elections caused: $elections of $repeats runs"
