#!/usr/bin/env bash
# Run bench/run-bench.sh over a matrix of settings and keep each result as JSON in OUT_DIR,
# then print a Markdown table of them (bench/summarize.py).
#
#   bench/run-matrix.sh BUILD_DIR OUT_DIR BACKEND [ORDERS]
#   BACKEND: sqlite (embedded defaults), pg (PostgreSQL + in-process queue),
#            redis-pg (Redis + PostgreSQL); private servers are started for pg / redis-pg.
# Environment: BENCH_CONCURRENCY="10 50 200", BENCH_WORKERS="10 64", BENCH_SOURCES=16,
#              BENCH_EXTRA="per-order firehose" (stream modes), BENCH_PIPELINE=1 (also an
#              open-loop run per workers value), BENCH_WAIT_QUIET=SECONDS (before each run, wait
#              up to that long for no compiler on the machine and a 1-minute load below 1.5).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 3 ]] || { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'; exit 2; }
build_dir="$1" out="$2" backend="$3" orders="${4:-2000}"
mkdir -p "$out"

case "$backend" in
sqlite) unset BENCH_REDIS_URL BENCH_DATABASE_URL ;;
pg) export BENCH_DATABASE_URL=private; unset BENCH_REDIS_URL ;;
redis-pg) export BENCH_DATABASE_URL=private BENCH_REDIS_URL=private ;;
*) echo "unknown backend $backend" >&2; exit 2 ;;
esac

sources="${BENCH_SOURCES:-16}"

# The cores are shared with other people's builds: measure when they are quiet if possible.
wait_quiet() {
    local deadline=$((SECONDS + ${BENCH_WAIT_QUIET:-0}))
    while ((SECONDS < deadline)); do
        if ! pgrep -x cc1plus >/dev/null && ! pgrep -x moc >/dev/null && ! pgrep -x ninja >/dev/null &&
            awk '{ exit !($1 < 1.5) }' /proc/loadavg; then
            return
        fi
        sleep 5
    done
}
for workers in ${BENCH_WORKERS:-10 64}; do
    for streams in ${BENCH_EXTRA:-per-order firehose}; do
        for c in ${BENCH_CONCURRENCY:-10 50 200}; do
            flags=()
            [[ "$streams" == firehose ]] && flags+=(--firehose)
            name="$backend-w$workers-c$c-$streams"
            wait_quiet
            echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
            BENCH_SERVER_ARGS="--workers $workers" "$here/run-bench.sh" "$build_dir" \
                --orders "$orders" --concurrency "$c" --source-addresses "$sources" \
                --json --label "$name" "${flags[@]}" >"$out/$name.json" 2>"$out/$name.log" ||
                echo "   exit $? (see $out/$name.log)" >&2
        done
    done
    if [[ "${BENCH_PIPELINE:-1}" == 1 ]]; then
        name="$backend-w$workers-c50-firehose-pipeline"
        wait_quiet
        echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        BENCH_SERVER_ARGS="--workers $workers" "$here/run-bench.sh" "$build_dir" \
            --orders "$orders" --concurrency 50 --source-addresses "$sources" --firehose \
            --pipeline --json --label "$name" >"$out/$name.json" 2>"$out/$name.log" ||
            echo "   exit $? (see $out/$name.log)" >&2
    fi
done
python3 "$here/summarize.py" "$out"/"$backend"-*.json
