#!/usr/bin/env bash
# Throughput and latency of a 3-node Redraft cluster next to a stock redis-server, measured in
# the same run on the same machine with redis-benchmark (Debian's redis-tools).
#
#   bench/cluster.sh [-n requests] [-c clients] [-k rounds] [-j profile.jfr] [-b other-checkout] [-m]
#
# With -k N (default 1) every server is measured N times, in turns (redis always, redis without
# persistence, Redraft, then again), all of them running throughout, and the table shows for each
# test the run with the median requests/s: on these shared machines one run of the same server
# varies by about 20%, and measuring in turns spreads slow spells over all three.
#
# With -b, a second 3-node Redraft cluster started from another checkout (its built jar, e.g. a
# `git worktree` of the commit before a change) runs beside the first and is measured in the same
# turns; the table adds its figures and this build's ratio to it. This is how a refactoring is shown
# to cost nothing: both builds see the same slow spells.
#
# With -m, a second 3-node cluster of this build runs beside the first with the operations listener
# on (metrics-port) and every node's /metrics scraped once a second, as Prometheus would, measured in
# the same turns: the table adds its figures and its ratio to the cluster without metrics (the
# cost of the metrics), and the scrapes' count, size and average time are printed.
#
# With -j, the Redraft leader runs under Java Flight Recorder; the recording is kept in the given
# file and its hottest methods and per-thread CPU load are printed after the table (see
# bench/HISTORY.md, "Where the time goes").
#
# References: redis-server with appendfsync always (what a durable write costs on this disk)
# and with no persistence at all (what a read costs). Redraft runs with raft.log-fsync yes and
# quorum reads. SET goes to the leader; GET is a quorum read on the leader. Redraft is measured
# after one unmeasured pass of the same tests (JIT warm-up).
# Prints a table: requests/s, p50 and p99 (ms) per test, and Redraft's ratio to each reference.
#
#   bench/cluster.sh --shards N [-n requests] [-c clients] [-k rounds]
#
# Sharding (issue 15): cluster-mode load (redis-benchmark --cluster, which reads CLUSTER NODES,
# spreads its clients over the masters and tags each client's keys with a slot of its master)
# against one Redraft group with raft.sharding yes (plain redis-benchmark: it refuses --cluster with
# one master, and one group owning every slot never redirects), against N linked groups (3 nodes each, the
# slots split evenly), and against a stock N-master Redis Cluster (redis-server --cluster-enabled
# yes, formed by redis-cli --cluster create, no replicas), measured in turns with all of them
# running. For fairness the Redis Cluster masters persist as Redraft does, every write fsynced
# (appendonly yes, appendfsync always), but they replicate to nobody while every Redraft write
# waits for a majority of its group. The table adds N groups' ratio to one group (what sharding
# buys) and to the Redis Cluster.
#
#   bench/cluster.sh --tls [-n requests] [-c clients] [-k rounds]
#
# TLS (issue 17): three 3-node Redraft clusters, one without TLS, one serving TLS only with TLS on
# every link (raft.tls-enabled yes, tls-auth-clients yes) on the JDK engine, the same on OpenSSL
# (-Dredraft.tls.provider=openssl, netty-tcnative-boringssl-static), next to redis-server with
# appendfsync always, without and with TLS (Debian's redis-server is built with TLS), all running
# at once and measured in turns with redis-benchmark (--tls --cert --key --cacert for the TLS ones).
# A throw-away CA and certificates are made with openssl. The table shows each server's requests/s,
# p50 and p99, and what TLS keeps of the throughput: Redraft TLS ÷ Redraft, redis TLS ÷ redis.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
requests=200000 clients=50 jfr="" rounds=1 other="" metrics="" shards="" tls=""
# getopts knows no long options: --shards N is taken out first.
short=()
while [ $# -gt 0 ]; do
    case $1 in
        --shards) shards=${2:?--shards needs a number}; shift 2 ;;
        --tls) tls=1; shift ;;
        *) short+=("$1"); shift ;;
    esac
