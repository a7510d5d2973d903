#!/usr/bin/env bash
# Start a private orderdesk from BUILD_DIR on a free 127.0.0.1 port, run orderdesk-bench
# against it, stop the server with SIGTERM and print the results.
#
#   bench/run-bench.sh BUILD_DIR [orderdesk-bench options...]
#   e.g. bench/run-bench.sh build-bench --orders 2000 --concurrency 50 --firehose
#
# The server runs with --no-gui --latency-scale 0 --rate-limit 0 --dex-failure-rate 0 --seed 1
# and a fresh --data-dir in a temp dir. Environment:
#   BENCH_REDIS_URL=URL|private      pass --redis URL; "private" starts a redis-server of its own
#   BENCH_DATABASE_URL=URL|private   pass --database URL; "private" starts a PostgreSQL 15 of its
#                                    own (initdb in the temp dir, fsync and synchronous_commit on)
#   BENCH_MARKET_URL=URL|private     pass --market URL; "private" starts an orderdesk-market of its
#                                    own (latency scale 0, no failures, seed 1). Private by default
#                                    with a Redis (nodes sharing a queue share a market)
#   BENCH_SERVER_ARGS="--workers 64" more orderdesk options (word-split)
#   BENCH_KEEP=1                     keep the temp dir (server log, databases) and print its path
#   BENCH_PERF=stat|record           attach perf to the server for the run: "stat" counts its
#                                    sleeps, fsyncs, futex waits and context switches; "record"
#                                    samples call stacks (cpu-clock) and prints the top symbols
#   BENCH_SERVER_WRAPPER="valgrind --tool=callgrind --callgrind-out-file=/tmp/od.cg"
#                                    run the server under a wrapper (word-split); callgrind's
#                                    instruction counts repeat where timings do not
#   BENCH_MARKET_WRAPPER="valgrind …"  the same for the private orderdesk-market
#   BENCH_LOG_LINES=N                warning/error lines of the server log to show (default 5)
# The results go to stdout (orderdesk-bench's own output, so --json stays machine-readable).
# Progress goes to stderr: a CPU-speed calibration, the load average before and after, the
# private Redis's command counts and PostgreSQL's commit and WAL counters, and how the server
# exited.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"


if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'
    exit 2
fi
build_dir="$1"
shift
[[ -d "$build_dir" ]] || build_dir="$OD_ROOT/$build_dir"
server_bin="$build_dir/bin/orderdesk"
bench_bin="$build_dir/bin/orderdesk-bench"
[[ -x "$server_bin" ]] || od_die "no $server_bin (build the orderdesk target)"
[[ -x "$bench_bin" ]] || od_die "no $bench_bin (build the orderdesk-bench target)"

load() { cut -d' ' -f1-3 /proc/loadavg; }

server_pid=""
market_pid=""
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
    local rc=$?
    set +e
    for pid in "$server_pid" "$market_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
        fi
    done
    od_stop_servers
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
        od_log "kept $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$rc"
}
tmp="$(mktemp -d "${TMPDIR:-/tmp}/odbench.XXXXXX")"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 711 "$tmp" # the postgres user must reach its data dir inside

redis_url="${BENCH_REDIS_URL:-}"
database_url="${BENCH_DATABASE_URL:-}"

# --- private Redis and PostgreSQL (PostgreSQL durable: fsync and synchronous_commit on) -------
if [[ "$redis_url" == private ]]; then
    od_start_redis "$tmp"
    redis_url="redis://127.0.0.1:$OD_REDIS_PORT/0"
fi
if [[ "$database_url" == private ]]; then
    od_start_postgres "$tmp" orderdesk_bench fsync=on synchronous_commit=on max_connections=300
    database_url="postgresql://orderdesk@127.0.0.1:$OD_PG_PORT/orderdesk_bench"
fi

