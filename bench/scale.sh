#!/usr/bin/env bash
# Redraft as the work grows (issue 24), next to redis-server in the same run: many clients, large
# values, many idle connections, resident memory per collector, a big dataset, snapshot transfer.
#
#   bench/scale.sh [-s sections] [-k keys] [-d seconds] [-g collectors] [-G label=jvm-flags]... [-n requests]
#                  [-m snapshot-MB] [-R path/to/redisraft.so] [--big]
#
# Sections (-s, comma-separated, default all): clients, values, idle, memory, snapshot.
#   clients   redis-benchmark -c 1000 -P 1 SET and GET (16-byte values) against redis-server with
#             appendfsync always, redis-server without persistence, a 3-node Redraft cluster
#             (raft.log-fsync yes, quorum reads; on its leader) and, with -R, a 3-node RedisRaft
#             cluster. Targets: SET >= 75% of redis AOF-always and >= 1.5x RedisRaft, SET p99 <= 2x
#             redis AOF-always's, GET >= 90% of redis without persistence.
#   values    SET of 16 KB and of 1 MB values, 50 clients: MB/s against redis AOF-always
#             (target >= 60%), RedisRaft with -R.
#   idle      10,000 idle connections held open to the leader while 100 clients run SET/GET:
#             throughput against the same load without them, and heap per idle connection
#             (target < 10 KB; live heap after a full GC, before and after connecting).
#   memory    For each collector in -g (default "g1,zgc,shenandoah"): a fresh 3-node cluster started
#             by the launcher with only that collector's flag added, loaded with -k small keys
#             (default 1M; --big: 10M) through redis-cli --pipe, then a steady SET/GET load for -d
#             seconds (default 60; the issue's figure is 600). Prints the load rate, the leader's RSS
#             under load (peak) and at rest, live heap per key after a full GC, p99 and p99.9 of the
#             load, elections during it (term changes), the longest safepoint pause (-Xlog:safepoint)
#             and the longest PING round trip of a probe on the leader (the node thread's longest
#             stall as a client sees it), next to redis-server's used_memory and used_memory_rss for
#             the same keys. -G label=flags adds a variant of its own (e.g.
#             -G "g1-small=-XX:+UseG1GC -XX:MaxHeapFreeRatio=20"); given alone, only those run. Targets: RSS <= 2x redis's used_memory_rss, heap per key <= 1.3x
#             used_memory, zero elections, longest pause < 10 ms.
#   snapshot  The disk's sequential write rate (dd, fdatasync), then a follower of a cluster holding
#             -m MB of 1 KB values (default 1024; --big: 10240) is wiped, removed and joined again;
#             the time until it has applied the leader's commit index gives the transfer rate.
#             Target: >= 50% of the disk's rate.
#
# Every figure is printed, never asserted; the load average is printed with each section (these
# machines are shared). REDRAFT_JVM_OPTS adds flags to every Redraft node (after the collector's).
set -euo pipefail
bench_name=scale
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sections=clients,values,idle,memory,snapshot keys=1000000 duration=60 gcs=g1,zgc,shenandoah
requests=200000 snapmb=1024 redisraft=""
args=()
while [ $# -gt 0 ]; do
    case $1 in
        --big) keys=10000000 snapmb=10240; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
set -- ${args[@]+"${args[@]}"}
declare -A custom_gc # label -> JVM flags, from -G label=flags
custom="" gcs_given=""
while getopts "s:k:d:g:G:n:m:R:" o; do
    case $o in
        s) sections=$OPTARG ;; k) keys=$OPTARG ;; d) duration=$OPTARG ;; g) gcs=$OPTARG; gcs_given=1 ;;
        G) custom_gc[${OPTARG%%=*}]=${OPTARG#*=}; custom+=",${OPTARG%%=*}" ;;
        n) requests=$OPTARG ;; m) snapmb=$OPTARG ;; R) redisraft=$(realpath "$OPTARG") ;; *) exit 2 ;;
    esac
