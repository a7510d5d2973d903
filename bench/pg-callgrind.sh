#!/usr/bin/env bash
# Run the benchmark against a private PostgreSQL 15 whose every process runs under callgrind,
# and print the instructions PostgreSQL spent, in all and per order, with the busiest backend
# (the store writer's, as a rule) and its top functions.
#
#   bench/pg-callgrind.sh BUILD_DIR OUT_DIR [ORDERS] [postgres -c options...]
#   e.g. bench/pg-callgrind.sh build /tmp/pgcg 400
#        bench/pg-callgrind.sh build /tmp/pgcg-noseq 400 enable_seqscan=off
#
# Backends are forks of the postmaster, which valgrind follows: OUT_DIR/cg/cg.PID is one per
# process, written when it exits. Instruction counts repeat where timings on this machine do
# not; under valgrind PostgreSQL bounds the run (a few orders a second), so processes that work
# by the clock weigh more in a slower run: compare the busiest backend's count first.
# Redis and the market are private and run natively; BENCH_SERVER_ARGS works as in run-bench.sh
# (default "--workers 64").
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"

if [[ $# -lt 2 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'
    exit 2
fi
build_dir="$1" out="$2" orders="${3:-400}"
shift $(($# < 3 ? $# : 3))
command -v valgrind >/dev/null || od_die "valgrind is not installed (apt-get install valgrind)"

rm -rf "$out"
mkdir -p "$out/cg" "$out/pg"
chmod 777 "$out" "$out/cg"
[[ "$(id -u)" -eq 0 ]] && chown postgres: "$out/pg"
od_as_pg "$OD_PG_BIN/initdb" -D "$out/pg" --auth=trust -U orderdesk --encoding=UTF8 --no-locale \
    >"$out/initdb.log" 2>&1 || { cat "$out/initdb.log" >&2; od_die "initdb failed"; }
port="$(od_free_port)"
options=(-c fsync=on -c synchronous_commit=on -c max_connections=300)
for option in "$@"; do options+=(-c "$option"); done
od_as_pg valgrind --tool=callgrind --callgrind-out-file="$out/cg/cg.%p" \
    "$OD_PG_BIN/postgres" -D "$out/pg" -c listen_addresses=127.0.0.1 -p "$port" -k "$out/pg" \
    "${options[@]}" >"$out/postgres.log" 2>&1 &
od_wait_until 120 postgresql "$OD_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"
"$OD_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U orderdesk bench

BENCH_DATABASE_URL="postgresql://orderdesk@127.0.0.1:$port/bench" BENCH_REDIS_URL=private \
    BENCH_SERVER_ARGS="${BENCH_SERVER_ARGS:---workers 64}" \
    "$OD_ROOT/bench/run-bench.sh" "$build_dir" --orders "$orders" --concurrency 50 \
    --source-addresses 16 --firehose --json >"$out/bench.json" 2>"$out/bench.err" ||
    od_log "the benchmark failed (see $out/bench.err)"
od_as_pg "$OD_PG_BIN/pg_ctl" -D "$out/pg" -m fast -w -t 300 stop >/dev/null

total=0 busiest=0 busiest_file=""
for file in "$out"/cg/cg.*; do
    count="$(awk '/^summary:/ {print $2; exit}' "$file")"
    total=$((total + ${count:-0}))
    if ((${count:-0} > busiest)); then busiest=$count busiest_file=$file; fi
done
echo "postgres instructions: $total in all, $((total / orders)) per order"
echo "busiest process: $busiest ($busiest_file)"
callgrind_annotate "$busiest_file" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '3,17p'
