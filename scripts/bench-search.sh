#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Search efficiency: `phylo run --strategy evolve` over many seeds against `--strategy greedy` on a
# synthetic target whose metric is a known function of 5 ideas (72 settings) with two synergies
# (scripts/search-bench-target). Prints a markdown summary.
# Usage: scripts/bench-search.sh [SEEDS] [MAX_EVALS]    (defaults: 20 seeds, 40 evaluations)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-20}
evals=${2:-40}
phylo=build/dev/app/phylo/phylo
[ -x "$phylo" ] || scripts/build.sh --target phylo >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in $(seq 1 "$seeds"); do
  "$phylo" run scripts/search-bench-target --db "$work/evolve-$s.db" --max-evals "$evals" --jobs 1 --seed "$s" --offline >/dev/null 2>&1
  "$phylo" export --db "$work/evolve-$s.db" > "$work/evolve-$s.json"
  "$phylo" run scripts/search-bench-target --db "$work/greedy-$s.db" --max-evals "$evals" --jobs 1 --seed "$s" --strategy greedy --offline >/dev/null 2>&1
  "$phylo" export --db "$work/greedy-$s.db" > "$work/greedy-$s.json"
done
python3 - "$work" "$seeds" "$evals" <<'PY'
import json, statistics, sys
work, seeds, evals = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
OPTIMUM, GREEDY_END = 46, 69
def load(kind, s):
    return json.load(open(f"{work}/{kind}-{s}.json"))["nodes"]
def first_at(nodes, bound):
    for n in nodes:
        if n["status"] == "ok" and n["metric"] <= bound:
            return n["eval_index"] + 1
    return None
def has(n, *pairs):
    return all(n["genes"].get(k) == v for k, v in pairs)
rows = []
for kind in ("evolve", "greedy"):
    to_opt, to_greedy, finals, used, syn1, syn2 = [], [], [], [], 0, 0
    for s in range(1, seeds + 1):
        nodes = load(kind, s)
        ok = [n for n in nodes if n["status"] == "ok"]
        best = min(ok, key=lambda n: n["metric"])
        to_opt.append(first_at(nodes, OPTIMUM * 1.05))
        to_greedy.append(first_at(nodes, GREEDY_END))
        finals.append(best["metric"])
        used.append(len(nodes))
        syn1 += has(best, ("a", "on"), ("b", "on"))
        syn2 += has(best, ("c", "on"), ("d", "1"))
    def med(xs):
        reached = [x for x in xs if x is not None]
        return (f"{statistics.median(reached):.1f}" if len(reached) == len(xs) else
                f"{statistics.median(reached):.1f} ({len(xs) - len(reached)} never)" if reached else "never")
    rows.append((kind, med(to_greedy), med(to_opt), statistics.median(finals), sum(f == OPTIMUM for f in finals),
                 statistics.median(used), syn1, syn2))
print(f"{seeds} seeds, at most {evals} evaluations each; optimum time 46 (a, b, c, d=1, e=x); greedy's end point 69.\n")
print("| strategy | evals to reach 69 (median) | evals to within 5% of optimum (median) | final best (median) | seeds at optimum | evaluations used (median) | seeds whose best has a+b | seeds whose best has c+d=1 (harmful-alone synergy) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:g} | {r[4]}/{seeds} | {r[5]:g} | {r[6]}/{seeds} | {r[7]}/{seeds} |")
PY