done
set -- ${short[@]+"${short[@]}"}
while getopts "n:c:j:k:b:m" o; do
    case $o in
        m) metrics=1 ;;
        n) requests=$OPTARG ;; c) clients=$OPTARG ;; k) rounds=$OPTARG ;; j) jfr=$(realpath -m "$OPTARG") ;;
        b) other=$(realpath "$OPTARG") ;; *) exit 2 ;;
    esac
done
require_tools "redis-server redis-tools" redis-server redis-benchmark redis-cli
require_server_jar
make_work_dir redraft-bench

# One line per test: name rps p50 p99, parsed from redis-benchmark's CSV output
# ("test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms").
run_bench() { # port pipeline tests
    redis-benchmark -p "$1" -n "$requests" -c "$clients" -P "$2" -t "$3" -r 100000 -d 16 --csv 2>/dev/null |
        tail -n +2 | tr -d '"' | awk -F, '{ printf "%s %s %s %s\n", $1, $2, $5, $7 }'
}

declare -A runs # "label,TEST,P" -> one "rps p50 p99" line per round
measure() { # label port
    local label=$1 port=$2 p
    for p in 1 16; do
        while read -r test rps p50 p99; do
            runs["$label,$test,$p"]+="$rps $p50 $p99"$'\n'
        done < <(run_bench "$port" "$p" set,get)
    done
}
median() { # lines of "rps p50 p99": the one with the median rps
    printf '%s' "$1" | sort -n -k1,1 | awk 'NF { l[++n] = $0 } END { if (n) print l[int((n + 1) / 2)] }'
}