done
# -G alone measures just those variants; with -g, both.
[ -n "$custom" ] && { if [ -n "$gcs_given" ]; then gcs+=$custom; else gcs=${custom#,}; fi; }
require_tools "redis-server redis-tools" redis-server redis-benchmark redis-cli
require_tools python3 python3
require_server_jar
jcmd_bin="$(dirname "$JAVA")/jcmd"
make_work_dir redraft-scale
want() { [[ ",$sections," == *",$1,"* ]]; }
say() { echo "scale: $*"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

declare -A pid_of # port -> pid of the server process on it
start_redis() { # port aof|none [args...]
    local port=$1 mode=$2
    shift 2
    mkdir -p "$work/r$port"
    local persist=(--appendonly no)
    [ "$mode" = aof ] && persist=(--appendonly yes --appendfsync always)
    redis-server --port "$port" --bind 127.0.0.1 --dir "$work/r$port" --save "" "${persist[@]}" \
        --daemonize no "$@" >"$work/r$port.log" 2>&1 &
    pids+=($!); pid_of[$port]=$!
    wait_ping "$port"
}
# Three nodes on first..first+2; kind is redraft or redisraft; JVM flags for Redraft in $2.
start_cluster() { # kind first-port [jvm-flags] [server args...]
    local kind=$1 first=$2 jvm=${3:-} port
    shift 3 || shift $#
    for port in $first $((first + 1)) $((first + 2)); do
        rm -rf "$work/n$port"; mkdir -p "$work/n$port"
        if [ "$kind" = redisraft ]; then
            redis-server --port "$port" --bind 127.0.0.1 --dir "$work/n$port" --dbfilename raft.rdb --save "" \
                --loadmodule "$redisraft" --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$port" \
                >"$work/n$port.out" 2>&1 &
        else
            REDRAFT_JVM_OPTS="$jvm ${REDRAFT_JVM_OPTS:-}" "$bin_dir/redraft-server" --port "$port" --bind 127.0.0.1 \
                --dir "$work/n$port" --dbfilename raft.rdb --logfile "$work/n$port/redraft.log" \
                --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$port" --maxclients 20000 "$@" \
                >"$work/n$port.out" 2>&1 &
        fi
        pids+=($!); pid_of[$port]=$!
    done
    for port in $first $((first + 1)) $((first + 2)); do wait_ping "$port"; done
    redis-cli -p "$first" RAFT.CLUSTER INIT >/dev/null
    redis-cli -p $((first + 1)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
    redis-cli -p $((first + 2)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
    for _ in $(seq 1 600); do [ "$(redis-cli -p "$first" SET scale:ready 1 2>/dev/null)" = OK ] && return 0; sleep 0.1; done
    echo "scale: the $kind cluster on $first never took a write" >&2; exit 1
}
stop_cluster() { # first-port
    local port
    for port in $1 $(($1 + 1)) $(($1 + 2)); do
        kill "${pid_of[$port]}" 2>/dev/null || true
        wait "${pid_of[$port]}" 2>/dev/null || true
    done
}
raft_field() { redis-cli -p "$1" INFO raft 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"; }
leader_of() { # first-port
    local port
    for _ in $(seq 1 300); do
        for port in $1 $(($1 + 1)) $(($1 + 2)); do
            [ "$(raft_field "$port" raft_role)" = leader ] && { echo "$port"; return 0; }
        done
        sleep 0.1
    done
    echo "$1"
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
heap_used_mb() { # pid: live heap after a full GC
    "$jcmd_bin" "$1" GC.run >/dev/null
    # G1 prints "used 4675K", ZGC "used 2M,", Shenandoah "8192K used": the figure beside "used".
    "$jcmd_bin" "$1" GC.heap_info | awk 'function mb(v) { u = substr(v, length(v)); n = v + 0
            return u == "G" ? n * 1024 : u == "M" ? n : u == "K" ? n / 1024 : n / 1048576 }
        { for (i = 1; i <= NF; i++) if ($i == "used") { v = (i < NF && $(i + 1) ~ /^[0-9]/) ? $(i + 1) : $(i - 1)
            gsub(/,/, "", v); printf "%.1f", mb(v); exit } }'
}
redis_mem() { redis-cli -p "$1" INFO memory | tr -d '\r' | sed -n "s/^$2://p"; }
# Before each measurement: no server still rewriting its AOF or saving (redis AOF-always's 1 GB
# of 1 MB values is rewritten in the background, during the next server's run otherwise), and
# the page cache's dirty pages written, so that one server's writes do not land in another's fsyncs.
settle() {
    local p
    for p in 6401 6402; do
        for _ in $(seq 1 600); do
            redis-cli -p "$p" INFO persistence 2>/dev/null | tr -d '\r' |
                grep -qE '^(aof_rewrite|rdb_bgsave)_in_progress:1' || break
            sleep 0.1
        done
    done
    sync
}
ratio() { awk -v x="${1:-0}" -v y="${2:-0}" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }'; }
# "rps p50 p99" per test line (TEST rps p50 p99) from redis-benchmark's CSV.
bench_csv() { # port clients tests size requests
    redis-benchmark -p "$1" -c "$2" -P 1 -t "$3" -d "$4" -n "$5" -r 100000 --csv 2>/dev/null |
        tail -n +2 | tr -d '"' | awk -F, '{ printf "%s %s %s %s\n", $1, $2, $5, $7 }'
}

# ---------------------------------------------------------------------------------------------
if want clients || want values; then
    say "clients/values: redis-server (AOF always; none), Redraft 3 nodes${redisraft:+, RedisRaft 3 nodes}. load $(load_avg)"
    start_redis 6401 aof; start_redis 6402 none
    start_cluster redraft 7101 ""
    [ -n "$redisraft" ] && start_cluster redisraft 7201 ""
    servers=("redis-aof 6401" "redis-none 6402" "redraft $(leader_of 7101)")
    [ -n "$redisraft" ] && servers+=("redisraft $(leader_of 7201)")
    bench_csv "$(leader_of 7101)" 50 set,get 16 50000 >/dev/null # JIT warm-up, not measured
    # The large-value paths too (log records, snapshots of a big dataset), then a fresh keyspace.
    want values && bench_csv "$(leader_of 7101)" 50 set 16384 5000 >/dev/null && redis-cli -p "$(leader_of 7101)" FLUSHALL >/dev/null
    declare -A got
    for s in "${servers[@]}"; do
        read -r label port <<<"$s"
        settle
        if want clients; then
            while read -r t rps p50 p99; do got[$label,$t,c]="$rps $p50 $p99"; done < <(bench_csv "$port" 1000 set,get 16 "$requests")
        fi
        if want values; then
            while read -r t rps p50 p99; do got[$label,16k]="$rps $p50 $p99"; done < <(bench_csv "$port" 50 set 16384 $((requests / 10)))
            while read -r t rps p50 p99; do got[$label,1m]="$rps $p50 $p99"; done < <(bench_csv "$port" 50 set 1048576 $((requests / 200)))
        fi
    done
    labels=(redis-aof redis-none redraft); [ -n "$redisraft" ] && labels+=(redisraft)
    if want clients; then
        say "1,000 clients, -P 1, 16-byte values, $requests requests per test"
        printf '%-12s %12s %8s %8s %12s %8s %8s\n' server "SET rps" p50 p99 "GET rps" p50 p99
        for l in "${labels[@]}"; do
            read -r sr s50 s99 <<<"${got[$l,SET,c]:-0 - -}"; read -r gr g50 g99 <<<"${got[$l,GET,c]:-0 - -}"
            printf '%-12s %12s %8s %8s %12s %8s %8s\n' "$l" "$sr" "$s50" "$s99" "$gr" "$g50" "$g99"
        done
        read -r rs _ r99 <<<"${got[redraft,SET,c]:-0 - 0}"; read -r as _ a99 <<<"${got[redis-aof,SET,c]:-0 - 0}"
        read -r rg _ _ <<<"${got[redraft,GET,c]:-0 - 0}"; read -r ng _ _ <<<"${got[redis-none,GET,c]:-0 - 0}"
        say "Redraft SET / redis AOF-always: $(ratio "$rs" "$as") (target >= 75%); SET p99 / redis AOF-always's: $(ratio "$r99" "$a99") (target <= 200%)"
        say "Redraft GET (quorum reads) / redis without persistence: $(ratio "$rg" "$ng") (target >= 90%)"
        if [ -n "$redisraft" ]; then
            read -r qs _ _ <<<"${got[redisraft,SET,c]:-0 - 0}"
            say "Redraft SET / RedisRaft SET: $(ratio "$rs" "$qs") (target >= 150%)"
        fi
    fi
    if want values; then
        say "large values, 50 clients, SET: MB/s (value bytes)"
        printf '%-12s %10s %8s %10s %8s\n' server "16KB MB/s" p99 "1MB MB/s" p99
        declare -A mbs
        for l in "${labels[@]}"; do
            read -r a _ a99 <<<"${got[$l,16k]:-0 - -}"; read -r b _ b99 <<<"${got[$l,1m]:-0 - -}"
            mbs[$l,16k]=$(awk -v r="$a" 'BEGIN { printf "%.1f", r * 16384 / 1e6 }')
            mbs[$l,1m]=$(awk -v r="$b" 'BEGIN { printf "%.1f", r * 1048576 / 1e6 }')
            printf '%-12s %10s %8s %10s %8s\n' "$l" "${mbs[$l,16k]}" "$a99" "${mbs[$l,1m]}" "$b99"
        done
        say "Redraft / redis AOF-always: 16 KB $(ratio "${mbs[redraft,16k]}" "${mbs[redis-aof,16k]}"), 1 MB $(ratio "${mbs[redraft,1m]}" "${mbs[redis-aof,1m]}") (target >= 60%)"
    fi
    stop_cluster 7101; [ -n "$redisraft" ] && stop_cluster 7201
    redis-cli -p 6401 SHUTDOWN NOSAVE >/dev/null 2>&1 || true; redis-cli -p 6402 SHUTDOWN NOSAVE >/dev/null 2>&1 || true
fi

# ---------------------------------------------------------------------------------------------
if want idle; then
    say "idle: 10,000 idle connections beside 100 active clients. load $(load_avg)"
    start_cluster redraft 7301 ""
    leader=$(leader_of 7301)
    bench_csv "$leader" 100 set,get 16 50000 >/dev/null # warm-up
    declare -A idle
    while read -r t rps _ p99; do idle[$t,0]="$rps $p99"; done < <(bench_csv "$leader" 100 set,get 16 "$requests")
    h0=$(heap_used_mb "${pid_of[$leader]}")
    holder_in="$work/idle.in"; mkfifo "$holder_in"
    python3 "$root/bench/idle_connections.py" "$leader" 10000 <"$holder_in" >"$work/idle.out" 2>&1 &
    holder=$!; pids+=($holder)
    exec 9>"$holder_in" # holds the connections open until closed
    for _ in $(seq 1 600); do grep -q '^ready' "$work/idle.out" 2>/dev/null && break; sleep 0.1; done
    connected=$(redis-cli -p "$leader" INFO clients | tr -d '\r' | sed -n 's/^connected_clients://p')
    h1=$(heap_used_mb "${pid_of[$leader]}")
    while read -r t rps _ p99; do idle[$t,1]="$rps $p99"; done < <(bench_csv "$leader" 100 set,get 16 "$requests")
    printf '%-6s %14s %8s %18s %8s %8s\n' test "rps" p99 "rps, 10k idle" p99 ratio
    for t in SET GET; do
        read -r a ap <<<"${idle[$t,0]:-0 -}"; read -r b bp <<<"${idle[$t,1]:-0 -}"
        printf '%-6s %14s %8s %18s %8s %8s\n' "$t" "$a" "$ap" "$b" "$bp" "$(ratio "$b" "$a")"
    done
    say "connected_clients with the idle ones: $connected; live heap $h0 MB -> $h1 MB:" \
        "$(awk -v a="$h0" -v b="$h1" 'BEGIN { printf "%.2f", (b - a) * 1024 / 10000 }') KB per idle connection (target < 10 KB)"
    exec 9>&-
    wait "$holder" 2>/dev/null || true
    stop_cluster 7301
fi

# ---------------------------------------------------------------------------------------------
gen_keys() { # count
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { k = "key:" i; v = sprintf("value:%010d", i)
        printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }'
}
if want memory; then
    say "memory: $keys keys of 16-byte values, steady load ${duration}s per collector ($gcs). load $(load_avg)"
    start_redis 6403 none
    t0=$(date +%s.%N); gen_keys "$keys" | redis-cli -p 6403 --pipe >/dev/null; t1=$(date +%s.%N)
    redis_rate=$(awk -v a="$t0" -v b="$t1" -v n="$keys" 'BEGIN { printf "%.0f", n / (b - a) }')
    redis_used=$(redis_mem 6403 used_memory); redis_rss=$(redis_mem 6403 used_memory_rss)
    say "redis-server: load $redis_rate keys/s, used_memory $((redis_used >> 20)) MB, used_memory_rss $((redis_rss >> 20)) MB"
    redis-cli -p 6403 SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    printf '%-11s %9s %9s %9s %9s %9s %7s %7s %9s %9s %9s\n' collector "keys/s" "RSS load" "RSS rest" "B/key" \
        "÷used" "p99" "p99.9" elections "safept" "PING max"
    IFS=, read -r -a collectors <<<"$gcs"
    for gc in "${collectors[@]}"; do
        case $gc in
            g1) flag="-XX:+UseG1GC" ;; zgc) flag="-XX:+UseZGC" ;; shenandoah) flag="-XX:+UseShenandoahGC" ;;
            default) flag="" ;;
            *) [ -n "${custom_gc[$gc]+x}" ] || { echo "scale: unknown collector $gc" >&2; exit 2; }; flag=${custom_gc[$gc]} ;;
        esac
        first=7401
        start_cluster redraft $first "$flag -Xlog:safepoint:file=$work/safepoint-$gc.log" --raft.log-fsync yes
        leader=$(leader_of $first); lpid=${pid_of[$leader]}
        h0=$(heap_used_mb "$lpid")
        t0=$(date +%s.%N); gen_keys "$keys" | redis-cli -p "$leader" --pipe >/dev/null; t1=$(date +%s.%N)
        rate=$(awk -v a="$t0" -v b="$t1" -v n="$keys" 'BEGIN { printf "%.0f", n / (b - a) }')
        leader=$(leader_of $first); lpid=${pid_of[$leader]}
        skip=$(wc -l <"$work/safepoint-$gc.log") # the load's pauses only, not startup's and loading's
        term0=$(raft_field "$leader" raft_current_term)
        # Not a terminal: redis-cli prints "min max avg samples" lines; line-buffered so a kill loses none.
        stdbuf -oL redis-cli -p "$leader" --latency-history -i 5 >"$work/ping-$gc.log" 2>&1 &
        probe=$!
        peak=0 last=0 p99s="" p999s="" end=$((SECONDS + duration))
        while [ $SECONDS -lt $end ]; do
            out=$(redis-benchmark -p "$leader" -c 50 -P 1 -t set,get -d 16 -r "$keys" -n 100000 2>/dev/null | tr '\r' '\n')
            p99s+="$(awk '/^[0-9.]+% <=/ { p = $1 + 0; if (p >= 99 && !d[blk]++) print $3 } /======/ { blk++ }' <<<"$out") "
            p999s+="$(awk '/^[0-9.]+% <=/ { p = $1 + 0; if (p >= 99.9 && !d[blk]++) print $3 } /======/ { blk++ }' <<<"$out") "
            r=$(rss_mb "$lpid"); [ "$r" -gt "$peak" ] && peak=$r
            last=$r
        done
        kill "$probe" 2>/dev/null || true; wait "$probe" 2>/dev/null || true
        term1=$(raft_field "$(leader_of $first)" raft_current_term)
        sleep 30 # at rest: what the collector gives back once the load has stopped
        rest=$(rss_mb "$lpid")
        redis-cli -p "$(leader_of $first)" RAFT.DEBUG COMPACT >/dev/null # the log cache is not data (as bench/memory.sh)
        h1=$(heap_used_mb "$lpid")
        per_key=$(awk -v a="$h0" -v b="$h1" -v n="$keys" 'BEGIN { printf "%.0f", (b - a) * 1048576 / n }')
        redis_per_key=$(awk -v u="$redis_used" -v n="$keys" 'BEGIN { printf "%.0f", u / n }')
        median() { tr ' ' '\n' | grep . | sort -n | awk '{ l[++n] = $0 } END { if (n) print l[int((n + 1) / 2)]; else print "-" }'; }
        maxv() { tr ' ' '\n' | grep . | sort -n | tail -1; }
        safepoint=$(tail -n +$((skip + 1)) "$work/safepoint-$gc.log" |
            awk '{ for (i = 1; i < NF; i++) if ($i == "Total:") { v = $(i + 1) / 1e6; if (v > m) m = v } } END { printf "%.1f", m }')
        pingmax=$(awk 'NF == 4 && $2 > m { m = $2 } END { print m + 0 }' "$work/ping-$gc.log")
        printf '%-11s %9s %8sM %8sM %9s %9s %7s %7s %9s %8sms %7sms\n' "$gc" "$rate" "$peak" "$rest" "$per_key" \
            "$(ratio "$per_key" "$redis_per_key")" "$(median <<<"$p99s")" "$(median <<<"$p999s")" \
            "$((term1 - term0))" "$safepoint" "$pingmax"
        say "$gc: RSS under load / redis used_memory_rss: $(ratio "$((peak << 20))" "$redis_rss") at the peak, $(ratio "$((last << 20))" "$redis_rss") at the end of the load (${last} MB), at rest: $(ratio "$((rest << 20))" "$redis_rss") (target <= 200%); worst p99.9 $(maxv <<<"$p999s") ms"
        # Which pauses these were: a long one is either the collector's or the JVM's own (a
        # deoptimization, a code cache sweep), and the time to reach it is the threads', not the GC's.
        say "$gc: longest safepoints under load (operation, ms to reach it, ms at it): $(tail -n +$((skip + 1)) "$work/safepoint-$gc.log" |
            awk 'match($0, /Safepoint "[^"]+"/) { op = substr($0, RSTART + 11, RLENGTH - 12); r = a = t = 0
                 for (i = 1; i < NF; i++) { if ($i == "safepoint:" && $(i - 1) == "Reaching") r = $(i + 1); if ($i == "At" ) a = $(i + 2); if ($i == "Total:") t = $(i + 1) }
                 printf "%.1f %s %.1f %.1f\n", t / 1e6, op, r / 1e6, a / 1e6 }' | sort -rn | head -3 |
            awk '{ printf "%s%s %s/%s", sep, $2, $3, $4; sep = "; " }')"
        stop_cluster $first
    done
    say "redis-server for the same keys: $redis_per_key B/key used_memory; p99/p99.9 in ms (median over 100k-request runs); safept = longest safepoint; PING max = longest probe round trip"
