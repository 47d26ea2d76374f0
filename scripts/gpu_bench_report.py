#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Summarizes GPU sessions for docs/benchmarks/gpu.md.

  gpu_bench_report.py session WORKLOAD EXPORT.json        -> one markdown table row
  gpu_bench_report.py defines EXPORT.json                  -> the best node's -D flags
  gpu_bench_report.py noise RUN1.out RUN2.out ...          -> CV of the medians of re-evaluations
  gpu_bench_report.py reason EXPORT.json                   -> the first node's status or failure reason
  gpu_bench_report.py stages EXPORT.json                   -> where a session's time went, step by step
"""
import json
import re
import statistics
import sys


def harness_line(log):
    for line in reversed(log.splitlines()):
        if '"phylo_harness"' in line:
            try:
                return json.loads(line)
            except ValueError:
                pass
    return None


def step_times(log):
    """(step label, seconds) for each step the evaluator's log records; the wait for a GPU is "GPU wait"."""
    label = None
    for line in log.splitlines():
        m = re.match(r"\$ ([^:]+):", line)
        if m:
            label = m.group(1)
        m = re.search(r" in ([0-9.]+) s\]$", line)
        if m and label:
            yield label, float(m.group(1))
        m = re.match(r"# waited ([0-9.]+) s for a GPU", line)
        if m:
            yield "GPU wait", float(m.group(1))


def step_seconds(log):
    """(build, other steps, gpu wait) seconds from the evaluator's log lines."""
    build = other = wait = 0.0
    for label, seconds in step_times(log):
        if label == "GPU wait":
            wait += seconds
        elif label == "build":
            build += seconds
        else:
            other += seconds
    return build, other, wait


def session_row(name, path):
    data = json.load(open(path))
    nodes = data["nodes"]
    ok = [n for n in nodes if n["status"] == "ok"]
    base = next(n for n in nodes if n["op"] == "baseline")
    if not ok or base["status"] != "ok":
        return f"| {name} | - | baseline {base['status']}: {base['failure_reason']} {base['failure_detail'][:80]} |"
    best = max(ok, key=lambda n: n["speedup"])
    report = harness_line(best.get("log", "")) or {}
    device = report.get("device", {})
    floor_ms = 0.0
    if report.get("bytes_moved") and device.get("peak_gbps"):
        floor_ms = report["bytes_moved"] / (device["peak_gbps"] * 1e9) * 1e3
    roof = f"{100 * floor_ms / best['metric']:.0f}%" if floor_ms else "-"
    overheads = []
    for n in nodes:
        if n["status"] in ("ok", "failed") and n.get("started_at") and n.get("finished_at"):
            build, other, wait = step_seconds(n.get("log", ""))
            overheads.append(max(0.0, (n["finished_at"] - n["started_at"]) - build - other - wait))
    cached = sum(1 for n in nodes if n.get("build_cached"))
    failed = sum(1 for n in nodes if n["status"] == "failed")
    reasons = {}
    for n in nodes:
        if n["status"] == "failed":
            reasons[n["failure_reason"]] = reasons.get(n["failure_reason"], 0) + 1
    reason_text = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) or "-"
    return (f"| {name} | {device.get('name', '?')} | {base['metric']:.4f} | {best['metric']:.4f} | {best['speedup']:.2f}x"
            f" | {roof} | {statistics.median(overheads) * 1000 if overheads else 0:.0f} ms"
            f" | {cached}/{len(nodes)} | {len(nodes)} ({failed} failed: {reason_text}) | {best['gene_key']} |")


def best_defines(path):
    data = json.load(open(path))
    ok = [n for n in data["nodes"] if n["status"] == "ok"]
    best = max(ok, key=lambda n: n["speedup"])
    flags = []
    for name, value in best["genes"].items():
        flags.append(f"-D{name.upper()}={'1' if value == 'on' else value}")
    return " ".join(flags)


def noise(paths):
    medians = []
    for path in paths:
        report = harness_line(open(path).read())
        if report and report.get("ok"):
            medians.append(statistics.median(report["samples_ms"]))
    if len(medians) < 2:
        return "n/a"
    cv = statistics.stdev(medians) / statistics.mean(medians)
    return f"{100 * cv:.2f}% CV over {len(medians)} re-evaluations (median {statistics.median(medians):.4f} ms)"


def stages(path):
    """Seconds per evaluator step (build, check, run, memcheck, ...) summed over the session, and its span."""
    nodes = json.load(open(path))["nodes"]
    times = {}
    for n in nodes:
        for label, seconds in step_times(n.get("log", "")):
            times.setdefault(label, []).append(seconds)
    spans = [(n["started_at"], n["finished_at"]) for n in nodes if n.get("started_at") and n.get("finished_at")]
    span = max(t[1] for t in spans) - min(t[0] for t in spans) if spans else 0.0
    parts = [f"{k} {sum(v):.0f} s ({len(v)}x, longest {max(v):.1f} s)" for k, v in sorted(times.items(), key=lambda kv: -sum(kv[1]))]
    gens = len({n.get("generation") for n in nodes})
    return f"{len(nodes)} evaluations in {gens} generations over {span:.0f} s: " + "; ".join(parts)


def first_reason(path):
    nodes = json.load(open(path))["nodes"]
    n = nodes[0]
    return "ok" if n["status"] == "ok" else (n["failure_reason"] or n["status"])


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "session":
        print(session_row(sys.argv[2], sys.argv[3]))
    elif cmd == "defines":
        print(best_defines(sys.argv[2]))
    elif cmd == "noise":
        print(noise(sys.argv[2:]))
    elif cmd == "stages":
        print(stages(sys.argv[2]))
    elif cmd == "reason":
        print(first_reason(sys.argv[2]))
