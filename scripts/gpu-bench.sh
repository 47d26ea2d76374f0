#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CUDA evaluator on a real GPU, in one call of the `device` tool (no Qt there, nothing to install):
#   1. phylo-gpu-info and the harness's GPU test (built there from gpu/),
#   2. the adversarial set (tests/cuda/adversarial): each cheating candidate must fail with its reason,
#      and one session holding all of them must go on past the hang and the crash,
#   3. an offline session on each workload (examples/llg, graphwave, ltsa),
#   4. evaluator noise: the best variant of each workload re-evaluated 10 times.
# It writes a markdown report to $OUT/gpu-bench.md (and the sessions' exports next to it).
# Run from the repository root with the phylo binary built elsewhere:
#   device run: PHYLO=build/dev/app/phylo/phylo scripts/gpu-bench.sh   (carry build/dev/app/phylo/phylo)
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/gpu-bench}
PHYLO=$(realpath "${PHYLO:-build/dev/app/phylo/phylo}")
EVALS=${EVALS:-40}
JOBS=${JOBS:-8}
WORKLOADS=${WORKLOADS:-llg graphwave ltsa}
PARTS=${PARTS:-info adversarial workloads}
# SESSION_TIMEOUT=N: stop each workload's session after N seconds (to fit a device call), report what it did
REPORT=$OUT/gpu-bench.md
work=$(mktemp -d /tmp/gpu-bench-XXXXXX)
mkdir -p "$OUT"
export PHYLO_BUILD_CACHE=$work/build-cache
export PHYLO_HARNESS_DIR=${PHYLO_HARNESS_DIR:-$PWD/gpu/harness}
py=scripts/gpu_bench_report.py
say() { echo "$*" | tee -a "$REPORT"; }
: > "$REPORT"

say "# GPU evaluator run $(date -u +%Y-%m-%dT%H:%MZ)"
say ""
say "\`$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)\`, $(nvcc --version | tail -2 | head -1)"
say ""

if [[ " $PARTS " == *" info "* ]]; then
  cmake -S gpu -B "$work/gpu" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null \
    && ninja -C "$work/gpu" phylo-gpu-info phylo_harness_device_checks_test >/dev/null
  "$work/gpu/phylo-gpu-info" > "$OUT/gpu-info.json" 2>&1
  say "phylo-gpu-info exit status $? (device JSON in gpu-info.json)"
  say ""
  # The GPU test of the harness (ctest harness_device_checks): device checks against host checks.
  "$work/gpu/phylo_harness_device_checks_test" > "$work/device-checks.txt" 2>&1
  say "harness device checks test: exit status $? ($(tail -1 "$work/device-checks.txt"))"
  say ""
fi

if [[ " $PARTS " == *" adversarial "* ]]; then
  say "## Adversarial set"
  say ""
  say "| case | expected | got | caught |"
  say "|---|---|---|---|"
  adv=tests/cuda/adversarial
  caught=0; total=0
  # One session per case: the case's kernel is the baseline, so the memcheck before promotion applies too.
  while IFS=$'\t' read -r name expected; do
    [ -z "$name" ] && continue
    dir=$work/adv/$name
    mkdir -p "$dir" && cp "$adv"/*.cu "$adv"/*.h "$adv"/phylo.toml "$dir"/ && cp "$adv/kernels/$name.cu" "$dir/kernel.cu"
    "$PHYLO" run "$dir" --db "$dir.db" --max-evals 1 --jobs 1 --seed 1 --offline > "$dir.log" 2>&1
    got=$("$PHYLO" export --db "$dir.db" | python3 $py reason /dev/stdin)
    total=$((total + 1))
    if [ "$got" = "$expected" ]; then ok=yes; caught=$((caught + 1)); else ok=NO; fi
    say "| $name | $expected | $got | $ok |"
  done < "$adv/expected.txt"
  say ""
  say "$caught of $total cases ended as expected."
  say ""
  # All cases as the values of one idea in one session: the session must go on past each of them.
  dir=$work/adv/all
  mkdir -p "$dir" && cp -r "$adv"/*.cu "$adv"/*.h "$adv"/kernels "$dir"/
  values=$(cut -f1 "$adv/expected.txt" | grep -v '^honest$' | sed 's/.*/"&"/' | paste -sd, -)
  sed -e '/^exclude/d' -e 's/-I{harness}/-I. -I{harness}/' -e '/^\[\[idea\]\]/,$d' "$adv/phylo.toml" > "$dir/phylo.toml"
  printf '\n[[idea]]\nname = "variant"\nvalues = [%s]\n' "$values" >> "$dir/phylo.toml"
  printf '#define PHYLO_STR2(x) #x\n#define PHYLO_STR(x) PHYLO_STR2(kernels/x.cu)\n#ifdef VARIANT\n#include PHYLO_STR(VARIANT)\n#else\n#include "kernels/honest.cu"\n#endif\n' > "$dir/kernel.cu"
  "$PHYLO" run "$dir" --db "$dir.db" --max-evals 20 --jobs "$JOBS" --seed 1 --strategy greedy --offline > "$dir.log" 2>&1
  say "One session with every case as a value of one idea: exit status $? ($(tail -1 "$dir.log"))"
  say ""
  say '```'
  "$PHYLO" show --db "$dir.db" | tee -a "$REPORT"
  say '```'
  "$PHYLO" export --db "$dir.db" > "$OUT/adversarial-session.json"