fi

# ---------------------------------------------------------------------------------------------
if want snapshot; then
    say "snapshot: a wiped follower catches up $snapmb MB. load $(load_avg)"
    disk=$(dd if=/dev/zero of="$work/dd.bin" bs=1M count="$snapmb" conv=fdatasync 2>&1 | tail -1)
    rm -f "$work/dd.bin"
    disk_mbs=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[GM]B\/s$/) { v = $(i - 1); if ($i == "GB/s") v *= 1000; print v } }' <<<"$disk")
    say "disk sequential write (dd, fdatasync): ${disk_mbs} MB/s"
    first=7501
    start_cluster redraft $first ""
    leader=$(leader_of $first)
    n=$((snapmb * 1024))
    # Random (base64) values: the snapshot's LZF compression must not shrink the dataset away.
    python3 -c '
import base64, os, sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    k = b"big:%d" % i
    v = base64.b64encode(os.urandom(750))
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
' "$n" | redis-cli -p "$leader" --pipe >/dev/null
    # A snapshot of everything loaded: COMPACT is refused while the load's own snapshots run, and
    # an earlier one (half the data) left the rest to replay from the log, measured as if sent.
    for _ in $(seq 1 600); do [ "$(redis-cli -p "$leader" RAFT.DEBUG COMPACT 2>/dev/null)" = OK ] && break; sleep 0.2; done
    size=$(raft_field "$leader" raft_snapshot_size)
    for port in $first $((first + 1)) $((first + 2)); do [ "$port" != "$leader" ] && victim=$port && break; done
    id=$(raft_field "$victim" raft_node_id)
    kill -9 "${pid_of[$victim]}"; wait "${pid_of[$victim]}" 2>/dev/null || true
    redis-cli -p "$leader" RAFT.NODE REMOVE "$id" >/dev/null
    rm -rf "$work/n$victim"; mkdir -p "$work/n$victim"
    "$bin_dir/redraft-server" --port "$victim" --bind 127.0.0.1 --dir "$work/n$victim" --dbfilename raft.rdb \
        --logfile "$work/n$victim/redraft.log" --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$victim" \
        >"$work/n$victim.out" 2>&1 &
    pids+=($!); pid_of[$victim]=$!
    wait_ping "$victim"
    target=$(raft_field "$leader" raft_commit_index)
    t0=$(date +%s.%N)
    redis-cli -p "$victim" RAFT.CLUSTER JOIN "127.0.0.1:$leader" >/dev/null
    for _ in $(seq 1 36000); do
        applied=$(raft_field "$victim" raft_last_applied_index)
        [ -n "$applied" ] && [ "$applied" -ge "$target" ] && break
        sleep 0.05
    done
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    rate=$(awk -v s="$size" -v t="$secs" 'BEGIN { printf "%.1f", s / 1e6 / t }')
    say "snapshot of $((size >> 20)) MB caught up in $secs s: $rate MB/s = $(ratio "$rate" "$disk_mbs") of the disk's rate (target >= 50%)"
    stop_cluster $first
fi
