#!/usr/bin/env bash
# EVALSHA of a small script (GET + INCR on one key) on a 3-node Redraft cluster next to a stock
# redis-server, measured in the same run on the same machine with redis-benchmark (issue 19).
#
#   bench/scripting.sh [-n requests] [-c clients] [-k rounds]
#
# The script is SCRIPT LOADed on every server, then run as EVALSHA <sha> 1 key:__rand_int__ at
# -P 1 and -P 16, with plain INCR beside it as the baseline of a one-command write. Redraft runs
# with raft.log-fsync yes (EVALSHA is a logged write: every replica runs the script at apply);
# the references are redis-server with appendfsync always (what a durable write costs on this disk)
# and without persistence. With -k N every server is measured N times in turns and the run with
# the median requests/s is shown (shared machines vary by ~20% between runs). Redraft gets one
# unmeasured warm-up pass first (JIT). Prints requests/s, p50 and p99 (ms), and Redraft's ratios.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
requests=100000 clients=50 rounds=1
while getopts "n:c:k:" o; do
    case $o in n) requests=$OPTARG ;; c) clients=$OPTARG ;; k) rounds=$OPTARG ;; *) exit 2 ;; esac
done
require_tools "redis-server redis-tools" redis-server redis-benchmark redis-cli
require_server_jar
make_work_dir redraft-bench-scripting
script="local v = redis.call('GET', KEYS[1]) return redis.call('INCR', KEYS[1])"
base=${REDRAFT_BENCH_PORT:-5401}

echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; starting redis-server (appendfsync always)," \
     "redis-server (no persistence), 3 Redraft nodes"
mkdir -p "$work/always"
redis-server --port $((base + 10)) --dir "$work/always" --save "" --appendonly yes --appendfsync always \
    --daemonize no >"$work/always.log" 2>&1 &
pids+=($!)
redis-server --port $((base + 11)) --save "" --appendonly no --daemonize no >"$work/none.log" 2>&1 &
pids+=($!)
for port in $base $((base + 1)) $((base + 2)); do
    mkdir -p "$work/n$port"
    "$bin_dir/redraft-server" --port "$port" --bind 127.0.0.1 --dir "$work/n$port" --dbfilename raft.rdb \
        --logfile "$work/n$port/redraft.log" --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$port" \
        >"$work/n$port.out" 2>&1 &
    pids+=($!)
done
for port in $base $((base + 1)) $((base + 2)) $((base + 10)) $((base + 11)); do wait_ping "$port"; done
redis-cli -p "$base" RAFT.CLUSTER INIT >/dev/null
redis-cli -p $((base + 1)) RAFT.CLUSTER JOIN "127.0.0.1:$base" >/dev/null
redis-cli -p $((base + 2)) RAFT.CLUSTER JOIN "127.0.0.1:$base" >/dev/null
wait_writable "$base" bench:ready 1

sha=""
for port in $base $((base + 10)) $((base + 11)); do
    sha=$(redis-cli -p "$port" SCRIPT LOAD "$script")
done
[ "$(redis-cli -p "$base" EVALSHA "$sha" 1 bench:probe)" = 1 ] || { echo "bench: EVALSHA does not run on Redraft" >&2; exit 1; }

bench() { # port pipeline label -> "rps p50 p99" (redis-benchmark CSV: test,rps,avg,min,p50,p95,p99,max)
    local args
    if [ "$3" = INCR ]; then args=(INCR "key:__rand_int__"); else args=(EVALSHA "$sha" 1 "key:__rand_int__"); fi
    redis-benchmark -p "$1" -n "$requests" -c "$clients" -P "$2" -r 100000 --csv "${args[@]}" 2>/dev/null |
        tail -n +2 | tr -d '"' | awk -F, '{ printf "%s %s %s\n", $2, $5, $7 }'
}
declare -A runs
measure() { # label port
    local p t
    for t in EVALSHA INCR; do
        for p in 1 16; do runs["$1,$t,$p"]+="$(bench "$2" "$p" "$t")"$'\n'; done
    done
}
median() {
    printf '%s' "$1" | sort -n -k1,1 | awk 'NF { l[++n] = $0 } END { if (n) print l[int((n + 1) / 2)] }'
}
bench "$base" 16 EVALSHA >/dev/null # warm-up, not measured
bench "$base" 1 EVALSHA >/dev/null
for ((round = 1; round <= rounds; round++)); do
    echo "bench: round $round of $rounds"
    measure always $((base + 10))
    measure none $((base + 11))
    measure redraft "$base"
done
printf '\n%-8s %-3s %14s %8s %8s | %14s %8s %8s | %14s %8s %8s | %7s %7s\n' \
    test P "redraft rps" p50 p99 "always rps" p50 p99 "nopersist rps" p50 p99 "÷always" "÷none"
for t in EVALSHA INCR; do
    for p in 1 16; do
        read -r r r50 r99 <<<"$(median "${runs[redraft,$t,$p]:-}")"
        read -r a a50 a99 <<<"$(median "${runs[always,$t,$p]:-}")"
        read -r n n50 n99 <<<"$(median "${runs[none,$t,$p]:-}")"
        r=${r:-0} a=${a:-0} n=${n:-0}
        printf '%-8s %-3s %14s %8s %8s | %14s %8s %8s | %14s %8s %8s | %7s %7s\n' "$t" "$p" "$r" "$r50" "$r99" \
            "$a" "$a50" "$a99" "$n" "$n50" "$n99" \
            "$(awk -v x="$r" -v y="$a" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')" \
            "$(awk -v x="$r" -v y="$n" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')"
    done
done
echo
echo "EVALSHA: $script (GET + INCR of one key); INCR alone for reference."
if [ "$rounds" -gt 1 ]; then echo "Each figure is the run with the median requests/s of $rounds rounds."; fi