# --tls: everything from here to the exit; the modes below do not run.
if [ -n "$tls" ]; then
    [ -z "$jfr$other$metrics$shards" ] || { echo "bench: --tls does not combine with -j, -b, -m or --shards" >&2; exit 2; }
    require_tools openssl openssl
    (cd "$work"
     openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout ca.key -out ca.crt \
         -days 30 -subj "/CN=bench CA" 2>/dev/null
     for n in node client; do
         openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout $n.key -out $n.csr -subj "/CN=$n" 2>/dev/null
         openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out $n.crt \
             -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth") 2>/dev/null
     done)
    tls_client=(--tls --cert "$work/client.crt" --key "$work/client.key" --cacert "$work/ca.crt")
    tls_server=(--tls-cert-file "$work/node.crt" --tls-key-file "$work/node.key" --tls-ca-cert-file "$work/ca.crt"
                --tls-auth-clients yes)
    is_tls() { case $1 in 55*|56*|6393) return 0 ;; *) return 1 ;; esac; }
    cli() { # port args...
        local port=$1; shift
        if is_tls "$port"; then redis-cli "${tls_client[@]}" -h 127.0.0.1 -p "$port" "$@"; else redis-cli -h 127.0.0.1 -p "$port" "$@"; fi
    }
    run_bench() { # port pipeline tests (redefined: TLS options for the TLS ports)
        local opts=()
        is_tls "$1" && opts=("${tls_client[@]}")
        redis-benchmark ${opts[@]+"${opts[@]}"} -h 127.0.0.1 -p "$1" -n "$requests" -c "$clients" -P "$2" -t "$3" -r 100000 -d 16 --csv 2>"$work/bench.err" |
            tail -n +2 | tr -d '"' | awk -F, '{ printf "%s %s %s %s\n", $1, $2, $5, $7 }' ||
            echo "bench: redis-benchmark -P $2 on port $1 failed: $(grep -v '^WARNING' "$work/bench.err" | tail -2 | tr '\n' ' ')" >&2
    }
    wait_up() { # port
        for _ in $(seq 1 600); do [ "$(cli "$1" PING 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done
        echo "bench: port $1 did not come up" >&2; exit 1
    }
    start_tls_cluster() { # first-port engine(plain|jdk|openssl)
        local first=$1 engine=$2 port args
        for port in $first $((first + 1)) $((first + 2)); do
            mkdir -p "$work/n$port"
            args=(--port "$port")
            [ "$engine" = plain ] || args=(--port 0 --tls-port "$port" "${tls_server[@]}" --raft.tls-enabled yes)
            REDRAFT_JVM_OPTS=-Dredraft.tls.provider=$([ "$engine" = openssl ] && echo openssl || echo jdk) \
                "$bin_dir/redraft-server" "${args[@]}" --bind 127.0.0.1 --dir "$work/n$port" --dbfilename raft.rdb \
                --logfile "$work/n$port/redraft.log" --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$port" \
                >"$work/n$port.out" 2>&1 &
            pids+=($!)
        done
        for port in $first $((first + 1)) $((first + 2)); do wait_up "$port"; done
        cli "$first" RAFT.CLUSTER INIT >/dev/null
        cli $((first + 1)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
        cli $((first + 2)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
        # A TLS cluster on a busy machine takes longer to elect and link: up to 60 s, then say why.
        for _ in $(seq 1 600); do [ "$(cli "$first" SET bench:ready 1 2>/dev/null)" = OK ] && return 0; sleep 0.1; done
        echo "bench: the cluster on port $first never took a write: $(cli "$first" SET bench:ready 1 2>&1)" >&2; exit 1
    }
    echo "bench: starting Redraft (3 nodes) without TLS, with TLS (JDK engine), with TLS (OpenSSL); redis-server (appendfsync always) without and with TLS"
    start_tls_cluster 5101 plain
    start_tls_cluster 5501 jdk
    start_tls_cluster 5601 openssl
    grep -h "TLS with the" "$work"/n5501/redraft.log "$work"/n5601/redraft.log | sed 's/^/bench: /' || true
    for port in 6392 6393; do
        mkdir -p "$work/r$port"
        args=(--port "$port")
        [ "$port" = 6393 ] && args=(--port 0 --tls-port "$port" "${tls_server[@]}")
        redis-server "${args[@]}" --dir "$work/r$port" --save "" --appendonly yes --appendfsync always \
            --daemonize no >"$work/r$port.log" 2>&1 &
        pids+=($!)
    done
    for port in 6392 6393; do wait_up "$port"; done
    leader_of() { # first-port: the port of the node that leads that cluster now (a busy machine sees elections)
        local port
        for _ in $(seq 1 300); do
            for port in $1 $(($1 + 1)) $(($1 + 2)); do
                cli "$port" INFO raft 2>/dev/null | tr -d '\r' | grep -q '^raft_role:leader$' && { echo "$port"; return 0; }
            done
            sleep 0.1
        done
        echo "$1"
    }
    measure_redraft() { # label first-port: on the leader; again on the new one when an election cut the run short
        local label=$1 first=$2 p try out
        for p in 1 16; do
            for try in 1 2 3 4 5; do
                out=$(run_bench "$(leader_of "$first")" "$p" set,get)
                [ "$(grep -c . <<<"$out")" -ge 2 ] && break
                echo "bench: $label -P $p: retrying on the leader (try $((try + 1)))" >&2
            done
            while read -r test rps p50 p99; do
                [ -n "$test" ] && runs["$label,$test,$p"]+="$rps $p50 $p99"$'\n'
            done <<<"$out"
        done
    }
    term() { cli "$(leader_of "$1")" INFO raft 2>/dev/null | tr -d '\r' | sed -n 's/^raft_current_term://p'; }
    for first in 5101 5501 5601; do # JIT warm-up, not measured
        port=$(leader_of "$first")
        run_bench "$port" 16 set,get >/dev/null
        run_bench "$port" 1 set,get >/dev/null
    done
    for ((round = 1; round <= rounds; round++)); do
        echo "bench: round $round of $rounds: redis, redis TLS, Redraft, Redraft TLS (JDK), Redraft TLS (OpenSSL)"
        measure redis 6392
        measure redistls 6393
        measure_redraft redraft 5101
        measure_redraft jdk 5501
        measure_redraft openssl 5601
    done
    ratio() { awk -v x="${1:-0}" -v y="${2:-0}" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }'; }
    printf '\n%-4s %-3s %9s %6s %6s | %9s %6s %6s %5s | %9s %6s %6s %5s | %9s %6s %6s | %9s %6s %6s %5s\n' \
        test P "redraft" p50 p99 "TLS jdk" p50 p99 "÷" "TLS ossl" p50 p99 "÷" "redis" p50 p99 "redisTLS" p50 p99 "÷"
    for test in SET GET; do
        for p in 1 16; do
            read -r r r50 r99 <<<"$(median "${runs[redraft,$test,$p]:-}")"
            read -r j j50 j99 <<<"$(median "${runs[jdk,$test,$p]:-}")"
            read -r o o50 o99 <<<"$(median "${runs[openssl,$test,$p]:-}")"
            read -r a a50 a99 <<<"$(median "${runs[redis,$test,$p]:-}")"
            read -r t t50 t99 <<<"$(median "${runs[redistls,$test,$p]:-}")"
            printf '%-4s %-3s %9s %6s %6s | %9s %6s %6s %5s | %9s %6s %6s %5s | %9s %6s %6s | %9s %6s %6s %5s\n' \
                "$test" "$p" "${r:-0}" "$r50" "$r99" "${j:-0}" "$j50" "$j99" "$(ratio "$j" "$r")" \
                "${o:-0}" "$o50" "$o99" "$(ratio "$o" "$r")" "${a:-0}" "$a50" "$a99" "${t:-0}" "$t50" "$t99" "$(ratio "$t" "$a")"
        done
    done
    echo
    [ "$rounds" -gt 1 ] && echo "Each figure is the run with the median requests/s of $rounds rounds."
    echo "÷: requests/s with TLS over requests/s without, same server. p50/p99 in ms."
    echo "Redraft: raft.log-fsync yes, quorum reads; TLS only on the client port, raft.tls-enabled yes, tls-auth-clients yes."
    echo "redis-server: appendonly yes, appendfsync always; TLS: tls-auth-clients yes."
    echo "Raft terms at the end (1 = no election since INIT): Redraft $(term 5101), TLS JDK $(term 5501), TLS OpenSSL $(term 5601)."
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
    exit 0
fi

# --shards N: everything from here to the exit; the modes below do not run.
if [ -n "$shards" ]; then
    [ "$shards" -ge 1 ] 2>/dev/null || { echo "bench: --shards takes a number >= 1" >&2; exit 2; }
    [ -z "$jfr$other$metrics" ] || { echo "bench: --shards does not combine with -j, -b or -m" >&2; exit 2; }
    # redis-benchmark refuses --cluster with fewer than 2 masters ("Invalid cluster: 1 node(s)"): one
    # group, which owns every slot and so never redirects, gets the same load without it.
    run_cluster_bench() { # port pipeline tests
        local mode=--cluster
        [ "$1" = 5401 ] && mode=""
        redis-benchmark -h 127.0.0.1 -p "$1" $mode -n "$requests" -c "$clients" -P "$2" -t "$3" -r 100000 -d 16 --csv 2>/dev/null |
            tail -n +2 | tr -d '"' | awk -F, '{ printf "%s %s %s %s\n", $1, $2, $5, $7 }'
    }
    measure_cluster() { # label port
        local label=$1 port=$2 p
        for p in 1 16; do
            while read -r test rps p50 p99; do
                runs["$label,$test,$p"]+="$rps $p50 $p99"$'\n'
            done < <(run_cluster_bench "$port" "$p" set,get)
        done
    }
    wait_cluster_ok() { # port groups: waits up to 60 s for cluster_state:ok with that many groups (or masters)
        for _ in $(seq 1 600); do
            local info
            info=$(redis-cli -p "$1" CLUSTER INFO 2>/dev/null | tr -d '\r')
            grep -q '^cluster_state:ok$' <<<"$info" && grep -q "^cluster_size:$2\$" <<<"$info" && return 0
            sleep 0.1
        done
        echo "bench: the cluster on port $1 never reported cluster_state:ok with $2 groups" >&2; exit 1
    }
    # One Redraft shard group of 3 nodes owning slots $2 (A:B): INIT on the first port, JOIN the others.
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
    echo "bench: starting 1 Redraft group, $shards linked Redraft groups of 3 nodes, a $shards-master Redis Cluster (appendfsync always)"
    start_group 5401 0:16383
    firsts=()
    for ((g = 0; g < shards; g++)); do
        firsts+=($((5411 + 10 * g)))
        start_group "${firsts[g]}" "$((g * 16384 / shards)):$(((g + 1) * 16384 / shards - 1))"
    done
    # The node that ran INIT leads its group until a fault: LINK from it to every other group.
    for a in "${firsts[@]}"; do
        for b in "${firsts[@]}"; do
            [ "$a" = "$b" ] && continue
            reply=$(redis-cli -p "$a" RAFT.SHARDGROUP LINK "127.0.0.1:$b")
            [ "$reply" = OK ] || { echo "bench: RAFT.SHARDGROUP LINK 127.0.0.1:$b on port $a replied $reply" >&2; exit 1; }
        done
    done
    redis_nodes=()
    for ((g = 0; g < shards; g++)); do
        port=$((6401 + g))
        mkdir -p "$work/rc$port"
        redis-server --port "$port" --dir "$work/rc$port" --cluster-enabled yes --cluster-config-file "$work/rc$port/nodes.conf" \
            --save "" --appendonly yes --appendfsync always --daemonize no >"$work/rc$port.log" 2>&1 &
        pids+=($!)
        redis_nodes+=("127.0.0.1:$port")
    done
    for ((g = 0; g < shards; g++)); do wait_ping $((6401 + g)); done
    redis-cli --cluster create "${redis_nodes[@]}" --cluster-replicas 0 --cluster-yes >"$work/rc-create.log" 2>&1 ||
        { cat "$work/rc-create.log" >&2; exit 1; }
    wait_cluster_ok 5401 1
    for port in "${firsts[@]}"; do wait_cluster_ok "$port" "$shards"; done
    wait_cluster_ok 6401 "$shards"
    for port in 5401 "${firsts[0]}"; do # JIT warm-up, not measured
        run_cluster_bench "$port" 16 set,get >/dev/null
        run_cluster_bench "$port" 1 set,get >/dev/null
    done
    for ((round = 1; round <= rounds; round++)); do
        echo "bench: round $round of $rounds: Redis Cluster, 1 Redraft group, $shards Redraft groups (redis-benchmark --cluster)"
        measure_cluster redis 6401
        measure_cluster one 5401
        measure_cluster many "${firsts[0]}"
    done
    printf '\n%-6s %-3s %14s %8s %8s | %14s %8s %8s | %14s %8s %8s | %7s %7s\n' \
        test P "1 group rps" p50 p99 "$shards groups rps" p50 p99 "redis rps" p50 p99 "÷1 grp" "÷redis"
    for test in SET GET; do
        for p in 1 16; do
            read -r o o50 o99 <<<"$(median "${runs[one,$test,$p]:-}")"
            read -r m m50 m99 <<<"$(median "${runs[many,$test,$p]:-}")"
            read -r r r50 r99 <<<"$(median "${runs[redis,$test,$p]:-}")"
            o=${o:-0} m=${m:-0} r=${r:-0}
            mo=$(awk -v x="$m" -v y="$o" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')
            mr=$(awk -v x="$m" -v y="$r" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')
            printf '%-6s %-3s %14s %8s %8s | %14s %8s %8s | %14s %8s %8s | %7s %7s\n' \
                "$test" "$p" "$o" "$o50" "$o99" "$m" "$m50" "$m99" "$r" "$r50" "$r99" "$mo" "$mr"
        done
    done
    echo
    [ "$rounds" -gt 1 ] && echo "Each figure is the run with the median requests/s of $rounds rounds."
    echo "Redis Cluster: $shards masters, no replicas, appendonly yes, appendfsync always. Redraft: raft.log-fsync yes, quorum reads."
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
    exit 0
fi

echo "bench: starting redis-server with appendfsync always, redis-server without persistence, 3 Redraft nodes"
mkdir -p "$work/always"
redis-server --port 6390 --dir "$work/always" --save "" --appendonly yes --appendfsync always \
    --daemonize no >"$work/always.log" 2>&1 &
pids+=($!)
redis-server --port 6391 --save "" --appendonly no --daemonize no >"$work/none.log" 2>&1 &
pids+=($!)
start_cluster() { # bin-dir first-port [with-metrics]: with-metrics, the listener on the node's port + 4000
    local bin=$1 first=$2 with_metrics=${3:-} port jvm_opts extra
    for port in $first $((first + 1)) $((first + 2)); do
        mkdir -p "$work/n$port"
        jvm_opts="" extra=()
        [ -n "$with_metrics" ] && extra=(--metrics-port $((port + 4000)))
        [ -n "$jfr" ] && [ "$port" = 5101 ] && jvm_opts="-XX:StartFlightRecording=filename=$jfr,settings=profile"
        REDRAFT_JVM_OPTS="$jvm_opts" "$bin/redraft-server" --port "$port" --bind 127.0.0.1 --dir "$work/n$port" \
            --dbfilename raft.rdb --logfile "$work/n$port/redraft.log" \
            --raft.log-filename raftlog.db --raft.addr "127.0.0.1:$port" "${extra[@]}" >"$work/n$port.out" 2>&1 &
        pids+=($!)
        [ "$port" = 5101 ] && leader_pid=$!
    done
    for port in $first $((first + 1)) $((first + 2)); do wait_ping "$port"; done
    redis-cli -p "$first" RAFT.CLUSTER INIT >/dev/null
    redis-cli -p $((first + 1)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
    redis-cli -p $((first + 2)) RAFT.CLUSTER JOIN "127.0.0.1:$first" >/dev/null
    wait_writable "$first" bench:ready 1
}
start_cluster "$bin_dir" 5101
if [ -n "$other" ]; then
    [ -f "$other/server/target/redraft-server.jar" ] || { echo "bench: no built jar in $other (mvn -DskipTests package there)" >&2; exit 2; }
    echo "bench: starting the baseline cluster from $other"
    start_cluster "$other/bin" 5201
fi
if [ -n "$metrics" ]; then
    require_tools curl curl
    echo "bench: starting a cluster with the metrics listener on ports 9301-9303, scraped every second"
    start_cluster "$bin_dir" 5301 with-metrics
    # One scrape of each node per second; each scrape's time and size is logged to sum up after the runs.
    ( while sleep 1; do
          for port in 9301 9302 9303; do
              curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/metrics" >>"$work/scrapes" || true
          done
      done ) &
    pids+=($!)
fi
for port in 6390 6391; do wait_ping "$port"; done
# A warm-up pass, not measured: the JIT compiles the request path during the first seconds, and
# on two cores its compiler threads take CPU from the nodes (a long-running server is past this).
for port in 5101 ${other:+5201} ${metrics:+5301}; do
    run_bench "$port" 16 set,get >/dev/null
    run_bench "$port" 1 set,get >/dev/null
done
for ((round = 1; round <= rounds; round++)); do
    echo "bench: round $round of $rounds: redis-server appendfsync always, redis-server no persistence, Redraft (raft.log-fsync yes, quorum reads)"
    measure always 6390
    measure none 6391
    measure redraft 5101
    [ -n "$other" ] && measure baseline 5201
    [ -n "$metrics" ] && measure metrics 5301
done
if [ -n "$jfr" ]; then
    "$(dirname "$JAVA")/jcmd" "$leader_pid" JFR.dump filename="$jfr" >/dev/null
fi

printf '\n%-6s %-3s %14s %8s %8s | %14s %8s %8s | %14s %8s %8s | %7s %7s\n' \
    test P "redraft rps" p50 p99 "always rps" p50 p99 "nopersist rps" p50 p99 "÷always" "÷none"
for test in SET GET; do
    for p in 1 16; do
        read -r r r50 r99 <<<"$(median "${runs[redraft,$test,$p]:-}")"
        read -r a a50 a99 <<<"$(median "${runs[always,$test,$p]:-}")"
        read -r n n50 n99 <<<"$(median "${runs[none,$test,$p]:-}")"
        r=${r:-0} a=${a:-0} n=${n:-0}
        ra=$(awk -v x="$r" -v y="$a" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')
        rn=$(awk -v x="$r" -v y="$n" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')
        printf '%-6s %-3s %14s %8s %8s | %14s %8s %8s | %14s %8s %8s | %7s %7s\n' \
            "$test" "$p" "$r" "$r50" "$r99" "$a" "$a50" "$a99" "$n" "$n50" "$n99" "$ra" "$rn"
    done
done
# Two runs of Redraft side by side: title, left label and key, right label and key, ratio header,
# and the keys of the ratio's numerator and denominator.
pair_table() {
    local title=$1 ll=$2 lk=$3 rl=$4 rk=$5 ratio=$6 num=$7 den=$8 test p
    printf '\n%s\n%-6s %-3s %14s %8s %8s | %14s %8s %8s | %9s\n' "$title" test P "$ll rps" p50 p99 "$rl rps" p50 p99 "$ratio"
    for test in SET GET; do
        for p in 1 16; do
            local l l50 l99 r r50 r99 n d
            read -r l l50 l99 <<<"$(median "${runs[$lk,$test,$p]:-}")"
            read -r r r50 r99 <<<"$(median "${runs[$rk,$test,$p]:-}")"
            read -r n _ _ <<<"$(median "${runs[$num,$test,$p]:-}")"
            read -r d _ _ <<<"$(median "${runs[$den,$test,$p]:-}")"
            printf '%-6s %-3s %14s %8s %8s | %14s %8s %8s | %9s\n' "$test" "$p" "${l:-0}" "$l50" "$l99" "${r:-0}" "$r50" "$r99" \
                "$(awk -v x="${n:-0}" -v y="${d:-0}" 'BEGIN { if (y > 0) printf "%.0f%%", 100 * x / y; else print "-" }')"
        done
    done
}
[ -n "$other" ] && pair_table "Baseline: $other" redraft redraft baseline baseline "÷baseline" redraft baseline
if [ -n "$metrics" ]; then
    pair_table "Metrics listener on, scraped every second" plain redraft metrics metrics "÷plain" metrics redraft
    awk '{ n++; t += $1; b += $2 } END { if (n) printf "Scrapes: %d, average %.1f ms and %.0f bytes each\n", n, 1000 * t / n, b / n }' "$work/scrapes" 2>/dev/null || true
fi
echo
[ "$rounds" -gt 1 ] && echo "Each figure is the run with the median requests/s of $rounds rounds."
echo "Targets (issue 5): SET vs always: P1 >= 75%, P16 >= 30%; GET vs none: P1 >= 90%, P16 >= 40%; p99 at P1 < 3 ms."
if [ -n "$jfr" ]; then
    echo
    echo "Profile of the leader (all tests above), kept in $jfr:"
    "$(dirname "$JAVA")/jfr" view --width 150 hot-methods "$jfr" | head -30
    "$(dirname "$JAVA")/jfr" view --width 150 thread-cpu-load "$jfr" | head -20
fi
