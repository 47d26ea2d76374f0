#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Scale-out benchmark of the evaluation backends (docs/target-format.md, [backend]).
#   scripts/bench-scale.sh slurm   a single-node SLURM cluster on this host (tests/slurm/slurm_cluster.sh, root):
#                                  evaluations per minute with 1, 2 and 4 concurrent jobs, SLURM against the local
#                                  backend, on examples/matmul-cpu, and the scheduler's overhead per evaluation;
#                                  writes docs/benchmarks/scale.md
#   scripts/bench-scale.sh gpus    on a host with NVIDIA GPUs: the local-gpus backend on one GPU against all of
#                                  them, on a CUDA example; writes docs/benchmarks/scale-gpus.md
#   scripts/bench-scale.sh         slurm, then gpus when nvidia-smi lists a GPU
# Needs only `phylo` (no Qt): PHYLO=path/to/phylo, else it is built in build/bench-scale without the app.
# Environment: EVALS (evaluations per session, default 16), GPU_EXAMPLE (default examples/llg),
# GPU_EVALS (default 24), OUT_DIR (default docs/benchmarks), POLL_S (SLURM poll interval, default 0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
parts=${1:-auto}
EVALS=${EVALS:-16}
GPU_EVALS=${GPU_EVALS:-24}
GPU_EXAMPLE=${GPU_EXAMPLE:-examples/llg}
OUT_DIR=${OUT_DIR:-docs/benchmarks}
POLL_S=${POLL_S:-0.5}
work=$(mktemp -d /tmp/bench-scale-XXXXXX)
export PHYLO_BUILD_CACHE=$work/build-cache
export PHYLO_HARNESS_DIR=${PHYLO_HARNESS_DIR:-$root/gpu/harness}
mkdir -p "$OUT_DIR"

if [ -z "${PHYLO:-}" ]; then
  cmake -S . -B build/bench-scale -G Ninja -DCMAKE_BUILD_TYPE=Release -DPHYLO_BUILD_GUI=OFF -DPHYLO_BUILD_TESTS=OFF \
    -DPHYLO_BUILD_GPU=OFF >/dev/null
  ninja -C build/bench-scale phylo >/dev/null
  PHYLO=build/bench-scale/app/phylo/phylo
fi
PHYLO=$(realpath "$PHYLO")

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; } # arithmetic without bc
have_gpus() { command -v nvidia-smi >/dev/null && [ "$(nvidia-smi -L 2>/dev/null | grep -c '^GPU')" -gt 0 ]; }

# One offline session: TARGET DB BACKEND JOBS EVALS; prints its wall time in seconds.
session() {
  local start end
  start=$(now)
  "$PHYLO" run "$1" --db "$2" --offline --seed 5 --backend "$3" --jobs "$4" --max-evals "$5" >"$2.log" 2>&1 \
    || { echo "phylo run failed, see $2.log" >&2; tail -5 "$2.log" >&2; exit 1; }
  end=$(now)
  calc "$end - $start"
}

# Mean seconds per evaluation (started to finished) over the session's evaluated nodes.
mean_eval_s() {
  "$PHYLO" export --db "$1" | python3 -c '
import json, sys
nodes = [n for n in json.load(sys.stdin)["nodes"] if n["started_at"] and n["finished_at"]]
print(sum(n["finished_at"] - n["started_at"] for n in nodes) / len(nodes))'
}

evals_done() {
  "$PHYLO" export --db "$1" | python3 -c '
import json, sys
print(sum(1 for n in json.load(sys.stdin)["nodes"] if n["status"] in ("ok", "failed")))'
}

per_minute() { printf '%.1f' "$(calc "$1 * 60 / $2")"; }

