#!/usr/bin/env bash
# What TLS costs a 1-node Redraft cluster, and which TLS engine costs less (docs/security.md):
#
#   bench/tls.sh [-n requests] [-k rounds]
#
# Makes a throw-away CA and certificates with openssl (the commands of docs/security.md), then, in
# turns, for each of: Redraft without TLS, Redraft over TLS with the JDK engine, with OpenSSL
# (-Dredraft.tls.provider=openssl), and redis-server 7 over TLS: one unmeasured warm-up pass, then
# SET with 50 clients and -P 16 through `redis-benchmark --tls --cert --key --cacert` (-k times).
# Prints requests/s of each pass and the server's CPU time per SET (from /proc/PID/stat), which
# varies far less than throughput on a shared machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
requests=300000 rounds=3
while getopts "n:k:" o; do
    case $o in n) requests=$OPTARG ;; k) rounds=$OPTARG ;; *) exit 2 ;; esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout ca.key -out ca.crt \
    -days 30 -subj "/CN=bench CA" 2>/dev/null
for n in node client; do
    openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout $n.key -out $n.csr -subj "/CN=$n" 2>/dev/null
    openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out $n.crt \
        -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth") 2>/dev/null
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

run() { # run <kind>
    local kind=$1 d=$work/$1 pid
    rm -rf "$d"; mkdir -p "$d"
    local tls=(--port 0 --tls-port "$port" --tls-cert-file "$work/node.crt" --tls-key-file "$work/node.key"
               --tls-ca-cert-file "$work/ca.crt" --tls-auth-clients yes)
    local cli=(--tls --cert "$work/client.crt" --key "$work/client.key" --cacert "$work/ca.crt" -h 127.0.0.1 -p "$port")
    case $kind in
        plain) tls=(--port "$port"); cli=(-h 127.0.0.1 -p "$port")
               "$root/bin/redraft-server" "${tls[@]}" --dir "$d" --raft.addr "127.0.0.1:$port" >"$d/log" 2>&1 & pid=$! ;;
        redis) redis-server "${tls[@]}" --save '' --appendonly no --dir "$d" --logfile "$d/log" & pid=$! ;;
        *) REDRAFT_JVM_OPTS="-Dredraft.tls.provider=$kind" "$root/bin/redraft-server" "${tls[@]}" --dir "$d" \
               --raft.addr "127.0.0.1:$port" --raft.tls-enabled yes >"$d/log" 2>&1 & pid=$! ;;
    esac
    for _ in $(seq 150); do redis-cli "${cli[@]}" PING 2>/dev/null | grep -q PONG && break; sleep 0.2; done
    [ "$kind" = redis ] || redis-cli "${cli[@]}" RAFT.CLUSTER INIT >/dev/null
    for _ in $(seq 150); do [ "$(redis-cli "${cli[@]}" SET w u 2>/dev/null)" = OK ] && break; sleep 0.2; done
    redis-benchmark "${cli[@]}" -t set -n 100000 -c 50 -P 16 -q >/dev/null
    local c0 c1
    c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    local rps=()
    for _ in $(seq "$rounds"); do
        rps+=("$(redis-benchmark "${cli[@]}" -t set -n "$requests" -c 50 -P 16 -q | tr '\r' '\n' | grep '^SET' | tail -1 | awk '{print $2}')")
    done
    c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    local ticks; ticks=$(getconf CLK_TCK)
    printf '%-8s SET -P 16 rps: %s   server CPU per SET: %s us\n' "$kind" "${rps[*]}" \
        "$(echo "scale=2; ($c1-$c0)*1000000/$ticks/($requests*$rounds)" | bc)"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}
for kind in plain jdk openssl redis; do run "$kind"; done
