#!/usr/bin/env python3
"""Print a Markdown table of orderdesk-bench --json results: python3 summarize.py FILE.json..."""
import json
import sys


def row(path):
    with open(path) as f:
        r = json.load(f)
    s = r["settings"]
    server = r.get("server", {})
    cpu = server.get("cpu", {})
    threads = {g["name"]: g for g in cpu.get("threadGroups", [])}
    main = threads.get("orderdesk", {})
    aux = r.get("auxCpuSec", {})
    wall = r.get("wallSec") or 1
    aux_cores = " ".join(f"{k} {v / wall:.2f}" for k, v in sorted(aux.items()))
    errors = r["httpErrors"] + r["streamsLost"]
    return [
        r["label"],
        "fire" if s["streams"].startswith("firehose") else "per-order",
        "open" if s["loop"].startswith("open") else "closed",
        str(s["concurrency"]),
        f'{r["finished"]}/{s["orders"]}',
        f'{r["ordersPerSec"]:.0f}',
        f'{r["submitToConfirmedMs"]["p50"]:.0f}',
        f'{r["submitToConfirmedMs"]["p99"]:.0f}',
        f'{r["submitToConfirmedMs"]["max"]:.0f}',
        f'{r["eventDeliveryMs"]["p99"]:.0f}' if r["eventDeliveryMs"]["count"] else "n/a",
        f'{r["submitToAcceptedMs"]["p50"]:.0f}',
        str(errors),
        f'{server.get("peakRssKb", 0) / 1024:.0f}',
        f'{cpu.get("cores", 0):.2f}',
        f'{100 * main.get("busiestThreadUtilization", 0):.0f}%',
        aux_cores or "-",
        f'{r["clientCpuSec"] / wall:.2f}',
        f'{server.get("cpuMsPerOrder", 0):.2f}',
        f'{max(0.0, r.get("machineCores", 0) - cpu.get("cores", 0) - sum(aux.values()) / wall - r["clientCpuSec"] / wall):.2f}',
        r.get("loadAvgBefore", "").split(" ")[0],
    ]


HEAD = ["run", "streams", "loop", "conc", "done", "orders/s", "p50 ms", "p99 ms", "max ms",
        "event p99 ms", "201 p50 ms", "errors", "peak RSS MiB", "server cores",
        "main thread", "other cores", "bench cores", "server CPU ms/order", "others' cores", "load1 before"]

rows = []
for path in sys.argv[1:]:
    try:
        rows.append(row(path))
    except (OSError, ValueError, KeyError) as error:
        print(f"skipping {path}: {error}", file=sys.stderr)
print("| " + " | ".join(HEAD) + " |")
print("|" + "---|" * len(HEAD))
for r in rows:
    print("| " + " | ".join(r) + " |")