# --- the shared market (orderdesk-market) ---------------------------------------------------
market_url="${BENCH_MARKET_URL:-}"
[[ -z "$market_url" && -n "$redis_url" ]] && market_url=private
if [[ "$market_url" == private ]]; then
    market_bin="$build_dir/bin/orderdesk-market"
    [[ -x "$market_bin" ]] || od_die "no $market_bin (build the orderdesk-market target)"
    # The files exist before the polling below reads them: a background job's redirections
    # happen in the child, which may not have run yet.
    : >"$tmp/market.out"
    # shellcheck disable=SC2206 # word splitting of the wrapper is intended
    market_wrapper=(${BENCH_MARKET_WRAPPER:-})
    "${market_wrapper[@]}" "$market_bin" --listen 127.0.0.1:0 --latency-scale 0 --dex-failure-rate 0 --seed 1 \
        --data-dir "$tmp/market" >"$tmp/market.out" 2>"$tmp/market.log" &
    market_pid=$!
    market_url=""
    deadline=$((SECONDS + 30))
    while [[ -z "$market_url" ]]; do
        kill -0 "$market_pid" 2>/dev/null || { tail -n 20 "$tmp/market.log" >&2; od_die "orderdesk-market exited before listening"; }
        ((SECONDS < deadline)) || od_die "orderdesk-market did not listen within 30s"
        market_url="$(sed -n 's#^listening on \(http://[^ ]*\)$#\1#p' "$tmp/market.out" | head -n 1)"
        [[ -n "$market_url" ]] || sleep 0.1
    done
    od_log "orderdesk-market at $market_url"
fi

# --- orderdesk ------------------------------------------------------------------------------
server_args=(--no-gui --listen 127.0.0.1:0 --latency-scale 0 --rate-limit 0
    --dex-failure-rate 0 --seed 1 --client-rate-limit 0 --data-dir "$tmp/data")
[[ -n "$redis_url" ]] && server_args+=(--redis "$redis_url")
[[ -n "$market_url" ]] && server_args+=(--market "$market_url")
[[ -n "$database_url" ]] && server_args+=(--database "$database_url")
# shellcheck disable=SC2206 # word splitting of the extra options is intended
[[ -n "${BENCH_SERVER_ARGS:-}" ]] && server_args+=(${BENCH_SERVER_ARGS})

od_log "starting $server_bin ${server_args[*]}"
# Its environment must not add a Redis or database of its own.
# shellcheck disable=SC2206 # word splitting of the wrapper is intended
wrapper=(${BENCH_SERVER_WRAPPER:-})
: >"$tmp/server.out"
env -u REDIS_URL -u DATABASE_URL -u ORDERDESK_LISTEN -u ORDERDESK_MARKET_URL "${wrapper[@]}" "$server_bin" "${server_args[@]}" \
    >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!