fi

if [[ " $PARTS " == *" workloads "* ]]; then
  say "## Workloads ($EVALS evaluations each, --jobs $JOBS, offline)"
  say ""
  say "| workload | device | baseline ms | best ms | speedup | % of roofline floor | evaluator overhead (median) | build cache hits | evaluations | best genes |"
  say "|---|---|---:|---:|---:|---:|---:|---:|---|---|"
  stages=""
  for w in $WORKLOADS; do
    [[ " $PARTS " == *" noise-only "* ]] && continue
    start=$(date +%s)
    # SESSION_TIMEOUT (seconds): stop the session there and report what it evaluated (the session file keeps
    # every finished evaluation; `phylo run` on it again would resume).
    ${SESSION_TIMEOUT:+timeout "$SESSION_TIMEOUT"} "$PHYLO" run "examples/$w" --db "$work/$w.db" --max-evals "$EVALS" \
      --jobs "$JOBS" --seed 1 --offline > "$work/$w.log" 2>&1
    status=$?; stopped=""; [ "$status" = 124 ] && stopped=", stopped at SESSION_TIMEOUT"
    "$PHYLO" export --db "$work/$w.db" --logs > "$work/$w.json"
    say "$(python3 $py session "$w ($(( $(date +%s) - start )) s$stopped)" "$work/$w.json")"
    stages="$stages- $w: $(python3 $py stages "$work/$w.json")"$'\n'
  done
  say ""
  [ -n "$stages" ] && { say "Where the sessions' time went (step seconds summed over parallel evaluations):"; say ""; say "$stages"; }
  say "Evaluator noise: the best variant of each workload rebuilt and re-evaluated 10 times (each a full harness run):"
  say ""
  for w in $WORKLOADS; do
    if [ -f "$work/$w.json" ]; then
      flags=$(python3 $py defines "$work/$w.json" 2>/dev/null) || continue
    else
      flags=$(printenv "FLAGS_$w") || continue # PARTS=noise: the flags to re-evaluate, e.g. FLAGS_llg="-DFAST_MATH=1"
    fi
    dir=$work/noise-$w
    cp -r "examples/$w" "$dir"
    cmd=$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["build"]["command"])' "$dir/phylo.toml")
    cmd=${cmd//\{defines\}/$flags}; cmd=${cmd//\{bin\}/$dir/bin}; cmd=${cmd//\{harness\}/$PWD/gpu/harness}; cmd=${cmd//\{dir\}/$dir}
    (cd "$dir" && eval "$cmd") > "$dir/build.log" 2>&1 || { say "- $w: rebuild failed"; continue; }
    # The same candidate on the same inputs (seed) 10 times: what varies is the measurement, not the work.
    for i in $(seq 1 10); do (cd "$dir" && PHYLO_SEED=7 ./bin > "$dir/run$i.out" 2>/dev/null); done
    say "- $w ($flags): $(python3 $py noise "$dir"/run*.out)"
  done
  cp "$work"/*.json "$OUT"/ 2>/dev/null
fi
echo "report: $REPORT"