bench_slurm() {
  local cluster=$work/cluster report=$OUT_DIR/scale.md target=$root/examples/matmul-cpu
  PHYLO_SLURMCTLD_PORT=6947 PHYLO_SLURMD_PORT=6948 tests/slurm/slurm_cluster.sh start "$cluster"
  trap 'tests/slurm/slurm_cluster.sh stop "'"$cluster"'"' EXIT
  export SLURM_CONF=$cluster/slurm.conf
  cat >"$work/backend.toml" <<TOML
[backend]
shared_dir = "$work/shared"
poll_s = $POLL_S
TOML
  export PHYLO_BACKEND_CONFIG=$work/backend.toml
  # Warm the build cache: both backends build here, so the comparison is of the evaluations.
  session "$target" "$work/warm.db" local 2 "$EVALS" >/dev/null
  {
    echo "# Scale-out: the SLURM backend on a single-node cluster"
    echo
    echo "\`scripts/bench-scale.sh slurm\`, $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "$(sinfo --version), one node with 4 job slots (tests/slurm/slurm_cluster.sh: select/cons_tres, proctrack/linuxproc,"
    echo "SchedulerParameters=sched_interval=1), \`poll_s = $POLL_S\`. Offline sessions on examples/matmul-cpu, seed 5,"
    echo "$EVALS evaluations each (build, check, 5 timed runs of a 600³ matmul), builds from a warm build cache."
    echo
    echo "| concurrent jobs | local: evals/min | SLURM: evals/min | SLURM / local | local: s per eval | SLURM: s per eval |"
    echo "|---|---|---|---|---|---|"
  } >"$report"
  local j tl ts el es nl ns overhead=""
  for j in 1 2 4; do
    tl=$(session "$target" "$work/local-$j.db" local "$j" "$EVALS")
    ts=$(session "$target" "$work/slurm-$j.db" slurm "$j" "$EVALS")
    nl=$(evals_done "$work/local-$j.db")
    ns=$(evals_done "$work/slurm-$j.db")
    el=$(mean_eval_s "$work/local-$j.db")
    es=$(mean_eval_s "$work/slurm-$j.db")
    [ "$j" = 1 ] && overhead=$(calc "$es - $el")
    printf '| %s | %s | %s | %.2f | %.2f | %.2f |\n' "$j" "$(per_minute "$nl" "$tl")" "$(per_minute "$ns" "$ts")" \
      "$(calc "($ns / $ts) / ($nl / $tl)")" "$el" "$es" >>"$report"
  done
  {
    echo
    printf 'Scheduler overhead per evaluation (1 job at a time: mean evaluation time through SLURM minus local): **%.2f s**\n' "$overhead"
    echo "(sbatch, the scheduler's start of the job, \`phylo job-exec\` starting in it, and the poll interval until"
    echo "the result is seen; the build is the same on both sides)."
    echo
    echo "\"s per eval\" is one evaluation's time from start to result; evals/min is the session's evaluations over"
    echo "its wall time (the baseline runs alone first). 4 jobs on $(nproc) cores oversubscribe the CPU on both"
    echo "backends alike, so the timed runs slow down and throughput stops growing there."
    echo
    echo "The local multi-GPU comparison (one GPU against all of a host's) is \`scripts/bench-scale.sh gpus\` on a GPU"
    echo "host: it writes docs/benchmarks/scale-gpus.md."
  } >>"$report"
  echo "wrote $report"
}

bench_gpus() {
  local report=$OUT_DIR/scale-gpus.md target=$root/$GPU_EXAMPLE count first
  count=$(nvidia-smi -L | grep -c '^GPU')
  first=$(nvidia-smi --query-gpu=index --format=csv,noheader | head -1)
  printf '[backend]\nkind = "local-gpus"\ndevices = ["%s"]\n' "$first" >"$work/one-gpu.toml"
  printf '[backend]\nkind = "local-gpus"\n' >"$work/all-gpus.toml"
  PHYLO_BACKEND_CONFIG=$work/all-gpus.toml session "$target" "$work/warm-gpu.db" local-gpus "$(nproc)" "$GPU_EVALS" >/dev/null
  local t1 ta n1 na
  echo "warm session done" >&2
  ta=$(PHYLO_BACKEND_CONFIG=$work/all-gpus.toml session "$target" "$work/all.db" local-gpus $((2 * count)) "$GPU_EVALS")
  na=$(evals_done "$work/all.db")
  echo "all $count GPUs: $na evaluations in $ta s" >&2
  t1=$(PHYLO_BACKEND_CONFIG=$work/one-gpu.toml session "$target" "$work/one.db" local-gpus $((2 * count)) "$GPU_EVALS")
  n1=$(evals_done "$work/one.db")
  echo "1 GPU: $n1 evaluations in $t1 s" >&2
  {
    echo "# Scale-out: the local-gpus backend, one GPU against all"
    echo
    echo "\`scripts/bench-scale.sh gpus\`, $(date -u +%Y-%m-%d), $count × $(nvidia-smi --query-gpu=name --format=csv,noheader | head -1),"
    echo "offline sessions on $GPU_EXAMPLE, seed 5, $GPU_EVALS evaluations, --jobs $((2 * count)), builds from a warm cache."
    echo
    echo "| GPUs | evals/min | s per eval |"
    echo "|---|---|---|"
    printf '| 1 | %s | %.2f |\n' "$(per_minute "$n1" "$t1")" "$(mean_eval_s "$work/one.db")"
    printf '| %s | %s | %.2f |\n' "$count" "$(per_minute "$na" "$ta")" "$(mean_eval_s "$work/all.db")"
    echo
    printf 'Speed-up with all GPUs: **%.2fx**.\n' "$(calc "($na / $ta) / ($n1 / $t1)")"
  } >"$report"
  echo "wrote $report"
}

case "$parts" in
  slurm) bench_slurm ;;
  gpus) bench_gpus ;;
  auto) bench_slurm; if have_gpus; then bench_gpus; fi ;;
  *) echo "usage: scripts/bench-scale.sh [slurm|gpus]" >&2; exit 2 ;;
esac