port=""
deadline=$((SECONDS + (${#wrapper[@]} > 0 ? 120 : 30)))
while [[ -z "$port" ]]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid" && rc=0 || rc=$?
        tail -n 20 "$tmp/server.log" >&2
        od_die "orderdesk exited with $rc before listening"
    fi
    ((SECONDS < deadline)) || { tail -n 20 "$tmp/server.log" >&2; od_die "orderdesk did not listen in time"; }
    port="$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$tmp/server.out" | head -n 1)"
    [[ -n "$port" ]] || sleep 0.1
done
grep -E 'engine started|using|opened' "$tmp/server.log" | sed 's/^/    /' >&2 || true

# --- the run --------------------------------------------------------------------------------
# The private services' CPU time is reported next to the server's: they share the same cores.
aux=()
[[ -n "$OD_REDIS_PID" ]] && aux+=(--aux-pid "redis=$OD_REDIS_PID")
[[ -n "$market_pid" ]] && aux+=(--aux-pid "market=$market_pid")
[[ -f "$OD_PG_DATA/postmaster.pid" ]] && aux+=(--aux-pid "postgres=$(head -n 1 "$OD_PG_DATA/postmaster.pid")")
# The host's speed varies (shared, virtualised cores): a fixed single-core job timed right
# before the run lets runs be compared.
calibration="$( { /usr/bin/time -f %e sh -c 'head -c 200000000 /dev/zero | sha256sum >/dev/null'; } 2>&1 | tail -n 1)"
od_log "cpu calibration: sha256 of 200 MB in ${calibration}s ($(awk -v t="$calibration" 'BEGIN { if (t > 0) printf "%.0f", 200 / t }') MB/s)"
od_log "load average before: $(load)"
# Executions are counted in the market's ledger: the shared market's, or the in-process one's file.
if [[ -n "$market_url" ]]; then
    ledger=(--market-url "$market_url")
else
    ledger=(--ledger-file "$tmp/data/market-ledger.db")
fi
od_log "running $bench_bin --url http://127.0.0.1:$port --server-pid $server_pid ${aux[*]} ${ledger[*]} $*"
perf_pid=""
case "${BENCH_PERF:-}" in
stat)
    perf stat -x, -o "$tmp/perf-stat.csv" -e task-clock,context-switches,cpu-migrations \
        -e syscalls:sys_enter_clock_nanosleep,syscalls:sys_enter_nanosleep \
        -e syscalls:sys_enter_futex,syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync \
        -e syscalls:sys_enter_pwrite64,syscalls:sys_enter_write,syscalls:sys_enter_writev \
        -e syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read \
        -e syscalls:sys_enter_poll,syscalls:sys_enter_ppoll \
        -p "$server_pid" &
    perf_pid=$!
    ;;
record)
    perf record -q -F 499 -g -o "$tmp/perf.data" -p "$server_pid" 2>"$tmp/perf-record.log" &
    perf_pid=$!
    ;;
esac
[[ -n "$perf_pid" ]] && sleep 0.5 # attached before the first order
bench_rc=0
"$bench_bin" --url "http://127.0.0.1:$port" --server-pid "$server_pid" "${aux[@]}" "${ledger[@]}" "$@" || bench_rc=$?
od_log "load average after: $(load)"
if [[ -n "$perf_pid" ]]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    if [[ "$BENCH_PERF" == stat ]]; then
        od_log "perf stat of the server during the run (count,unit,event):"
        grep -v '^#' "$tmp/perf-stat.csv" | grep -v '^$' | cut -d, -f1-3 | sed 's/^/    /' >&2
    else
        od_log "perf report of the server (top symbols, self time):"
        perf report -i "$tmp/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
            grep -E '^ +[0-9]' | head -n 40 | sed 's/^/    /' >&2
        od_log "perf data: $tmp/perf.data (BENCH_KEEP=1 keeps it)"
    fi
fi

# What the private services did during the run (their counters start at zero with them).
if [[ -n "$OD_REDIS_PID" ]]; then
    od_log "redis commands (calls, usec per call):"
    redis-cli -h 127.0.0.1 -p "$OD_REDIS_PORT" info commandstats | tr -d '\r' |
        sed -n 's/^cmdstat_\([a-z|]*\):calls=\([0-9]*\),usec=[0-9]*,usec_per_call=\([0-9.]*\).*/    \1 \2 \3/p' |
        sort -k2,2nr | head -n 15 >&2
fi
if [[ -f "$OD_PG_DATA/postmaster.pid" ]]; then
    od_log "postgresql counters (transactions, rows, WAL records / writes / fsyncs):"
    "$OD_PG_BIN/psql" -h 127.0.0.1 -p "$OD_PG_PORT" -U orderdesk -d orderdesk_bench -At -F ' ' -c \
        "SELECT 'commits', xact_commit, 'rollbacks', xact_rollback, 'inserted', tup_inserted,
                'updated', tup_updated, 'fetched', tup_fetched
           FROM pg_stat_database WHERE datname = current_database()" \
        -c "SELECT 'wal_records', wal_records, 'wal_bytes', wal_bytes, 'wal_write', wal_write,
                   'wal_sync', wal_sync FROM pg_stat_wal" 2>&1 | sed 's/^/    /' >&2
fi

# --- graceful stop --------------------------------------------------------------------------
kill -TERM "$server_pid"
deadline=$((SECONDS + (${#wrapper[@]} > 0 ? 120 : 30)))
while kill -0 "$server_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then
    od_log "orderdesk did not stop within 30s of SIGTERM; killing it"
    kill -KILL "$server_pid"
fi
server_rc=0
wait "$server_pid" || server_rc=$?
server_pid=""
od_log "orderdesk exited with $server_rc; $(grep -c -E 'warning|error' "$tmp/server.log" || true) warning/error lines in its log"
grep -E 'warning|error' "$tmp/server.log" | head -n "${BENCH_LOG_LINES:-5}" | sed 's/^/    /' >&2 || true
od_log "server log: $(wc -l <"$tmp/server.log") lines, $(wc -c <"$tmp/server.log") bytes"
if [[ -n "$market_pid" ]]; then
    # Gracefully too: a wrapper such as callgrind writes its profile on a normal exit only.
    kill -TERM "$market_pid"
    deadline=$((SECONDS + (${#market_wrapper[@]} > 0 ? 120 : 30)))
    while kill -0 "$market_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    market_rc=0
    wait "$market_pid" || market_rc=$?
    market_pid=""
    od_log "orderdesk-market exited with $market_rc"
fi
exit "$bench_rc"
