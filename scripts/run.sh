#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job: install what is missing, build, and optimize the bundled example offline
# (no LLM, no key). Each call starts a new session in runs/; pass extra `phylo run` flags
# after the script name, e.g. scripts/run.sh --max-evals 60 --jobs 1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target phylo
mkdir -p runs
db="runs/matmul-cpu-$(date +%Y%m%d-%H%M%S).db"
# 30 evaluations unless the caller chose another number.
defaults=(--max-evals 30)
for arg in "$@"; do
  case "$arg" in --max-evals|--max-evals=*) defaults=() ;; esac
done
status=0
build/dev/app/phylo/phylo run examples/matmul-cpu --db "$db" --offline "${defaults[@]}" "$@" || status=$?
if [ -f "$db" ]; then
  echo
  build/dev/app/phylo/phylo show --db "$db"
  echo "Session file: $db  (phylo export --db $db --format json)"
fi
exit $status
