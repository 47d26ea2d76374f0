#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs `phylo run` on examples/matmul-cpu with 30 evaluations for several seeds (--strategy evolve)
# and once with --strategy greedy, and prints a table of the best speedup each reached.
# Usage: scripts/bench-example-search.sh [SEEDS] [JOBS]   (defaults: 5 seeds, 1 job)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-5}
jobs=${2:-1}
phylo=build/dev/app/phylo/phylo
[ -x "$phylo" ] || scripts/build.sh --target phylo >/dev/null
out=${KEEP_DIR:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${KEEP_DIR:-}" ] || trap 'rm -rf "$out"' EXIT

best_of() { # db -> "speedup | genes | evaluations | first >= 1.5x | failed"
  "$phylo" export --db "$1" --format json | python3 -c '
import json, sys
nodes = json.load(sys.stdin)["nodes"]
ok = [n for n in nodes if n["status"] == "ok"]
best = max(ok, key=lambda n: n["speedup"])
first = next((n["eval_index"] + 1 for n in ok if n["speedup"] >= 1.5), "never")
failed = sum(n["status"] == "failed" for n in nodes)
print("%.2fx | %s | %d | %s | %d" % (best["speedup"], best["gene_key"], len(nodes), first, failed))'
}

echo "| strategy | seed | best speedup | best genes | evaluations | first >= 1.5x at | failed |"
echo "|---|---:|---:|---|---:|---:|---:|"
for seed in $(seq 1 "$seeds"); do
  "$phylo" run examples/matmul-cpu --db "$out/evolve-$seed.db" --max-evals 30 --jobs "$jobs" --seed "$seed" --offline \
    >/dev/null 2>&1
  echo "| evolve | $seed | $(best_of "$out/evolve-$seed.db") |"
done
"$phylo" run examples/matmul-cpu --db "$out/greedy.db" --max-evals 30 --jobs "$jobs" --seed 1 --strategy greedy --offline \
  >/dev/null 2>&1
echo "| greedy | - | $(best_of "$out/greedy.db") |"
