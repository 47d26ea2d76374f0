#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds, checks and times hand-picked variants of one CUDA example in one call of the `device` tool,
# outside any session: for exploring a workload's ideas before a session searches them.
#   scripts/gpu-variants.sh WORKLOAD VARIANTS_FILE     (one line of -D flags per variant; "-" = baseline)
# Builds run in parallel; each check (fresh PHYLO_SEED) and timed run (TRIALS trials) one at a time.
# Prints a table: flags, check, median ms, % of the datasheet and of the measured copy bandwidth floor.
# NCU="2 9": also profile those variants' kernels (by line number) with Nsight Compute, where ncu is present
# (NCU_KERNEL: the kernel name filter, default every kernel of the example; summaries in $OUT/ncu-vN.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
w=$1; variants=$2
OUT=${OUT:-/tmp/gpu-variants}; TRIALS=${TRIALS:-60}
work=$(mktemp -d /tmp/gpu-variants-XXXXXX)
mkdir -p "$OUT"
harness=$PWD/gpu/harness
nvcc -O2 -o "$work/copy-bandwidth" scripts/copy-bandwidth.cu && "$work/copy-bandwidth" > "$work/copy.json"
copy_gbps=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["copy_gbps"])' "$work/copy.json" 2>/dev/null || echo 0)
cmd=$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["build"]["command"])' "examples/$w/phylo.toml")
i=0
while IFS= read -r flags; do
  [ -z "$flags" ] && continue
  i=$((i + 1)); dir=$work/v$i
  cp -r "examples/$w" "$dir"
  [ "$flags" = "-" ] && flags=""
  echo "$flags" > "$dir/flags"
  c=${cmd//\{defines\}/$flags}; c=${c//\{bin\}/$dir/bin}; c=${c//\{harness\}/$harness}; c=${c//\{dir\}/$dir}
  echo "cd '$dir' && $c > build.log 2>&1" > "$dir/build.sh"
done < "$variants"
ls -d "$work"/v* | xargs -P "$(nproc)" -I{} bash {}/build.sh
printf '| variant | check | median ms | %% of datasheet floor | %% of copy floor (%s GB/s) |\n|---|---|---:|---:|---:|\n' "$copy_gbps" | tee "$OUT/variants-$w.md"
for dir in $(ls -d "$work"/v* | sort -V); do
  flags=$(cat "$dir/flags"); [ -z "$flags" ] && flags=baseline
  if [ ! -x "$dir/bin" ]; then echo "| $flags | build failed: $(grep -m1 error "$dir/build.log") | | | |" | tee -a "$OUT/variants-$w.md"; continue; fi
  (cd "$dir" && PHYLO_SEED=$RANDOM timeout 120 ./bin --check > check.out 2>&1); check=$?
  (cd "$dir" && PHYLO_SEED=$RANDOM timeout 120 ./bin --trials "$TRIALS" > run.out 2>&1)
  python3 - "$dir/run.out" "$flags" "$check" "$copy_gbps" <<'PY' | tee -a "$OUT/variants-$w.md"
import json, statistics, sys
path, flags, check, copy = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
rep = None
for line in reversed(open(path).read().splitlines()):
    if '"phylo_harness"' in line:
        rep = json.loads(line); break
if not rep or not rep.get("samples_ms"):
    print(f"| {flags} | {'ok' if check == '0' else 'FAILED ' + check} | no samples | | |"); sys.exit()
med = statistics.median(rep["samples_ms"])
b = rep.get("bytes_moved", 0); peak = rep.get("device", {}).get("peak_gbps", 0)
pct = lambda gbps: f"{100 * b / (gbps * 1e9) * 1e3 / med:.0f}%" if b and gbps else "-"
print(f"| {flags} | {'ok' if check == '0' else 'FAILED ' + check} | {med:.4f} | {pct(peak)} | {pct(copy)} |")
PY
  cp "$dir/check.out" "$OUT/check-v${dir##*/v}.out"; cp "$dir/build.log" "$OUT/build-v${dir##*/v}.log"
done
for n in ${NCU:-}; do
  command -v ncu >/dev/null || { echo "ncu not found: no profiles"; break; }
  dir=$work/v$n; [ -x "$dir/bin" ] || continue
  what="--section SpeedOfLight --section Occupancy --section LaunchStats --section SchedulerStats"
  what="$what --section WarpStateStats --section MemoryWorkloadAnalysis"
  [ -n "${NCU_METRICS:-}" ] && what="--metrics $NCU_METRICS" # e.g. smsp__inst_executed.sum,gpu__time_duration.sum
  (cd "$dir" && PHYLO_SEED=1 timeout 300 ncu ${NCU_KERNEL:+-k "$NCU_KERNEL"} -c 1 $what ./bin --trials 1 \
    > "$OUT/ncu-v$n.txt" 2>&1)
  [ -n "${NCU_METRICS:-}" ] && grep -E "^\s+[a-z_]+__" "$OUT/ncu-v$n.txt"
  echo "ncu v$n ($(cat "$dir/flags")): exit $?, $OUT/ncu-v$n.txt"
done
